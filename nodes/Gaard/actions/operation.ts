/**
 * What every operation of the action node is: its fields (`description`) and an `execute` for
 * one input item. The router hands each operation the node's delays (`ActionTiming`): between the
 * attempts of one request, and between the polls of a result that is not final yet, so that
 * tests can run the node with shorter ones instead of changing shared constants.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RetrySchedule } from '../transport';
import type { Batch } from './batch';
import { DEFAULT_RETRY_SCHEDULE } from '../transport';

/** Polls wait `firstMs` after the first pending answer, twice as long after each further one, up to `maxMs`. */
export interface PollSchedule {
	firstMs: number;
	maxMs: number;
}

export interface ActionTiming {
	retry: RetrySchedule;
	poll: PollSchedule;
}

export const DEFAULT_ACTION_TIMING: Readonly<ActionTiming> = Object.freeze({
	retry: DEFAULT_RETRY_SCHEDULE,
	poll: Object.freeze({ firstMs: 500, maxMs: 15_000 }),
});

/** One item's run of an operation; `batch` is what the items of one run share (limiters). */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	timing: ActionTiming,
	batch: Batch,
) => Promise<INodeExecutionData[]>;
