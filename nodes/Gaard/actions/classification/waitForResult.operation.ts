import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	readResultId,
	readWaitTimeoutSeconds,
	resultIdField,
	waitOptionsField,
} from '../common.description';
import type { OperationExecute } from '../operation';
import { resultItem } from '../resultItem';
import { waitForFinalResult } from '../waitForFinalResult';

const properties: INodeProperties[] = [resultIdField, waitOptionsField];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['waitForResult'] } },
	properties,
);

export const execute: OperationExecute = async function (itemIndex) {
	const resultId = readResultId.call(this, itemIndex);
	const timeoutSeconds = readWaitTimeoutSeconds.call(this, itemIndex);
	const result = await waitForFinalResult.call(this, { resultId, timeoutSeconds });
	return [resultItem(result, itemIndex)];
};
