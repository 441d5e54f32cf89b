/**
 * What every operation of the action node is: its fields (`description`) and an `execute` for one
 * input item, which the router runs for each; what the items of one run share is the batch.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Batch } from './batch';

/** One item's run of an operation; `batch` is what the items of one run share (limiters). */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	batch: Batch,
) => Promise<INodeExecutionData[]>;
