import type { IDataObject } from 'n8n-workflow';

import { remember, storedWindowIds, wasSeen, writeWindow } from '../../nodes/Gaard/trigger/dedup';
import { STATIC_DATA_WRITE_INTERVAL_MS } from '../../nodes/Gaard/trigger/processState';

let triggers = 0;
/** A trigger's window in a process of its own, over the given static data. */
const windowOf = (size: number, staticData: IDataObject = {}) => ({
	trigger: `dedup-test-${++triggers}`,
	staticData,
	size,
});
/** Another n8n process (or the same one after a restart) reading the same static data. */
const elsewhere = (window: { staticData: IDataObject; size: number }) =>
	windowOf(window.size, window.staticData);

describe('the deduplication window', () => {
	it('is found again in the static data by a process that did not see the id (after a restart)', () => {
		const window = windowOf(3);
		remember(window, 'r1');
		expect(writeWindow(window, 0)).toBe('recentIds');
		expect(wasSeen(elsewhere(window), 'r1')).toBe(true);
		expect(wasSeen(elsewhere(window), 'r2')).toBe(false);
	});

	it('forgets the oldest ids beyond its size, in the process and in the static data', () => {
		const window = windowOf(2);
		for (const [index, id] of ['a', 'b', 'c'].entries()) {
			remember(window, id);
			writeWindow(window, index * STATIC_DATA_WRITE_INTERVAL_MS);
		}
		expect(['a', 'b', 'c'].map((id) => wasSeen(window, id))).toEqual([false, true, true]);
		expect(['a', 'b', 'c'].map((id) => wasSeen(elsewhere(window), id))).toEqual([
			false,
			true,
			true,
		]);
	});

	it('keeps in the static data the ids another process wrote there, each once, the last `size` of all', () => {
		const window = windowOf(3);
		for (const id of ['a', 'b']) remember(window, id);
		writeWindow(window, 0);
		const other = elsewhere(window);
		for (const id of ['b', 'c']) remember(other, id);
		writeWindow(other, 0);
		expect(storedWindowIds(window.staticData)).toEqual(['a', 'b', 'c']);
		remember(other, 'd');
		writeWindow(other, STATIC_DATA_WRITE_INTERVAL_MS);
		expect(storedWindowIds(window.staticData)).toEqual(['b', 'c', 'd']);
	});

	it('starts empty, and over static data in another form than its own', () => {
		expect(storedWindowIds({})).toEqual([]);
		const window = windowOf(3, { recentIds: { a: true } });
		expect(wasSeen(window, 'a')).toBe(false);
		remember(window, 'b');
		writeWindow(window, 0);
		expect(storedWindowIds(window.staticData)).toEqual(['b']);
	});

	it('forgets the oldest ids while the static data lags behind the process', () => {
		const window = windowOf(2);
		remember(window, 'a');
		writeWindow(window, 0);
		for (const id of ['b', 'c']) {
			remember(window, id);
			expect(writeWindow(window, 1)).toBeUndefined();
		}
		expect(['a', 'b', 'c'].map((id) => wasSeen(window, id))).toEqual([false, true, true]);
	});

	it('finds an id in the static data only as a whole entry, not as a part of a longer one', () => {
		const window = windowOf(10);
		for (const id of ['xab', 'abc', 'a-b']) remember(window, id);
		writeWindow(window, 0);
		expect(storedWindowIds(window.staticData)).toEqual(['xab', 'abc', 'a-b']);
		expect(
			['ab', 'a', 'b', 'bc', 'xab', 'abc', 'a-b'].map((id) => wasSeen(elsewhere(window), id)),
		).toEqual([false, false, false, false, true, true, true]);
	});

	it('keeps the static data as one string of ids, about 25 bytes an id of 24 characters', () => {
		const window = windowOf(1000);
		for (let i = 0; i < 1000; i++) remember(window, i.toString(16).padStart(24, '0'));
		writeWindow(window, 0);
		expect(JSON.stringify(window.staticData).length).toBeLessThan(1000 * 25 + 100);
	});

	it('keys ids so that none can name an object property', () => {
		const window = windowOf(5);
		expect(wasSeen(window, 'constructor')).toBe(false);
		expect(wasSeen(window, 'hasOwnProperty')).toBe(false);
		remember(window, 'toString');
		writeWindow(window, 0);
		expect(wasSeen(elsewhere(window), 'toString')).toBe(true);
	});

	it('writes the static data at most once an interval, and then with every id the process holds', () => {
		const window = windowOf(1000);
		const interval = STATIC_DATA_WRITE_INTERVAL_MS;
		remember(window, 'first');
		expect(writeWindow(window, 10_000)).toBe('recentIds');
		for (const [at, id] of [
			[10_001, 'second'],
			[10_000 + interval - 1, 'third'],
		] as const) {
			remember(window, id);
			expect(writeWindow(window, at)).toBeUndefined();
		}
		// This process knows all three at once; the static data has only the first so far.
		expect(['first', 'second', 'third'].map((id) => wasSeen(window, id))).toEqual([
			true,
			true,
			true,
		]);
		expect(['first', 'second', 'third'].map((id) => wasSeen(elsewhere(window), id))).toEqual([
			true,
			false,
			false,
		]);

		remember(window, 'fourth');
		expect(writeWindow(window, 10_000 + interval)).toBe('recentIds');
		expect(
			['first', 'second', 'third', 'fourth'].map((id) => wasSeen(elsewhere(window), id)),
		).toEqual([true, true, true, true]);
	});

	it('makes good, with its next write, a write that an overlapping request overwrote', () => {
		// n8n loads the static data for each request: a request that started before this write
		// saves its own copy after it, without the write.
		const window = windowOf(100);
		remember(window, 'lost');
		writeWindow(window, 0);
		const reloaded = { ...window, staticData: {} };
		remember(reloaded, 'next');
		expect(writeWindow(reloaded, STATIC_DATA_WRITE_INTERVAL_MS)).toBe('recentIds');
		expect(['lost', 'next'].map((id) => wasSeen(elsewhere(reloaded), id))).toEqual([true, true]);
	});

	it('writes at once when the clock went back', () => {
		const window = windowOf(10);
		remember(window, 'a');
		writeWindow(window, 50_000);
		remember(window, 'b');
		expect(writeWindow(window, 40_000)).toBe('recentIds');
		expect(wasSeen(elsewhere(window), 'b')).toBe(true);
	});
});
