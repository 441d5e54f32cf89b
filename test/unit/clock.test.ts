/**
 * The system clock, which production code runs on (every other test runs on a TestClock): its
 * time is the system's, a sleep lasts at least its time and ends early on an abort, its timeout
 * aborts; and `clock` is whichever clock is in use.
 */
import type { Clock } from '../../nodes/Gaard/clock';
import { clock, setClock, systemClock } from '../../nodes/Gaard/clock';

/** Resolves when `signal` aborts. */
const aborted = async (signal: AbortSignal) =>
	await new Promise<void>((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve());
	});

describe('the system clock', () => {
	it("reads the system's time", () => {
		const before = Date.now();
		const now = systemClock.now();
		expect(now).toBeGreaterThanOrEqual(before);
		expect(now).toBeLessThanOrEqual(Date.now());
	});

	it('sleeps at least the time asked', async () => {
		const start = Date.now();
		await systemClock.sleep(30);
		expect(Date.now() - start).toBeGreaterThanOrEqual(30);
	});

	it('ends a sleep when its signal aborts, long before its time', async () => {
		const stop = new AbortController();
		const sleeping = systemClock.sleep(60_000, stop.signal);
		setTimeout(() => stop.abort(), 5);
		// Jest's time limit fails this test if the sleep goes on.
		await sleeping;
		expect(stop.signal.aborted).toBe(true);
		await systemClock.sleep(60_000, stop.signal);
	});

	it('gives a signal that aborts once its time has passed, not before', async () => {
		const start = Date.now();
		const signal = systemClock.timeout(20);
		expect(signal.aborted).toBe(false);
		await aborted(signal);
		expect(Date.now() - start).toBeGreaterThanOrEqual(19);
	});
});

describe('the clock in use', () => {
	it('is the one set, until what setClock returns puts the previous one back', async () => {
		const signal = new AbortController().signal;
		const calls: unknown[] = [];
		const fixed: Clock = {
			now: () => 42,
			sleep: async (ms, on) => {
				calls.push(['sleep', ms, on]);
			},
			timeout: (ms) => {
				calls.push(['timeout', ms]);
				return signal;
			},
		};
		const restore = setClock(fixed);
		expect(clock.now()).toBe(42);
		await clock.sleep(7, signal);
		expect(clock.timeout(9)).toBe(signal);
		expect(calls).toEqual([
			['sleep', 7, signal],
			['timeout', 9],
		]);
		restore();
		expect(clock.now()).not.toBe(42);
	});
});
