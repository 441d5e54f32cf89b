/**
 * Waiting on what happened, not on time: resolves once `happened()` holds, looking again every
 * few milliseconds. Nothing bounds it but the test's own timeout, so a slow machine only makes
 * the wait longer.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function when(happened: () => boolean): Promise<void> {
	while (!happened()) await sleep(5);
}
