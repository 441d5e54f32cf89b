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

/**
 * Polls wait `firstMs` after the first pending answer, `factor` times longer after each further
 * one, up to `maxMs`. A result is then seen at most `factor - 1` of its duration (plus the first
 * wait) after it is final, and the number of polls grows with the log of the duration.
 */
export interface PollSchedule {
	firstMs: number;
	factor: number;
	maxMs: number;
}

export interface ActionTiming {
	retry: RetrySchedule;
	poll: PollSchedule;
}

export const DEFAULT_ACTION_TIMING: Readonly<ActionTiming> = Object.freeze({
	retry: DEFAULT_RETRY_SCHEDULE,
	// 1.15: a result is seen within about a seventh of its duration, plus one round trip (doubling
	// would allow a whole one); the short first wait keeps it near that for jobs of a second or two.
	poll: Object.freeze({ firstMs: 200, factor: 1.15, maxMs: 15_000 }),
});

/** One item's run of an operation; `batch` is what the items of one run share (limiters). */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	timing: ActionTiming,
	batch: Batch,
) => Promise<INodeExecutionData[]>;
