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
 * After a pending answer, a poll waits `fraction` of the time spent waiting so far, at least
 * `minMs` and at most `maxMs`. A result is then seen at most about `fraction` of its duration
 * (plus a round trip) after it is final, whatever the duration, and the number of polls grows
 * with the log of the duration.
 */
export interface PollSchedule {
	minMs: number;
	fraction: number;
	maxMs: number;
}

/** How long to wait before the next poll, `waitedMs` into the wait. */
export const pollDelayMs = ({ minMs, fraction, maxMs }: PollSchedule, waitedMs: number): number =>
	Math.min(Math.max(minMs, fraction * waitedMs), maxMs);

export interface ActionTiming {
	retry: RetrySchedule;
	poll: PollSchedule;
}

export const DEFAULT_ACTION_TIMING: Readonly<ActionTiming> = Object.freeze({
	retry: DEFAULT_RETRY_SCHEDULE,
	// A result of a second or more is seen within about 15 % of its duration (BENCHMARKS.md, section 4).
	poll: Object.freeze({ minMs: 150, fraction: 0.15, maxMs: 15_000 }),
});

/** One item's run of an operation; `batch` is what the items of one run share (limiters). */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	timing: ActionTiming,
	batch: Batch,
) => Promise<INodeExecutionData[]>;
