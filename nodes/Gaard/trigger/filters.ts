/** The trigger's filters: which results start the workflow. */
import {
	isAlarmResult,
	isErrorResult,
	resultCameraIds,
	resultSiteId,
	scoreOf,
} from '../alarmRules';
import type { GaardResult } from '../GaardResult';
import type { Outcome } from '../outcome';
import { splitList } from './lists';

/** The trigger's `filters` collection, as the user set it. Lists are comma-separated. */
export interface ResultFilterParameters {
	alarmsOnly?: boolean;
	risks?: string;
	labels?: string;
	minScore?: number;
	scoreLabel?: string;
	cameraIds?: string;
	siteIds?: string;
}

export interface ResultFilter {
	alarmsOnly: boolean;
	risks: string[];
	labels: string[];
	minScore?: number;
	scoreLabel?: string;
	cameraIds: string[];
	siteIds: string[];
}

const lower = (values: string[]) => values.map((value) => value.toLowerCase());

export function resultFilterFrom(parameters: ResultFilterParameters): ResultFilter {
	const scoreLabel = String(parameters.scoreLabel ?? '').trim();
	const minScore = parameters.minScore;
	return {
		alarmsOnly: parameters.alarmsOnly === true,
		risks: lower(splitList(parameters.risks)),
		labels: lower(splitList(parameters.labels)),
		minScore: typeof minScore === 'number' && !Number.isNaN(minScore) ? minScore : undefined,
		scoreLabel: scoreLabel || undefined,
		cameraIds: splitList(parameters.cameraIds),
		siteIds: splitList(parameters.siteIds),
	};
}

/** The filter a result did not pass. */
type FilterMiss = 'camera' | 'site' | 'alarm' | 'risk' | 'labels' | 'score';

/**
 * The result when it passes the filter, else which part it missed. Camera and site filters apply
 * to every result; the alarm, risk, label and score filters only to results without an error,
 * which have none (error results are routed by the `errorResults` choice instead).
 */
export function matchFilter(
	result: GaardResult,
	filter: ResultFilter,
): Outcome<GaardResult, FilterMiss> {
	const miss = (reason: FilterMiss) => ({ ok: false as const, reason });
	if (
		filter.cameraIds.length &&
		!resultCameraIds(result).some((id) => filter.cameraIds.includes(id))
	) {
		return miss('camera');
	}
	const siteId = resultSiteId(result);
	if (filter.siteIds.length && !filter.siteIds.some((id) => id === siteId)) return miss('site');
	if (!isErrorResult(result)) {
		if (filter.alarmsOnly && !isAlarmResult(result)) return miss('alarm');
		const risk = result.risk?.toLowerCase();
		if (filter.risks.length && !filter.risks.some((wanted) => wanted === risk)) return miss('risk');
		if (
			filter.labels.length &&
			!result.labels?.some((label) => filter.labels.includes(label.toLowerCase()))
		)
			return miss('labels');
		if (filter.minScore !== undefined) {
			const score = scoreOf(result, filter.scoreLabel ?? result.risk);
			// A result without the score does not reach any minimum, not even 0.
			if (score === null || score < filter.minScore) return miss('score');
		}
	}
	return { ok: true, value: result };
}
