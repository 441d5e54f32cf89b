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
		if (state === undefined) state = create();
		setMostRecent(states, trigger, state, maxTriggers);
		return state;
	};
}

/**
 * Sets `key` as the most recent entry of `map` (a Map keeps insertion order, so its first key is
 * the least recent), then drops the least recent entries beyond `max`.
 */
export function setMostRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > max) map.delete(map.keys().next().value!);
}
