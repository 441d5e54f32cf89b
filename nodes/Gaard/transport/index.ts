/**
 * The one function through which this package calls Gaard (`gaardApiRequest`): the credential's
 * base URL and authentication, a timeout, the retry policy, the JSON answer parsed here, and
 * every failure turned into a NodeApiError a user can act on (the token never appears in it).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { ERROR_CODE_KEY, ERROR_MESSAGE_KEY, RETRY_AFTER_HEADER, gaardBaseUrl } from './contract';
import { type GaardFailure, gaardApiError } from './errors';
import { cancelSignalOf, pause } from './pause';

export type GaardContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

/**
 * When a failed request is sent again.
 * - `read`: safe to repeat (GET): 429, 502, 503, 504 and dropped connections.
 * - `submit`: only when Gaard certainly did not take the job: 429, 503, connection refused.
 * - `none`: never.
 */
type RetryPolicy = 'read' | 'submit' | 'none';

const RETRYABLE: Record<RetryPolicy, { statuses: number[]; networkCodes: string[] }> = {
	read: {
		statuses: [429, 502, 503, 504],
		networkCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'],
	},
	submit: { statuses: [429, 503], networkCodes: ['ECONNREFUSED'] },
	none: { statuses: [], networkCodes: [] },
};

/** How often, and how far apart, a retryable request is sent. */
export interface RetrySchedule {
	attempts: number;
	/** The wait after the first failure, doubled after each further one, up to `maxDelayMs`. */
	firstDelayMs: number;
	maxDelayMs: number;
	/** A longer Retry-After than this is not waited for: the request fails with Gaard's ask. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: Readonly<RetrySchedule> = Object.freeze({
	attempts: 4,
	firstDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 30_000,
});

const DEFAULT_TIMEOUT_MS = 60_000;

export interface GaardRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	/** Called once per attempt, so that a streamed upload is opened afresh for a retry. */
	body?: () => object;
	retry?: RetryPolicy;
	/** The delays between attempts; tests pass shorter ones. */
	retrySchedule?: RetrySchedule;
	timeoutMs?: number;
	/** What the request is about, for messages: 'result with ID "65f0..."', 'the video upload'. */
	subject: string;
	itemIndex?: number;
}

interface RawAnswer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

function errorCode(error: unknown): string | undefined {
	// n8n wraps the HTTP client's error; the code sits on it or on one of its causes.
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code } = current as { code?: unknown };
		// ECONNREFUSED, ECONNRESET, ETIMEDOUT... and axios's ERR_CANCELED.
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function header(answer: RawAnswer, name: string): string | undefined {
	const value = answer.headers[name] ?? answer.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in seconds, from either form the HTTP spec allows. */
function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Gaard's message from an error body: its JSON `error`, else a short snippet of the text. */
function gaardMessageOf(text: string, secret: string): { message?: string; code?: string } {
	const json = parseJson(text);
	const redact = (value: string) => (secret ? value.split(secret).join('***') : value);
	if (json && typeof json === 'object' && !Array.isArray(json)) {
		const record = json as Record<string, unknown>;
		const message = record[ERROR_MESSAGE_KEY];
		const code = record[ERROR_CODE_KEY];
		return {
			message: typeof message === 'string' ? redact(message) : undefined,
			code: typeof code === 'string' ? code : undefined,
		};
	}
	const snippet = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
	return { message: snippet ? redact(snippet) : undefined };
}

function retryDelayMs(schedule: RetrySchedule, attempt: number, retryAfterSeconds: number | undefined): number {
	if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
	return Math.min(schedule.firstDelayMs * 2 ** (attempt - 1), schedule.maxDelayMs);
}

export async function gaardApiRequest(
	this: GaardContext,
	request: GaardRequest,
): Promise<IDataObject> {
	const credentials = await this.getCredentials('gaardApi');
	const baseURL = gaardBaseUrl(credentials);
	const token = String(credentials.accessToken ?? '');
	const tenant = String(credentials.tenant ?? '') || undefined;
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const retry = RETRYABLE[request.retry ?? 'none'];
	const schedule = request.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
	const url = `${baseURL}${request.path}`;
	const fail = (failure: Omit<GaardFailure, 'method' | 'url' | 'subject' | 'timeoutMs' | 'tenant'>) =>
		gaardApiError(
			this.getNode(),
			{ ...failure, method: request.method, url, subject: request.subject, timeoutMs, tenant },
			request.itemIndex,
		);

	for (let attempt = 1; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			headers: { Accept: 'application/json' },
			body: request.body?.(),
			timeout: timeoutMs,
			// The answer is parsed here, so that a malformed one is reported as such.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Following redirects would keep a copy of a streamed upload in memory.
			disableFollowRedirect: true,
		};

		let answer: RawAnswer;
		try {
			answer = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'gaardApi',
				options,
			)) as RawAnswer;
		} catch (error) {
			const networkCode = errorCode(error) ?? 'unknown';
			if (attempt < schedule.attempts && retry.networkCodes.includes(networkCode)) {
				await pause(retryDelayMs(schedule, attempt, undefined), cancelSignalOf(this));
				continue;
			}
			throw fail({ networkCode, attempts: attempt });
		}

		const text = typeof answer.body === 'string' ? answer.body : String(answer.body ?? '');
		const { statusCode } = answer;
		if (statusCode >= 200 && statusCode < 300) {
			const json = parseJson(text);
			if (json && typeof json === 'object' && !Array.isArray(json)) return json as IDataObject;
			throw fail({
				status: statusCode,
				invalidBody: true,
				gaardMessage: gaardMessageOf(text, token).message,
				attempts: attempt,
			});
		}

		const retryAfterSeconds = parseRetryAfter(header(answer, RETRY_AFTER_HEADER));
		const { message: gaardMessage, code: gaardCode } = gaardMessageOf(text, token);
		const waitMs = retryDelayMs(schedule, attempt, retryAfterSeconds);
		if (attempt < schedule.attempts && retry.statuses.includes(statusCode) && waitMs <= schedule.maxRetryAfterMs) {
			await pause(waitMs, cancelSignalOf(this));
			continue;
		}
		throw fail({ status: statusCode, gaardMessage, gaardCode, retryAfterSeconds, attempts: attempt });
	}
}
