import type { GaardResult } from '../GaardResult';
import { isErrorResult, resultCameraIds, resultSiteId } from '../GaardResult';
import { splitList } from './lists';

/** The trigger's `filters` collection, as the user set it. Lists are comma-separated. */
export interface ResultFilterParameters {
	risks?: string;
	labels?: string;
	minScore?: number;
	scoreLabel?: string;
	cameraIds?: string;
	siteIds?: string;
}

export interface ResultFilter {
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
		risks: lower(splitList(parameters.risks)),
		labels: lower(splitList(parameters.labels)),
		minScore: typeof minScore === 'number' && !Number.isNaN(minScore) ? minScore : undefined,
		scoreLabel: scoreLabel || undefined,
		cameraIds: splitList(parameters.cameraIds),
		siteIds: splitList(parameters.siteIds),
	};
}

/**
 * Why a result does not pass the filter, or null when it passes. Camera and site filters apply to
 * every result; risk, label and score filters only to results without an error, which have none
 * (error results are routed by the `errorResults` choice instead).
 */
export function filterRejection(result: GaardResult, filter: ResultFilter): string | null {
	if (filter.cameraIds.length && !resultCameraIds(result).some((id) => filter.cameraIds.includes(id))) {
		return 'camera';
	}
	const siteId = resultSiteId(result);
	if (filter.siteIds.length && (siteId === null || !filter.siteIds.includes(siteId))) return 'site';
	if (isErrorResult(result)) return null;

	if (filter.risks.length && !filter.risks.includes(String(result.risk ?? '').toLowerCase())) return 'risk';
	const labels = lower(result.labels ?? []);
	if (filter.labels.length && !filter.labels.some((label) => labels.includes(label))) return 'labels';
	if (filter.minScore !== undefined) {
		const label = filter.scoreLabel ?? result.risk ?? '';
		// Score keys keep Gaard's case (`NOTHING`); match them case-insensitively.
		const key = Object.keys(result.scores ?? {}).find((name) => name.toLowerCase() === label.toLowerCase());
		const score = key === undefined ? undefined : result.scores?.[key];
		if (score === undefined || score < filter.minScore) return 'score';
	}
	return null;
}
