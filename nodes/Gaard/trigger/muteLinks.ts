/**
 * Mute links: a URL of the trigger's own `mute` webhook with a signed token that names one camera
 * and one duration (or none: the camera's page, to see and undo its mute), and expires.
 *
 * What was decided here, Gaard's API having no say in it:
 * - The key: 32 random bytes for each trigger, made when its workflow is published (or, failing
 *   that, at the first delivery that needs it) and kept in the trigger's static data, under
 *   MUTE_KEY, so that every n8n process that makes or checks a link has it. It never goes into an
 *   item, a log or a page. n8n keeps static data with the workflow: whoever may read the workflow
 *   (its owner and project, n8n's public API, an export of it) may read the key.
 * - A link lasts LINK_LIFETIME_MS from the alarm it came with: long enough for a night's alarms
 *   to be looked at the next morning, short enough that an old message, or a link that leaked,
 *   soon mutes nothing. What it mutes is set in it: one camera, for one duration.
 * - The token: `<claim>.<signature>`, the claim a base64url JSON object (camera, site, minutes,
 *   expiry in seconds, the key's id) and the signature its HMAC-SHA256 under the key, compared in
 *   constant time. A link made with another trigger's key is told apart by the key's id.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { Outcome } from '../outcome';

/** The static data key of the trigger's signing key. */
export const MUTE_KEY = 'muteKey';

/** The durations a user may offer, by the key each has in `_derived.muteLinks`, in minutes. */
export const MUTE_DURATIONS = {
	'5m': 5,
	'15m': 15,
	'30m': 30,
	'1h': 60,
	'2h': 120,
	'4h': 240,
	'8h': 480,
	'24h': 1440,
} as const;

export type MuteDuration = keyof typeof MUTE_DURATIONS;

/** How the page and the editor say a duration. */
export function durationInWords(minutes: number): string {
	if (minutes % 60) return `${minutes} minutes`;
	return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
}

/** How long a link works after the alarm it came with (see above). */
export const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The query parameter that carries a link's token. */
export const TOKEN_PARAMETER = 't';

/** The longest token read: a claim of the longest camera and site ids a result may hold, with room. */
const MAX_TOKEN_CHARS = 2000;

/** What a link says: which camera, for how long (0: its page only), until when the link works. */
export interface MuteClaim {
	camera: string;
	siteId: string | null;
	/** The mute's length in minutes; 0 for the camera's page, which mutes for a duration chosen there. */
	minutes: number;
	/** When the link stops working (ms since the epoch, a whole second). */
	expiresAt: number;
}

/** Why a link does nothing: not a link at all, another trigger's, changed, or too old. */
export type LinkProblem = 'malformed' | 'foreign' | 'tampered' | 'expired';

/** A new signing key: 32 random bytes, in hex. */
const newMuteKey = (): string => randomBytes(32).toString('hex');

/** The trigger's key as its static data holds it, if it holds one. */
export function muteKeyOf(staticData: IDataObject): string | undefined {
	const key = staticData[MUTE_KEY];
	return typeof key === 'string' && /^[0-9a-f]{64}$/.test(key) ? key : undefined;
}

/**
 * The trigger's key, made and put in its static data if it has none yet. `written`: the static
 * data key, when this call wrote it.
 */
export function ensureMuteKey(staticData: IDataObject): { key: string; written?: string } {
	const held = muteKeyOf(staticData);
	if (held) return { key: held };
	const key = newMuteKey();
	// Assigned through n8n's static data object, so that n8n notices the change and saves it.
	staticData[MUTE_KEY] = key;
	return { key, written: MUTE_KEY };
}

/** A short id of a key, carried in its links: not enough to guess anything of the key. */
const keyIdOf = (key: string): string =>
	createHash('sha256').update(`gaard-mute-key-id:${key}`).digest('base64url').slice(0, 8);

const signatureOf = (key: string, claim: string): Buffer =>
	createHmac('sha256', key).update(claim).digest();

/** A link's token for `claim`, signed with `key`. */
export function signMuteClaim(key: string, claim: MuteClaim): string {
	const encoded = Buffer.from(
		JSON.stringify({
			c: claim.camera,
			s: claim.siteId,
			m: claim.minutes,
			x: Math.floor(claim.expiresAt / 1000),
			k: keyIdOf(key),
		}),
	).toString('base64url');
	return `${encoded}.${signatureOf(key, encoded).toString('base64url')}`;
}

/** The claim of a token signed with `key`, if it is one, unchanged, and not expired at `now`. */
export function readMuteToken(
	key: string,
	token: unknown,
	now: number,
): Outcome<MuteClaim, LinkProblem> {
	const malformed = { ok: false, reason: 'malformed' } as const;
	if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return malformed;
	const [encoded, signature, ...rest] = token.split('.');
	if (!encoded || !signature || rest.length) return malformed;
	let fields: Record<string, unknown>;
	try {
		fields = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<
			string,
			unknown
		>;
	} catch {
		return malformed;
	}
	const { c: camera, s: siteId, m: minutes, x: expiresIn, k: keyId } = fields ?? {};
	if (
		typeof camera !== 'string' ||
		!camera ||
		!(siteId === null || typeof siteId === 'string') ||
		!(minutes === 0 || Object.values(MUTE_DURATIONS).includes(minutes as never)) ||
		!Number.isSafeInteger(expiresIn) ||
		typeof keyId !== 'string'
	) {
		return malformed;
	}
	if (keyId !== keyIdOf(key)) return { ok: false, reason: 'foreign' };
	const expected = signatureOf(key, encoded);
	const presented = Buffer.from(signature, 'base64url');
	if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
		return { ok: false, reason: 'tampered' };
	}
	const expiresAt = (expiresIn as number) * 1000;
	if (now >= expiresAt) return { ok: false, reason: 'expired' };
	return { ok: true, value: { camera, siteId, minutes: minutes as number, expiresAt } };
}

/**
 * The links an item carries under `_derived.muteLinks`: one for each duration offered, by its key
 * (`1h`...), and `manage`, the camera's page; `pageUrl` is the trigger's `mute` webhook.
 */
export function muteLinksFor(
	pageUrl: string,
	key: string,
	camera: { camera: string; siteId: string | null },
	durations: readonly MuteDuration[],
	issuedAt: number,
): Record<string, string> {
	const expiresAt = Math.floor((issuedAt + LINK_LIFETIME_MS) / 1000) * 1000;
	const link = (minutes: number) =>
		`${pageUrl}?${TOKEN_PARAMETER}=${signMuteClaim(key, { ...camera, minutes, expiresAt })}`;
	return {
		...Object.fromEntries(durations.map((duration) => [duration, link(MUTE_DURATIONS[duration])])),
		manage: link(0),
	};
}
