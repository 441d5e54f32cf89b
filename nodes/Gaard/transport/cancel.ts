/** The execution's cancel signal, which every wait and request of the Gaard node heeds. */
import type { IExecuteFunctions } from 'n8n-workflow';

/** The execution's cancel signal; one that never aborts where n8n gives none (webhook and hook contexts). */
export function cancelSignalOf(context: object): AbortSignal {
	const signal =
		'getExecutionCancelSignal' in context
			? (context as IExecuteFunctions).getExecutionCancelSignal()
			: undefined;
	return signal ?? new AbortController().signal;
}
