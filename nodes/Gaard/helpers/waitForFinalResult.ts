import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GaardResult } from '../GaardResult';
import { isFinalResult } from '../GaardResult';
import { pause } from './pause';
import { fetchGaardResult } from './requestResult';

export const POLL_DELAYS = { firstMs: 500, maxMs: 15_000 };

/**
 * Polls `GET /api/result/{id}` until the result is final, waiting twice as long after each
 * pending answer (Retry-After and transient failures are handled by the transport's retries).
 * Fails after `timeoutSeconds` with an error naming the id and the last status seen.
 */
export async function waitForFinalResult(
	this: IExecuteFunctions,
	resultId: string,
	timeoutSeconds: number,
	itemIndex: number,
	latest?: GaardResult,
): Promise<GaardResult> {
	const deadline = Date.now() + timeoutSeconds * 1000;
	const fetchResult = async () => await fetchGaardResult.call(this, resultId, { itemIndex });
	let result = latest ?? (await fetchResult());
	let delayMs = POLL_DELAYS.firstMs;
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
		await pause(this, Math.min(delayMs, remainingMs));
		delayMs = Math.min(delayMs * 2, POLL_DELAYS.maxMs);
		result = await fetchResult();
	}
	return result;
}
