/**
 * A clock for tests, set as the package's clock (nodes/Gaard/clock.ts).
 *
 * - Running (the default): the system's time plus what the test skipped; waits are real waits,
 *   counted while under way, so that a test can tell that nothing is still waiting to go on.
 * - Frozen: time moves only when the test skips it, or by the length of a wait, which then ends
 *   at once; a test of a write interval or a cooldown holds however slow the machine is.
 *
 * `skip(ms)` moves time on at once for everything that reads the package's clock.
 */
import type { Clock } from '../../nodes/Gaard/clock';
import { setClock, systemClock } from '../../nodes/Gaard/clock';

export class TestClock implements Clock {
	private readonly startedAt = systemClock.now();
	private skipped = 0;
	private sleeping = 0;

	constructor(private readonly frozen = false) {}

	now(): number {
		return (this.frozen ? this.startedAt : systemClock.now()) + this.skipped;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeping += 1;
		try {
			if (this.frozen) {
				this.skipped += ms;
				await new Promise((resolve) => setImmediate(resolve));
			} else {
				await systemClock.sleep(ms);
			}
		} finally {
			this.sleeping -= 1;
		}
	}

	/** Moves this clock's time on by `ms`, at once. */
	skip(ms: number): void {
		this.skipped += ms;
	}

	/** How many waits (between polls, before retries) are under way. */
	get waitsUnderWay(): number {
		return this.sleeping;
	}
}

/**
 * A TestClock set as the package's clock for each test of the enclosing describe (or file), the
 * system's clock back after each.
 */
export function useTestClock({ frozen = false } = {}): { readonly current: TestClock } {
	const holder = { current: new TestClock(frozen) };
	let restore = () => {};
	beforeEach(() => {
		holder.current = new TestClock(frozen);
		restore = setClock(holder.current);
	});
	afterEach(() => restore());
	return holder;
}
