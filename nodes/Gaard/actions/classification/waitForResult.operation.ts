import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { resultItem } from '../../helpers/resultItem';
import { waitForFinalResult } from '../../helpers/waitForFinalResult';
import { readResultId, readWaitTimeoutSeconds, resultIdField, waitOptionsField } from '../common.description';

const properties: INodeProperties[] = [resultIdField, waitOptionsField];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['waitForResult'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const resultId = readResultId.call(this, itemIndex);
	const timeoutSeconds = readWaitTimeoutSeconds.call(this, itemIndex);
	const result = await waitForFinalResult.call(this, resultId, timeoutSeconds, itemIndex);
	return [resultItem(result, itemIndex)];
}
