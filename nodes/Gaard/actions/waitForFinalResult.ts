/** Waiting for a final result: Wait for Result, and Classify Video when it waits by polling. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GaardResult } from '../GaardResult';
import { isFinalResult } from '../GaardResult';
import { cancelSignalOf, pause } from '../transport/pause';
import { fetchGaardResult } from '../transport/result';
import type { ActionTiming } from './operation';

interface WaitForFinalResult {
	resultId: string;
	timeoutSeconds: number;
	itemIndex: number;
	timing: ActionTiming;
	/** The result as last seen (an accepted job), so that the first poll can wait. */
	latest?: GaardResult;
}

/**
 * Polls `GET /api/result/{id}` until the result is final, waiting twice as long after each
 * pending answer (Retry-After and transient failures are handled by the transport's retries).
 * Fails after `timeoutSeconds` with an error naming the id and the last status seen.
 */
export async function waitForFinalResult(
	this: IExecuteFunctions,
	{ resultId, timeoutSeconds, itemIndex, timing, latest }: WaitForFinalResult,
): Promise<GaardResult> {
	const deadline = Date.now() + timeoutSeconds * 1000;
	const fetchResult = async () =>
		await fetchGaardResult.call(this, resultId, { itemIndex, retrySchedule: timing.retry });
	let result = latest ?? (await fetchResult());
	let delayMs = timing.poll.firstMs;
	while (!isFinalResult(result)) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0 || this.getExecutionCancelSignal()?.aborted) {
			throw new NodeOperationError(
				this.getNode(),
				`Gaard did not finish result "${resultId}" within ${timeoutSeconds} s (last status: ${result.status.classify})`,
				{
					description:
						'Raise Timeout in the options, or fetch the result later with Get Result (the Gaard Trigger also receives it when it is done).',
					itemIndex,
				},
			);
		}
		await pause(Math.min(delayMs, remainingMs), cancelSignalOf(this));
		delayMs = Math.min(delayMs * 2, timing.poll.maxMs);
		result = await fetchResult();
	}
	return result;
}
