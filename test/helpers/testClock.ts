/**
 * A clock for tests, set as the package's clock (nodes/Gaard/clock.ts), which the Gaard
 * simulator's jobs follow too. Its time never moves by itself:
 *
 * - `auto` (the integration tests' default): a wait moves time on by its length and ends at once,
 *   so retries, polls and intervals take no real time whatever their length;
 * - `manual`: a wait ends only when the test moves time past its end (`skip`), or its signal
 *   aborts, so that a test can act while the code waits.
 *
 * Time limits (`timeout`) fire when time passes them, in either mode. A limit on something that
 * never comes (a server that does not answer) fires when the test moves time on: `skipToNextTimeout`.
 */
import type { Clock } from '../../nodes/Gaard/clock';
import { setClock, systemClock } from '../../nodes/Gaard/clock';

interface Pending {
	at: number;
	fire: () => void;
}

export class TestClock implements Clock {
	private time = systemClock.now();
	private sleeping = 0;
	private readonly timeouts: Pending[] = [];
	private readonly wakers: Pending[] = [];
	/** Every wait asked of this clock, in ms, in order. */
	readonly waits: number[] = [];

	constructor(readonly mode: 'auto' | 'manual' = 'auto') {}

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return;
		this.waits.push(ms);
		this.sleeping += 1;
		try {
			if (this.mode === 'auto') {
				this.skip(ms);
				await new Promise((resolve) => setImmediate(resolve));
				return;
			}
			await new Promise<void>((resolve) => {
				const waker: Pending = { at: this.time + ms, fire: resolve };
				this.wakers.push(waker);
				signal?.addEventListener('abort', () => {
					this.wakers.splice(this.wakers.indexOf(waker), 1);
					resolve();
				});
			});
		} finally {
			this.sleeping -= 1;
		}
	}

	timeout(ms: number): AbortSignal {
		const controller = new AbortController();
		this.timeouts.push({
			at: this.time + ms,
			fire: () => controller.abort(new DOMException('The operation timed out', 'TimeoutError')),
		});
		return controller.signal;
	}

	/** Moves time on by `ms`, at once: the waits and limits it passes end. */
	skip(ms: number): void {
		this.time += ms;
		for (const list of [this.timeouts, this.wakers]) {
			for (const pending of list.filter(({ at }) => at <= this.time)) {
				list.splice(list.indexOf(pending), 1);
				pending.fire();
			}
		}
	}

	/** Moves time on to the next time limit set, which then fires. */
	skipToNextTimeout(): void {
		const next = Math.min(...this.timeouts.map(({ at }) => at));
		if (Number.isFinite(next)) this.skip(Math.max(0, next - this.time));
	}

	/** How many time limits are set and not yet passed. */
	get timeoutsPending(): number {
		return this.timeouts.length;
	}

	/** How many waits (between polls, before retries) are under way. */
	get waitsUnderWay(): number {
		return this.sleeping;
	}
}

let inUse: TestClock | undefined;

/** Sets `testClock` as the package's clock; returns what puts the previous one back. */
export function installTestClock(testClock: TestClock): () => void {
	const restoreClock = setClock(testClock);
	const previous = inUse;
	inUse = testClock;
	return () => {
		restoreClock();
		inUse = previous;
	};
}

/** The TestClock set as the package's clock now. */
export function testClockInUse(): TestClock {
	if (!inUse) throw new Error('no TestClock is set as the package clock');
	return inUse;
}

/**
 * A TestClock set as the package's clock for each test of the enclosing describe (or file), the
 * previous clock back after each.
 */
export function useTestClock(mode: TestClock['mode'] = 'auto'): { readonly current: TestClock } {
	const holder = { current: new TestClock(mode) };
	let restore = () => {};
	beforeEach(() => {
		holder.current = new TestClock(mode);
		restore = installTestClock(holder.current);
	});
	afterEach(() => restore());
	return holder;
}

/**
 * Runs `work` while moving time on to each time limit it waits on, once `stalled()` says it is
 * waiting for something that will not come (a request a server holds open): a server that never
 * answers then costs no real time. Resolves or rejects as `work` does.
 */
export async function whileTimingOut<T>(
	work: Promise<T>,
	stalled: () => boolean,
	clock = testClockInUse(),
): Promise<T> {
	let done = false;
	const finished = work.finally(() => {
		done = true;
	});
	void finished.catch(() => {});
	while (!done) {
		await new Promise((resolve) => setImmediate(resolve));
		if (stalled() && clock.timeoutsPending > 0) clock.skipToNextTimeout();
	}
	return await finished;
}
