/**
 * A bounded window of recently received result ids, kept twice:
 *
 * - in this n8n process, for each trigger: deliveries that overlap in time all see it at once,
 *   which is how a duplicate usually comes (two webhook integrations posting the same result);
 * - in the workflow's static data, so that the window outlives a restart, written at most once
 *   per STATIC_DATA_WRITE_INTERVAL_MS (see processState.ts). There the ids are the keys of one
 *   object, each with its arrival number, so that a lookup and a new id cost the same whatever the
 *   window; ids that fell out of the window are dropped in one pass once they make up a quarter of
 *   it. About 40 bytes per remembered id (a 24-character Gaard id): 40 KB at the default window of
 *   1,000 and 400 KB at the largest, 10,000.
 *
 * Best effort still: n8n loads a workflow's static data for each request and saves it afterwards,
 * so overlapping requests overwrite each other's writes there (each write carries the whole
 * window this process holds, so the next one makes good what an overlapping one lost), and two n8n
 * processes (queue mode, several webhook processes) share nothing but the static data.
 */
import type { IDataObject } from 'n8n-workflow';

import { claimStaticDataWrite, inProcessState, markChanged, neverWritten, setMostRecent } from './processState';

export const DEFAULT_DEDUP_WINDOW = 1000;
export const MAX_DEDUP_WINDOW = 10_000;

/**
 * Each trigger's recent ids in this process, oldest first (a Map keeps insertion order); at
 * most 50 triggers, about 40 MB with every window at 10,000 ids.
 */
const processWindow = inProcessState(50, () => ({
	ids: new Map<string, true>(),
	/** How many ids this process remembered since its last write: the static data's window lags by as many. */
	unwritten: 0,
	...neverWritten(),
}));

/** The window of one trigger: `trigger` names it in this process, `staticData` is its node's. */
export interface DedupWindow {
	trigger: string;
	staticData: IDataObject;
	size: number;
}

/** Whether `id` is among the last `size` ids this trigger remembered, here or in its static data. */
export function wasSeen(window: DedupWindow, id: string): boolean {
	const held = processWindow(window.trigger);
	return held.ids.has(id) || wasSeenInStaticData(window.staticData, id, window.size - held.unwritten);
}

/**
 * Adds `id` to the window in this process. Call it right after `wasSeen`, with no `await`
 * between, so that an overlapping delivery of the same id sees it; then `writeWindow`.
 */
export function remember(window: DedupWindow, id: string): void {
	const held = processWindow(window.trigger);
	setMostRecent(held.ids, id, true, window.size);
	held.unwritten += 1;
}

/**
 * Writes the window this process holds into the static data when a write is due at `now`, and
 * says whether it did. Every id of it that the static data lacks is added, oldest first.
 */
export function writeWindow(window: DedupWindow, now: number): boolean {
	const held = processWindow(window.trigger);
	if (!claimStaticDataWrite(held, now)) return false;
	const store = storeOf(window.staticData);
	for (const id of held.ids.keys()) addToStore(store, id, window.size);
	held.unwritten = 0;
	markWindowChanged(window.staticData);
	return true;
}

/** Marks the static data changed again after this request wrote the window there. */
export const markWindowChanged = (staticData: IDataObject) => markChanged(staticData, STORE_KEY);

const STORE_KEY = 'recentResults';

interface RecentResults {
	/** The arrival number the next new id gets. */
	next: number;
	/** How many ids `ids` holds, in the window or not. */
	count: number;
	/** `#<id>` (so that no id can name an object's own properties) to its arrival number. */
	ids: Record<string, number>;
}

function storeOf(staticData: IDataObject): RecentResults {
	const stored = staticData[STORE_KEY] as RecentResults | undefined;
	if (stored && typeof stored.next === 'number' && typeof stored.ids === 'object' && stored.ids !== null) return stored;
	// Assigned through n8n's static data object, so that n8n notices the change and saves it.
	staticData[STORE_KEY] = { next: 0, count: 0, ids: {} } satisfies RecentResults;
	return staticData[STORE_KEY] as RecentResults;
}

const keyOf = (id: string) => `#${id}`;

/** Whether `id` is among the last `windowSize` ids of the static data's window. */
function wasSeenInStaticData(staticData: IDataObject, id: string, windowSize: number): boolean {
	if (windowSize <= 0) return false;
	const stored = staticData[STORE_KEY] as RecentResults | undefined;
	if (!stored?.ids || !Object.prototype.hasOwnProperty.call(stored.ids, keyOf(id))) return false;
	return stored.ids[keyOf(id)] >= stored.next - windowSize;
}

function addToStore(store: RecentResults, id: string, windowSize: number): void {
	const key = keyOf(id);
	if (Object.prototype.hasOwnProperty.call(store.ids, key) && store.ids[key] >= store.next - windowSize) return;
	if (!Object.prototype.hasOwnProperty.call(store.ids, key)) store.count += 1;
	store.ids[key] = store.next;
	store.next += 1;
	if (store.count > windowSize + Math.max(16, Math.ceil(windowSize / 4))) {
		const oldest = store.next - windowSize;
		const kept: Record<string, number> = {};
		for (const [seenKey, seq] of Object.entries(store.ids)) if (seq >= oldest) kept[seenKey] = seq;
		store.ids = kept;
		store.count = Object.keys(kept).length;
	}
}
