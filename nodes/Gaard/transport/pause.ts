/** Waiting between attempts and polls, cut short when the execution is cancelled. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { clock } from '../clock';

/** The execution's cancel signal; webhook and hook contexts have none. */
export function cancelSignalOf(context: object): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context
		? (context as IExecuteFunctions).getExecutionCancelSignal()
		: undefined;
}

/** Waits `ms`, in short steps so that a cancelled execution stops waiting promptly. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = clock.now() + ms;
	while (clock.now() < until && !signal?.aborted) {
		await clock.sleep(Math.min(250, until - clock.now()));
	}
}
