import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** Waits `ms`, in short steps so that a cancelled execution stops waiting promptly. */
export async function pause(
	context: IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions,
	ms: number,
): Promise<void> {
	const signal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	const until = Date.now() + ms;
	while (Date.now() < until && !signal?.aborted) {
		await sleep(Math.min(250, until - Date.now()));
	}
}
