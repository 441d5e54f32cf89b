import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quotedValue } from '../transport/http';

const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;
/** A day: a longer wait belongs to the Gaard Trigger, which receives the result when it is done. */
const MAX_WAIT_TIMEOUT_SECONDS = 86_400;

export const resultIdField: INodeProperties = {
	displayName: 'Result ID',
	name: 'resultId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 6662f5c1f897618de43f0bbd',
	description:
		'The ID of the classification, as returned by Classify Video or received by the Gaard Trigger (the "ID" field of a result)',
};

/** The options of an operation that waits for a final result. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_SECONDS },
		default: DEFAULT_WAIT_TIMEOUT_SECONDS,
		description:
			'How long the operation may take in all (for Classify Video, the upload included) before it fails with a timeout error that names the result ID',
	},
];

/** The `options` of the operations that wait for a final result. */
export const waitOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: waitOptions,
};

/** The value of `resultIdField` for an item. */
export function readResultId(this: IExecuteFunctions, itemIndex: number): string {
	return String(this.getNodeParameter('resultId', itemIndex)).trim();
}

/** The value of `waitOptionsField`'s timeout for an item, in seconds; an unusable one is an error naming it. */
export function readWaitTimeoutSeconds(this: IExecuteFunctions, itemIndex: number): number {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = Number(options.timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	if (!Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_WAIT_TIMEOUT_SECONDS) {
		throw new NodeOperationError(
			this.getNode(),
			`Timeout must be a number of seconds from 1 to ${MAX_WAIT_TIMEOUT_SECONDS}, not ${quotedValue(options.timeout)}`,
		);
	}
	return timeout;
}
