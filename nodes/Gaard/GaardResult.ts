/**
 * The Gaard classification result: one schema for the webhook payload, `GET /api/result/{id}`
 * and `POST /api/classify` (Gaard documents the three as the same JSON shape).
 *
 * Only API that zod 3 and zod 4 share is used: at run time `zod` resolves from the n8n that
 * hosts this package (n8nQuirks.ts), and that may be either.
 */
import { z } from 'zod';

import type { Outcome } from './outcome';
import type { GaardResultIssue } from './resultBounds';
import { RESULT_BOUNDS, boundsIssue, clip, pathText } from './resultBounds';

export type { GaardResultIssue };

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

/** Why a body is not a Gaard result: a one-line message, and each bad field. */
interface InvalidResult {
	message: string;
	issues: GaardResultIssue[];
}

function invalid(issues: GaardResultIssue[], total = issues.length): Outcome<never, InvalidResult> {
	const [first] = issues;
	const more = total > 1 ? ` (and ${total - 1} more)` : '';
	return {
		ok: false,
		reason: { issues, message: `Not a valid Gaard result: ${first.path}: ${first.message}${more}` },
	};
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
		issues.slice(0, RESULT_BOUNDS.maxIssues).map((issue) => ({
			path: pathText(issue.path as Array<string | number>),
			message: clip(issue.message),
		})),
		issues.length,
	);
}
