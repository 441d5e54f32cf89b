/**
 * What a result means to an operator: whether Gaard is done with it, whether it ended in an
 * error, whether it is an alarm, and which camera, site and scores it names. Both nodes' items
 * and the trigger's filters read it here.
 */
import type { GaardResult } from './GaardResult';

/**
 * Assumed (Gaard documents only `done`): these `status.classify` values are final; any other
 * value (`pending`, `queued`, `processing`, ...) means Gaard is still working.
 */
const FINAL_CLASSIFY_STATUSES: readonly string[] = ['done', 'error', 'failed'];
const FAILED_CLASSIFY_STATUSES: readonly string[] = ['error', 'failed'];

/**
 * Risks that are not alarms. Gaard documents `safe`, `danger` and `intrusion` as examples; the
 * rest of this list is our decision (a score key `NOTHING` exists).
 */
const NON_ALARM_RISKS: readonly string[] = ['safe', 'nothing', 'none', 'clear'];

export function isFinalResult(result: Pick<GaardResult, 'status'>): boolean {
	return FINAL_CLASSIFY_STATUSES.includes(result.status.classify.toLowerCase());
}

/** Doc: `error_code != 0` is a completed result with an error; a failed status is one too. */
export function isErrorResult(result: Pick<GaardResult, 'status' | 'error_code'>): boolean {
	return (
		(result.error_code ?? 0) !== 0 ||
		FAILED_CLASSIFY_STATUSES.includes(result.status.classify.toLowerCase())
	);
}

/** Final, not an error, and the risk is not one of the non-alarm risks: what operators act on. */
export function isAlarmResult(
	result: Pick<GaardResult, 'status' | 'error_code' | 'risk'>,
): boolean {
	const risk = result.risk?.toLowerCase();
	return (
		isFinalResult(result) &&
		!isErrorResult(result) &&
		risk !== undefined &&
		risk !== '' &&
		!NON_ALARM_RISKS.includes(risk)
	);
}

function idString(value: string | number | null | undefined): string | null {
	return value === null || value === undefined || value === '' ? null : String(value);
}

/** The camera as the user knows it: the metadata's camera id, else Gaard's top-level one. */
export function resultCameraIds(result: GaardResult): string[] {
	return [idString(result.metadata?.camera_id), idString(result.camera_id)].filter(
		(id): id is string => id !== null,
	);
}

export function resultSiteId(result: GaardResult): string | null {
	return idString(result.metadata?.site_id);
}

/**
 * The score of a label. Gaard's labels and risks are lower case while some score keys are not
 * (`NOTHING`), so a key spelled exactly like the label wins, else one that differs only in case.
 * Null when there is none, or no label. The derived fields and the trigger's filters both read scores here.
 */
export function scoreOf(
	result: Pick<GaardResult, 'scores'>,
	label: string | null | undefined,
): number | null {
	const scores = result.scores ?? {};
	if (!label) return null;
	if (typeof scores[label] === 'number') return scores[label];
	const wanted = label.toLowerCase();
	const key = Object.keys(scores).find((name) => name.toLowerCase() === wanted);
	// Every own key of validated scores holds a number.
	return key === undefined ? null : scores[key];
}
