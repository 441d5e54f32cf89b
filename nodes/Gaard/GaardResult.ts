/**
 * The Gaard classification result: one schema for the webhook payload, `GET /api/result/{id}`
 * and `POST /api/classify` (Gaard documents the three as the same JSON shape).
 *
 * Only API that zod 3 and zod 4 share is used: at run time `zod` resolves from the n8n that
 * hosts this package (n8nQuirks.ts), and that may be either.
 */
import { z } from 'zod';

import type { Outcome } from './outcome';

/** Optional in the docs' sense: absent, or `null` (as a pending result may carry). */
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullish();

const idLike = z.union([z.string(), z.number()]);

const statusSchema = z
	.object({
		classify: z.string(),
		video: optional(z.string()),
	})
	.passthrough();

const videoSpecsSchema = z
	.object({
		height: optional(z.number()),
		width: optional(z.number()),
		duration: optional(z.number()),
		fps: optional(z.number()),
		nframes: optional(z.number()),
		'original.width': optional(z.number()),
		'original.height': optional(z.number()),
		'original.fps': optional(z.number()),
		'original.nframes': optional(z.number()),
	})
	.passthrough();

const videoSchema = z
	.object({
		videoname: optional(z.string()),
		filename: optional(z.string()),
		filesize: optional(z.number()),
		specs: optional(videoSpecsSchema),
	})
	.passthrough();

/** The metadata sent with the classification request: free keys, camera and site ids among them. */
const metadataSchema = z
	.object({
		camera_id: optional(idLike),
		site_id: optional(idLike),
	})
	.passthrough();

/**
 * A result id: Gaard's are 24 hex characters; other printable ids are accepted up to
 * `RESULT_BOUNDS.maxIdLength`, except ids made only of dots, which a URL would read as a path step.
 */
const RESULT_ID = /^(?!\.+$)[\x21-\x7e]+$/;

/**
 * How large a body may be before it is refused unread: the docs' example has 40 values, 4 levels
 * deep, its longest array 13 entries. Checked before the schema, in time bounded by these numbers
 * whatever the body, so that a huge or hostile body costs little and gets a short answer.
 */
export const RESULT_BOUNDS = Object.freeze({
	maxIdLength: 128,
	maxDepth: 16,
	/** Values (objects, arrays, strings, numbers...) in the whole body. */
	maxValues: 10_000,
	maxArrayLength: 1_000,
	maxObjectKeys: 1_000,
	maxStringLength: 16_384,
	maxKeyLength: 256,
	/** What a refusal lists: the first issues, each cut short. */
	maxIssues: 10,
	maxIssueChars: 200,
});

const gaardResultSchema = z
	.object({
		id: z
			.string()
			.max(RESULT_BOUNDS.maxIdLength)
			.regex(RESULT_ID, 'Expected a result ID: printable characters without spaces, not only dots'),
		status: statusSchema,
		parent_id: optional(z.string()),
		camera_id: optional(z.string()),
		analyse_id: optional(z.number().int()),
		tenant: optional(z.string()),
		duration: optional(z.number()),
		duration_seconds: optional(z.number()),
		model: optional(z.string()),
		version: optional(z.string()),
		error_code: optional(z.number().int()),
		error_msg: optional(z.string()),
		risk: optional(z.string()),
		labels: optional(z.array(z.string())),
		result: optional(z.string()),
		scores: optional(z.record(z.string(), z.number())),
		video: optional(videoSchema),
		metadata: optional(metadataSchema),
		created_at: optional(z.string()),
		started_at: optional(z.string()),
	})
	// Gaard may add fields: keep them.
	.passthrough();

export type GaardResult = z.infer<typeof gaardResultSchema>;

export interface GaardResultIssue {
	/** Dotted path of the bad field, `(root)` for the body itself. */
	path: string;
	message: string;
}

/** Why a body is not a Gaard result: a one-line message, and each bad field. */
interface InvalidResult {
	message: string;
	issues: GaardResultIssue[];
}

const clip = (text: string) =>
	text.length > RESULT_BOUNDS.maxIssueChars ? `${text.slice(0, RESULT_BOUNDS.maxIssueChars - 3)}...` : text;

const pathText = (path: Array<string | number>) => (path.length ? clip(path.map(String).join('.')) : '(root)');

/**
 * The first place where a JSON value breaks `RESULT_BOUNDS`, holds a number that is not finite
 * (`1e999` parses as Infinity), or a `__proto__` key; null when there is none. It stops at the
 * first, and never looks at more than `maxValues` values or into an over-long array.
 */
function boundsIssue(body: unknown): GaardResultIssue | null {
	const bounds = RESULT_BOUNDS;
	const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: body, path: [] }];
	for (let seen = 0; stack.length; seen++) {
		const { value, path } = stack.pop()!;
		const issue = (message: string) => ({ path: pathText(path), message });
		if (seen >= bounds.maxValues) return issue(`The body holds more than ${bounds.maxValues} values`);
		if (typeof value === 'number' && !Number.isFinite(value)) return issue('Expected a finite number');
		if (typeof value === 'string' && value.length > bounds.maxStringLength) {
			return issue(`Expected at most ${bounds.maxStringLength} characters`);
		}
		if (value === null || typeof value !== 'object') continue;
		if (path.length >= bounds.maxDepth) return issue(`Nested deeper than ${bounds.maxDepth} levels`);
		if (Array.isArray(value)) {
			if (value.length > bounds.maxArrayLength) return issue(`Expected at most ${bounds.maxArrayLength} entries`);
			for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: [...path, index] });
			continue;
		}
		let keys = 0;
		// Counted as they come, so that an object of a million keys is not listed whole.
		for (const key in value) {
			if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
			if (++keys > bounds.maxObjectKeys) return issue(`Expected at most ${bounds.maxObjectKeys} keys`);
			if (key.length > bounds.maxKeyLength) return issue(`A key is longer than ${bounds.maxKeyLength} characters`);
			if (key === '__proto__') return issue('A key named __proto__ is not allowed');
			stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
		}
	}
	return null;
}

function invalid(issues: GaardResultIssue[], total = issues.length): Outcome<never, InvalidResult> {
	const [first] = issues;
	const more = total > 1 ? ` (and ${total - 1} more)` : '';
	return { ok: false, reason: { issues, message: `Not a valid Gaard result: ${first.path}: ${first.message}${more}` } };
}

/**
 * Validates a body as a Gaard result. On success the result is the input object itself, so
 * every field stays exactly as Gaard sent it (key order, unknown fields). A refusal lists at most
 * `maxIssues` issues, each short, so that its size stays small whatever the body.
 */
export function parseGaardResult(body: unknown): Outcome<GaardResult, InvalidResult> {
	const outOfBounds = boundsIssue(body);
	if (outOfBounds) return invalid([outOfBounds]);
	const parsed = gaardResultSchema.safeParse(body);
	if (parsed.success) return { ok: true, value: body as GaardResult };
	const { issues } = parsed.error;
	return invalid(
		issues
			.slice(0, RESULT_BOUNDS.maxIssues)
			.map((issue) => ({ path: pathText(issue.path as Array<string | number>), message: clip(issue.message) })),
		issues.length,
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
export function scoreOf(result: Pick<GaardResult, 'scores'>, label: string | null | undefined): number | null {
	const scores = result.scores ?? {};
	if (!label) return null;
	if (typeof scores[label] === 'number') return scores[label];
	const wanted = label.toLowerCase();
	const key = Object.keys(scores).find((name) => name.toLowerCase() === wanted);
	// Every own key of validated scores holds a number.
	return key === undefined ? null : scores[key];
}
