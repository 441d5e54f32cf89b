/** The execution's cancel signal, which every wait and request of the Gaard node heeds. */
import type { IExecuteFunctions } from 'n8n-workflow';

/** The execution's cancel signal; webhook and hook contexts have none. */
export function cancelSignalOf(context: object): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? (context as IExecuteFunctions).getExecutionCancelSignal() : undefined;
}
