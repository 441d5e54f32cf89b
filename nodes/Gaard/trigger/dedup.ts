/**
 * A bounded window of recently received result ids, kept in the workflow's static data.
 *
 * Best effort: n8n loads a workflow's static data for each request and saves it afterwards, so
 * two deliveries of one id that overlap in time, or that reach different n8n processes, can
 * both pass. Gaard sends each result once per integration, so duplicates are rare to begin with.
 */
import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_DEDUP_WINDOW = 1000;

const RECENT_IDS_KEY = 'recentResultIds';

function recentIds(staticData: IDataObject): string[] {
	const value = staticData[RECENT_IDS_KEY];
	return Array.isArray(value) ? (value as string[]) : [];
}

export function wasSeen(staticData: IDataObject, id: string): boolean {
	return recentIds(staticData).includes(id);
}

/** Adds `id` to the window, dropping the oldest ids beyond `windowSize`. */
export function remember(staticData: IDataObject, id: string, windowSize: number): void {
	const size = Math.max(1, Math.floor(windowSize));
	const ids = [...recentIds(staticData).filter((seen) => seen !== id), id];
	// Assigned (not mutated in place) so that n8n notices the change and saves it.
	staticData[RECENT_IDS_KEY] = ids.slice(Math.max(0, ids.length - size));
}
