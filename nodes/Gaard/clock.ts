/**
 * The package's clock: every reading of the time and every wait in the nodes goes through it
 * (the trigger's write interval and cooldowns, deadlines, the wait between polls and retries), so
 * that a test can move time on instead of waiting it out.
 */
import { sleep } from 'n8n-workflow';

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Resolves after `ms` of this clock's time. */
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

let current: Clock = systemClock;

/** The clock in use: the system's, unless a test set another. */
export const clock: Clock = {
	now: () => current.now(),
	sleep: async (ms) => await current.sleep(ms),
};

/** Sets the clock in use (tests); returns what puts the previous one back. */
export function setClock(replacement: Clock): () => void {
	const previous = current;
	current = replacement;
	return () => {
		current = previous;
	};
}
