/**
 * How this package talks to Gaard, where Gaard's public docs leave it open.
 *
 * Documented by Gaard: the base URLs, `POST /api/classify` (async, `?sync=true` waits),
 * `GET /api/result/{id}`, and the result's JSON shape (see ../GaardResult.ts).
 * Everything else below is our working assumption, decided here once so that a change on
 * Gaard's side is a change to this file only. The README lists the same assumptions.
 */

/** Documented base URLs; `custom` lets self-hosted and test installations use their own. */
export const GAARD_BASE_URLS = {
	production: 'https://app.gaard.ai',
	staging: 'https://staging.gaard.ai',
} as const;

type GaardEnvironment = keyof typeof GAARD_BASE_URLS | 'custom';

/** Assumed: every API request carries `Authorization: Bearer <personal access token>`. */
export const AUTHORIZATION_SCHEME = 'Bearer';

/** Assumed: a tenant named in the credential travels in this header; otherwise the token's default applies. */
export const TENANT_HEADER = 'X-Gaard-Tenant';

export const GAARD_PATHS = {
	/** Assumed: answers 200 with at least `{"tenant": "<slug>"}` for a valid token, 401 otherwise. */
	me: '/api/me',
	/** Documented; async answer assumed to be 202 with a pending result object. */
	classify: '/api/classify',
	/** Documented; 404 for an unknown id is assumed. */
	result: (id: string) => `/api/result/${encodeURIComponent(id)}`,
} as const;

/** Documented: `?sync=true` makes `POST /api/classify` wait for the final result. */
export const SYNC_QUERY = { sync: 'true' } as const;

/**
 * Assumed multipart field names of `POST /api/classify`: the file part `video`, optional text
 * parts, and `metadata` as a JSON object serialised to a string.
 */
export const CLASSIFY_FIELDS = {
	video: 'video',
	cameraId: 'camera_id',
	siteId: 'site_id',
	analyseId: 'analyse_id',
	flow: 'flow',
	metadata: 'metadata',
} as const;

/**
 * Assumed error body: `{"error": "<message>", "code": "<slug>"}` when Gaard can say why.
 * Any other body (HTML, text, empty) is possible and handled.
 */
export const ERROR_MESSAGE_KEY = 'error';
export const ERROR_CODE_KEY = 'code';

/** Assumed: 429 and 503 may carry `Retry-After` (seconds or an HTTP date). */
export const RETRY_AFTER_HEADER = 'retry-after';

export const TOKEN_INVALID_MESSAGE =
	'Gaard did not accept the access token: it is invalid or expired';

/** Where users mint personal access tokens; quoted in the 401 message. */
export const TOKEN_HELP =
	'Create a new personal access token (for example `gaard token create --name n8n --expires 720h`) and paste it into the Gaard API credential.';

/** The base URL a credential points at, without a trailing slash. */
export function gaardBaseUrl(credentials: { environment?: unknown; baseUrl?: unknown }): string {
	const environment = (credentials.environment ?? 'production') as GaardEnvironment;
	const url =
		environment === 'custom'
			? String(credentials.baseUrl ?? '')
			: (GAARD_BASE_URLS[environment] ?? GAARD_BASE_URLS.production);
	return url.trim().replace(/\/+$/, '');
}
