/**
 * The n8n item of a Gaard result, the same from both nodes: Gaard's fields as sent, plus what this
 * package derives from them under `_derived`.
 */
import {
	isAlarmResult,
	isErrorResult,
	isFinalResult,
	resultCameraIds,
	resultSiteId,
	scoreOf,
} from './alarmRules';
import { clock } from './clock';
import type { GaardResult } from './GaardResult';

/** The label to show first: the best-scored of `labels`, else the best-scored score key. */
function topLabel(result: GaardResult): { label: string; score: number | null } | null {
	const candidates = result.labels?.length ? result.labels : Object.keys(result.scores ?? {});
	let best: { label: string; score: number | null } | null = null;
	for (const label of candidates) {
		const score = scoreOf(result, label);
		if (best === null || (score !== null && (best.score === null || score > best.score))) {
			best = { label, score };
		}
	}
	return best;
}

/** What this package adds to every item, under `_derived` (see GaardItem). */
export interface GaardDerivedFields {
	/** `status.classify` is final. */
	isFinal: boolean;
	/** A completed result with an error (`error_code != 0` or a failed status). */
	isError: boolean;
	/** Final, not an error, and the risk is not a non-alarm risk such as `safe`. */
	isAlarm: boolean;
	topLabel: string | null;
	topScore: number | null;
	/** The score of the label named by `risk`. */
	riskScore: number | null;
	cameraId: string | null;
	siteId: string | null;
	/** When this package received the result (ISO 8601). */
	receivedAt: string;
	/** Seconds from `created_at` to `receivedAt`; null for the sample. */
	latencySeconds: number | null;
	/**
	 * `webhook` (pushed by Gaard), `verified` (pushed, then fetched from Gaard to check it),
	 * `api` (fetched by the Gaard node) or `sample` (the documented example, for mapping fields).
	 */
	source: 'webhook' | 'verified' | 'api' | 'sample';
}

/**
 * An n8n item of a result. The derived fields sit under one key of their own so that they can
 * never collide with a field Gaard adds to its results: Gaard's fields are snake_case, never
 * with a leading `_`.
 */
export type GaardItem = GaardResult & { _derived: GaardDerivedFields };

function deriveFields(
	result: GaardResult,
	source: GaardDerivedFields['source'],
	receivedAt: Date = new Date(clock.now()),
): GaardDerivedFields {
	const isFinal = isFinalResult(result);
	const isError = isErrorResult(result);
	const top = topLabel(result);
	const createdAt = result.created_at ? Date.parse(result.created_at) : Number.NaN;
	return {
		isFinal,
		isError,
		isAlarm: isAlarmResult(result),
		topLabel: top?.label ?? null,
		topScore: top?.score ?? null,
		riskScore: scoreOf(result, result.risk),
		cameraId: resultCameraIds(result)[0] ?? null,
		siteId: resultSiteId(result),
		receivedAt: receivedAt.toISOString(),
		// The sample's created_at is the date of Gaard's documentation: a delay from it would mean nothing.
		latencySeconds:
			source === 'sample' || Number.isNaN(createdAt)
				? null
				: Math.round((receivedAt.getTime() - createdAt) / 10) / 100,
		source,
	};
}

/** The n8n item of a result: Gaard's fields as sent, plus the derived ones under `_derived`. */
export function toGaardItem(
	result: GaardResult,
	source: GaardDerivedFields['source'],
	receivedAt?: Date,
): GaardItem {
	return { ...result, _derived: deriveFields(result, source, receivedAt) };
}
