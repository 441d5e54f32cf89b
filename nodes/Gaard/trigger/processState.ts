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

/**
 * How often, at most, a trigger writes what it keeps in this process into the workflow's static
 * data. n8n writes the static data to its database after every request that changed it, and under
 * load that write, not the trigger's own work, is what a delivery costs most (BENCHMARKS.md,
 * section 1). In between, this process holds the state, and the next delivery after the interval
 * writes all of it. So a restart, or another n8n process, misses the state of the deliveries
 * since the last write: about a second's while deliveries keep coming, and the last of a burst
 * until the next delivery. One delivery after a quiet second is written at once, as before.
 */
export const STATIC_DATA_WRITE_INTERVAL_MS = 1_000;

/** When a trigger's state was last written into its static data (ms since the epoch). */
interface WrittenAt {
	writtenAt: number;
}

// Stryker disable next-line ObjectLiteral: an undefined time compares false as -Infinity does here, so the first write is due either way.
export const neverWritten = (): WrittenAt => ({ writtenAt: Number.NEGATIVE_INFINITY });

/**
 * Whether a write into the static data is due at `now` (the last one is an interval old, or the
 * clock went back); a due write counts as made.
 */
export function claimStaticDataWrite(state: WrittenAt, now: number): boolean {
	if (now >= state.writtenAt && now - state.writtenAt < STATIC_DATA_WRITE_INTERVAL_MS) return false;
	state.writtenAt = now;
	return true;
}
