import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { resultItem } from '../../helpers/resultItem';
import { waitForFinalResult } from '../../helpers/waitForFinalResult';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, resultIdField, waitOptionsField } from '../common.description';

const properties: INodeProperties[] = [resultIdField, waitOptionsField];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['waitForResult'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const resultId = String(this.getNodeParameter('resultId', itemIndex)).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = Number(options.timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	const result = await waitForFinalResult.call(this, resultId, timeout, itemIndex);
	return [resultItem(result, itemIndex)];
}
