/**
 * State a trigger keeps in this n8n process (its deduplication window, its cameras' cooldowns):
 * deliveries that overlap in time all see it at once, which static data (loaded and saved whole
 * for each request) cannot give. At most `maxTriggers` triggers keep it; the least recently used
 * goes first, and its static data still holds what it had.
 */
export function inProcessState<T>(maxTriggers: number, create: () => T): (trigger: string) => T {
	const states = new Map<string, T>();
	return (trigger) => {
		let state = states.get(trigger);
		if (state === undefined) {
			state = create();
			if (states.size >= maxTriggers) states.delete(states.keys().next().value!);
		} else {
			states.delete(trigger);
		}
		// Set last: a Map keeps insertion order, so the first key is the least recently used.
		states.set(trigger, state);
		return state;
	};
}
