import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchGaardResult } from '../../helpers/requestResult';
import { resultItem } from '../../helpers/resultItem';
import { readResultId, resultIdField } from '../common.description';

const properties: INodeProperties[] = [resultIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['getResult'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const resultId = readResultId.call(this, itemIndex);
	const result = await fetchGaardResult.call(this, resultId, { itemIndex });
	return [resultItem(result, itemIndex)];
}
