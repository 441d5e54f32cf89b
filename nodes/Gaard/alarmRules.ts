/**
 * What a result means to an operator: whether Gaard is done with it, whether it ended in an
 * error, whether it is an alarm. Both nodes' items and the trigger's filters read it here.
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
export function isAlarmResult(result: Pick<GaardResult, 'status' | 'error_code' | 'risk'>): boolean {
	const risk = result.risk?.toLowerCase();
	return isFinalResult(result) && !isErrorResult(result) && risk !== undefined && risk !== '' && !NON_ALARM_RISKS.includes(risk);
}
