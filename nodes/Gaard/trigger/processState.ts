import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** A trigger as its state knows it: `trigger` names it in this process, `staticData` is its node's. */
export interface TriggerState {
	trigger: string;
	staticData: IDataObject;
}

/** The state of the trigger a request reached. */
export function triggerStateOf(context: IWebhookFunctions): TriggerState {
	return {
		// Test and production deliveries keep apart, as n8n keeps their executions apart.
		trigger: `${context.getWorkflow().id}/${context.getNode().id}/${context.getMode()}`,
		staticData: context.getWorkflowStaticData('node'),
	};
}

/** How many triggers keep each kind of state in one n8n process. */
const TRIGGERS_KEPT_PER_PROCESS = 50;

/**
 * State a trigger keeps in this n8n process (its deduplication window, its cameras' cooldowns):
 * deliveries that overlap in time all see it at once, which static data (loaded and saved whole
 * for each request) cannot give. At most TRIGGERS_KEPT_PER_PROCESS triggers keep it; the least
 * recently used goes first, and its static data still holds what it had.
 */
export function inProcessState<T>(create: () => T): (trigger: string) => T {
	const states = new Map<string, T>();
	return (trigger) => {
		let state = states.get(trigger);
		if (state === undefined) state = create();
		setMostRecent(states, trigger, state, TRIGGERS_KEPT_PER_PROCESS);
		return state;
	};
}

/**
 * Puts `key` last in `keys` (a Map or a Set keeps insertion order, so its first key is the least
 * recent) with `put`, then drops the least recent keys beyond `max`.
 */
function makeMostRecent<K>(
	keys: Map<K, unknown> | Set<K>,
	key: K,
	put: () => void,
	max: number,
): void {
	keys.delete(key);
	put();
	while (keys.size > max) keys.delete(keys.keys().next().value!);
}

/** Sets `key` to `value` as the most recent entry of `map`, keeping at most `max`. */
export const setMostRecent = <K, V>(map: Map<K, V>, key: K, value: V, max: number): void =>
	makeMostRecent(map, key, () => map.set(key, value), max);

/** Adds `key` as the most recent of `set`, keeping at most `max`. */
export const addMostRecent = <K>(set: Set<K>, key: K, max: number): void =>
	makeMostRecent(set, key, () => set.add(key), max);

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

/** When a trigger's state was last written into its static data (ms since the epoch), if ever. */
interface WrittenAt {
	writtenAt?: number;
}

/**
 * Whether a write into the static data is due at `now` (none was made yet, the last one is an
 * interval old, or the clock went back); a due write counts as made.
 */
export function claimStaticDataWrite(state: WrittenAt, now: number): boolean {
	const last = state.writtenAt;
	if (last === undefined || now < last || now - last >= STATIC_DATA_WRITE_INTERVAL_MS) {
		state.writtenAt = now;
		return true;
	}
	return false;
}

/**
 * Per-camera records (cooldowns, mutes) a trigger keeps in its static data under one key, as an
 * object keyed `#<camera>` (the `#` keeps a camera id apart from an object's own property names).
 */
type CameraRecords<T> = Record<string, T>;

/** The records the static data holds under `key`, as a copy: none when it holds something else. */
export function storedCameraRecords<T>(staticData: IDataObject, key: string): CameraRecords<T> {
	const stored = staticData[key];
	return stored && typeof stored === 'object' && !Array.isArray(stored)
		? { ...(stored as CameraRecords<T>) }
		: {};
}

/** The record the static data holds under `key` for `camera`, if any (nothing is copied). */
export function storedCameraRecord<T>(
	staticData: IDataObject,
	key: string,
	camera: string,
): T | undefined {
	// No own-property check: no object, list or text has a property whose name starts with `#`.
	return (staticData[key] as CameraRecords<T> | null | undefined)?.[`#${camera}`];
}

/**
 * Writes `records` under `key` of the static data and returns `key`. Beyond `growTo` records, only
 * the `max` latest by `timeOf` are kept: a bound above `max` spares sorting them at every write.
 */
export function writeCameraRecords<T>(
	staticData: IDataObject,
	key: string,
	records: CameraRecords<T>,
	timeOf: (record: T) => number,
	{ max, growTo = max }: { max: number; growTo?: number },
): string {
	const keys = Object.keys(records);
	const kept =
		keys.length > growTo
			? keys.sort((a, b) => timeOf(records[b]) - timeOf(records[a])).slice(0, max)
			: keys;
	// Assigned through n8n's static data object, so that n8n notices the change and saves it.
	staticData[key] = Object.fromEntries(kept.map((camera) => [camera, records[camera]]));
	return key;
}
