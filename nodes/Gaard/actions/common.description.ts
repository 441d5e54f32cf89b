import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

export const resultIdField: INodeProperties = {
	displayName: 'Result ID',
	name: 'resultId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '6662f5c1f897618de43f0bbd',
	description:
		'The ID of the classification, as returned by Classify Video or received by the Gaard Trigger (the "ID" field of a result)',
};

/** The `options` of the operations that wait for a final result. */
export const waitOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WAIT_TIMEOUT_SECONDS,
			description:
				'How long to wait for Gaard to finish before failing with a timeout error that names the result ID',
		},
	],
};

/** The value of `resultIdField` for an item. */
export function readResultId(this: IExecuteFunctions, itemIndex: number): string {
	return String(this.getNodeParameter('resultId', itemIndex)).trim();
}

/** The value of `waitOptionsField`'s timeout for an item, in seconds. */
export function readWaitTimeoutSeconds(this: IExecuteFunctions, itemIndex: number): number {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return Number(options.timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
}
