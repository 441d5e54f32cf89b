/** Waiting for a final result: Wait for Result, and Classify Video when it waits by polling. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinalResult } from '../alarmRules';
import { clock } from '../clock';
import type { GaardResult } from '../GaardResult';
import { cancelSignalOf } from '../transport/cancel';
import { fetchGaardResult } from '../transport/result';

/**
 * After a pending answer, a poll waits `fraction` of the time spent waiting so far, at least
 * `minMs` and at most `maxMs`. A result is then seen at most about `fraction` of its duration
 * (plus a round trip) after it is final, whatever the duration, and the number of polls grows
 * with the log of the duration (BENCHMARKS.md, section 4).
 */
export const POLL_SCHEDULE = Object.freeze({ minMs: 150, fraction: 0.15, maxMs: 15_000 });

/** How long to wait before the next poll, `waitedMs` into the wait. */
export const pollDelayMs = (waitedMs: number): number =>
	Math.min(Math.max(POLL_SCHEDULE.minMs, POLL_SCHEDULE.fraction * waitedMs), POLL_SCHEDULE.maxMs);

interface WaitForFinalResult {
	resultId: string;
	timeoutSeconds: number;
	/** When the wait started; the timeout counts from then (for Classify Video, from the upload). */
	startedAt?: number;
	/** The result as last seen (an accepted job), so that the first poll can wait. */
	latest?: GaardResult;
}

/**
 * Polls `GET /api/result/{id}` until the result is final, each wait a fraction of the time waited
 * so far (POLL_SCHEDULE; Retry-After and transient failures are handled by the
 * transport's retries, within the same deadline). Fails at the timeout with an error naming the
 * id and the last status seen, and at once, saying so, when the execution is cancelled. Errors
 * carry no item index: the router gives them their item's.
 */
export async function waitForFinalResult(
	this: IExecuteFunctions,
	{ resultId, timeoutSeconds, startedAt = clock.now(), latest }: WaitForFinalResult,
): Promise<GaardResult> {
	const deadline = startedAt + timeoutSeconds * 1000;
	const cancel = cancelSignalOf(this);
	const notFinished = (lastStatus: string) =>
		new NodeOperationError(
			this.getNode(),
			`Gaard did not finish result "${resultId}" within ${timeoutSeconds} s (last status: ${lastStatus})`,
			{
				description:
					'Raise Timeout in the options, or fetch the result later with Get Result (the Gaard Trigger also receives it when it is done).',
			},
		);
	let result = latest;
	// The job's age as far as this wait knows it (for Classify Video, from its submission).
	const waitingSince = clock.now();
	for (;;) {
		if (result) {
			if (isFinalResult(result)) return result;
			const now = clock.now();
			await clock.sleep(Math.min(pollDelayMs(now - waitingSince), deadline - now), cancel);
		}
		if (cancel.aborted) {
			throw new NodeOperationError(
				this.getNode(),
				`The execution was cancelled while waiting for result "${resultId}"`,
			);
		}
		const lastSeen = result;
		result = await fetchGaardResult.call(this, resultId, { deadline }).catch((error: unknown) => {
			// A poll cut short by the deadline, or not started since the deadline has come (the
			// transport keeps it), is the wait's timeout, not Gaard's failure.
			if (lastSeen && clock.now() >= deadline && !cancel.aborted)
				throw notFinished(lastSeen.status.classify);
			throw error;
		});
	}
}
