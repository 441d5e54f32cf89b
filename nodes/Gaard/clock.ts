/**
 * The package's clock: every reading of the time, every wait and every time limit in the nodes
 * goes through it (the trigger's write interval and cooldowns, deadlines and attempts' limits, the
 * waits between polls and retries), so that a test can move time on instead of waiting it out.
 */
import { sleep } from 'n8n-workflow';

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Resolves after `ms` of this clock's time, or as soon as `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** A signal that aborts once `ms` of this clock's time have passed. */
	timeout(ms: number): AbortSignal;
}

/** How long the system clock sleeps at a time, so that an abort ends a wait promptly. */
const SLEEP_STEP_MS = 250;

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		const until = Date.now() + ms;
		while (Date.now() < until && !signal?.aborted)
			await sleep(Math.min(SLEEP_STEP_MS, until - Date.now()));
	},
	timeout: (ms) => AbortSignal.timeout(ms),
};

let current: Clock = systemClock;

/** The clock in use: the system's, unless a test set another. */
export const clock: Clock = {
	now: () => current.now(),
	sleep: async (ms, signal) => await current.sleep(ms, signal),
	timeout: (ms) => current.timeout(ms),
};

/** Sets the clock in use (tests); returns what puts the previous one back. */
export function setClock(replacement: Clock): () => void {
	const previous = current;
	current = replacement;
	return () => {
		current = previous;
	};
}
