/** Waiting for a final result: Wait for Result, and Classify Video when it waits by polling. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinalResult } from '../alarmRules';
import { clock } from '../clock';
import type { GaardResult } from '../GaardResult';
import { cancelSignalOf, pause } from '../transport/pause';
import { fetchGaardResult } from '../transport/result';
import type { ActionTiming } from './operation';
import { pollDelayMs } from './operation';

interface WaitForFinalResult {
	resultId: string;
	timeoutSeconds: number;
	itemIndex: number;
	timing: ActionTiming;
	/** When the wait started; the timeout counts from then (for Classify Video, from the upload). */
	startedAt?: number;
	/** The result as last seen (an accepted job), so that the first poll can wait. */
	latest?: GaardResult;
}

/**
 * Polls `GET /api/result/{id}` until the result is final, each wait a fraction of the time waited
 * so far (the node's PollSchedule; Retry-After and transient failures are handled by the
 * transport's retries, within the same deadline). Fails at the timeout with an error naming the
 * id and the last status seen, and at once, saying so, when the execution is cancelled. Errors
 * carry no item index: the router gives them their item's.
 */
export async function waitForFinalResult(
	this: IExecuteFunctions,
	{ resultId, timeoutSeconds, itemIndex, timing, startedAt = clock.now(), latest }: WaitForFinalResult,
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
			await pause(Math.min(pollDelayMs(timing.poll, now - waitingSince), deadline - now), cancel);
		}
		// Stryker disable next-line OptionalChaining: the router's context always has a cancel signal (stoppableContext).
		if (cancel?.aborted) {
			throw new NodeOperationError(this.getNode(), `The execution was cancelled while waiting for result "${resultId}"`);
		}
		const lastSeen = result;
		result = await fetchGaardResult
			.call(this, resultId, { itemIndex, retrySchedule: timing.retry, deadline })
			.catch((error: unknown) => {
				// A poll cut short by the deadline, or not started since the deadline has come (the
				// transport keeps it), is the wait's timeout, not Gaard's failure.
				// Stryker disable next-line OptionalChaining: the router's context always has a cancel signal (stoppableContext).
				if (lastSeen && clock.now() >= deadline && !cancel?.aborted) throw notFinished(lastSeen.status.classify);
				throw error;
			});
	}
}
