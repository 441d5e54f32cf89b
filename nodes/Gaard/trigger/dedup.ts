/**
 * A bounded window of recently received result ids, kept twice:
 *
 * - in this n8n process, for each trigger: deliveries that overlap in time all see it at once,
 *   which is how a duplicate usually comes (two webhook integrations posting the same result);
 * - in the workflow's static data, so that the window outlives a restart, written at most once
 *   per STATIC_DATA_WRITE_INTERVAL_MS (see processState.ts). There the ids are one string, oldest
 *   first, separated by spaces (a result id has none: RESULT_ID in GaardResult.ts). n8n loads the
 *   static data with the workflow for every request, and one string costs it far less to load than
 *   an object of as many keys (BENCHMARKS.md, section 1): about 25 bytes an id (a 24-character
 *   Gaard id), 25 KB at the default window of 1,000 and 250 KB at the largest, 10,000.
 *
 * Best effort still: n8n loads a workflow's static data for each request and saves it afterwards,
 * so overlapping requests overwrite each other's writes there (each write carries the whole
 * window this process holds, so the next one makes good what an overlapping one lost), and two n8n
 * processes (queue mode, several webhook processes) share nothing but the static data.
 */
import type { IDataObject } from 'n8n-workflow';

import { addMostRecent, claimStaticDataWrite, inProcessState } from './processState';

export const DEFAULT_DEDUP_WINDOW = 1000;
export const MAX_DEDUP_WINDOW = 10_000;

/** The window as a static data holds it: its text, and each id's place in it (0: the oldest). */
interface StoredWindow {
	text: string;
	places: Map<string, number>;
}

/**
 * Each trigger's recent ids in this process, oldest first (a Set keeps insertion order), and the
 * static data's window as this process last read it (its text changes at most once a write
 * interval, so it is split once, and a lookup costs a comparison of the text and a Map lookup,
 * whatever the ids). At most TRIGGERS_KEPT_PER_PROCESS triggers (processState.ts), about 80 MB
 * with every window at 10,000 ids.
 */
const processWindow = inProcessState(() => ({
	ids: new Set<string>(),
	/** How many ids this process remembered since its last write: the static data's window lags by as many. */
	unwritten: 0,
	stored: { text: '', places: new Map() } as StoredWindow,
	writtenAt: undefined as number | undefined,
}));

type HeldWindow = ReturnType<typeof processWindow>;

/** The window of one trigger: `trigger` names it in this process, `staticData` is its node's. */
export interface DedupWindow {
	trigger: string;
	staticData: IDataObject;
	size: number;
}

/** Whether `id` is among the last `size` ids this trigger remembered, here or in its static data. */
export function wasSeen(window: DedupWindow, id: string): boolean {
	const held = processWindow(window.trigger);
	return (
		held.ids.has(id) ||
		wasSeenInStaticData(held, window.staticData, id, window.size - held.unwritten)
	);
}

/**
 * Adds `id` to the window in this process. Call it right after `wasSeen`, with no `await`
 * between, so that an overlapping delivery of the same id sees it; then `writeWindow`.
 */
export function remember(window: DedupWindow, id: string): void {
	const held = processWindow(window.trigger);
	addMostRecent(held.ids, id, window.size);
	held.unwritten += 1;
}

/**
 * Writes the window this process holds into the static data when a write is due at `now`: the ids
 * stored there that this process does not hold, then the ones it holds, oldest first, the last
 * `size` of them. Returns the key of the static data it wrote, undefined when no write was due.
 */
export function writeWindow(window: DedupWindow, now: number): string | undefined {
	const held = processWindow(window.trigger);
	if (!claimStaticDataWrite(held, now)) return undefined;
	const storedOnly = [...storedWindowOf(held, window.staticData).places.keys()].filter(
		(id) => !held.ids.has(id),
	);
	const ids = [...storedOnly, ...held.ids];
	// Assigned through n8n's static data object, so that n8n notices the change and saves it.
	window.staticData[STORE_KEY] = ids.slice(Math.max(0, ids.length - window.size)).join(SEPARATOR);
	held.unwritten = 0;
	return STORE_KEY;
}

const STORE_KEY = 'recentIds';
const SEPARATOR = ' ';

function storedWindow(staticData: IDataObject): string {
	const stored = staticData[STORE_KEY];
	return typeof stored === 'string' ? stored : '';
}

const idsOf = (text: string) => (text ? text.split(SEPARATOR) : []);

/** The ids of the window in a trigger's static data, oldest first. */
export const storedWindowIds = (staticData: IDataObject): string[] =>
	idsOf(storedWindow(staticData));

/** The static data's window, split again only when its text changed since this process last read it. */
function storedWindowOf(held: HeldWindow, staticData: IDataObject): StoredWindow {
	const text = storedWindow(staticData);
	if (text !== held.stored.text) {
		held.stored = { text, places: new Map(idsOf(text).map((id, place) => [id, place])) };
	}
	return held.stored;
}

/** Whether `id` is among the last `windowSize` ids of the static data's window. */
function wasSeenInStaticData(
	held: HeldWindow,
	staticData: IDataObject,
	id: string,
	windowSize: number,
): boolean {
	const { places } = storedWindowOf(held, staticData);
	// An absent id is as far back as can be.
	return places.size - (places.get(id) ?? Number.NEGATIVE_INFINITY) <= windowSize;
}
