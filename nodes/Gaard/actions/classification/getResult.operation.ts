import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchGaardResult } from '../../transport/result';
import { readResultId, resultIdField } from '../common.description';
import type { OperationExecute } from '../operation';
import { resultItem } from '../resultItem';

const properties: INodeProperties[] = [resultIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['getResult'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const resultId = readResultId.call(this, itemIndex);
	const result = await fetchGaardResult.call(this, resultId);
	return [resultItem(result, itemIndex)];
};
