import {
	POLL_SCHEDULE as schedule,
	pollDelayMs,
} from '../../nodes/Gaard/actions/waitForFinalResult';

/** When the polls of a job that ends `durationMs` into the wait happen: the first at once. */
function pollsUntilSeen(durationMs: number): { polls: number; seenAtMs: number } {
	let at = 0;
	let polls = 1;
	while (at < durationMs) {
		at += pollDelayMs(at);
		polls += 1;
	}
	return { polls, seenAtMs: at };
}

describe("the node's poll schedule", () => {
	it('waits a fraction of the time waited so far, within its bounds', () => {
		expect(pollDelayMs(0)).toBe(schedule.minMs);
		expect(pollDelayMs(10_000)).toBe(10_000 * schedule.fraction);
		expect(pollDelayMs(3_600_000)).toBe(schedule.maxMs);
	});

	it('sees a job of any length within 15 % of its duration (before round trips)', () => {
		for (let durationMs = 1000; durationMs <= 300_000; durationMs += 37) {
			const { seenAtMs } = pollsUntilSeen(durationMs);
			expect((seenAtMs - durationMs) / durationMs).toBeLessThanOrEqual(0.15);
		}
	});

	it('polls a number of times that grows with the log of the duration, then one poll per longest wait', () => {
		const [sixSeconds, oneMinute] = [6_000, 60_000].map(
			(durationMs) => pollsUntilSeen(durationMs).polls,
		);
		// A tenfold longer job adds about ln 10 / ln 1.15 ≈ 16.5 polls...
		expect(oneMinute - sixSeconds).toBeGreaterThanOrEqual(15);
		expect(oneMinute - sixSeconds).toBeLessThanOrEqual(18);
		// ...until the waits reach their ceiling (15 s, 100 s in): then one poll per ceiling.
		const tenMinutes = pollsUntilSeen(600_000).polls;
		expect(tenMinutes - pollsUntilSeen(300_000).polls).toBe(300_000 / schedule.maxMs);
	});
});
