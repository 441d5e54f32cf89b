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
import { type GaardFailure, gaardApiError, networkErrorCode } from './errors';
import { cancelSignalOf, pause } from './pause';
import { secretRedactor } from './redact';

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

/** How one call to Gaard is paced and bounded: its attempts, the waits between them, its limits. */
export interface RetrySchedule {
	attempts: number;
	/** The wait after the first failure, doubled after each further one, up to `maxDelayMs`. */
	firstDelayMs: number;
	maxDelayMs: number;
	/** A longer Retry-After than this is not waited for: the request fails with Gaard's ask. */
	maxRetryAfterMs: number;
	/** The longest one attempt may take, headers and body, unless the request sets `timeoutMs`. */
	attemptTimeoutMs: number;
	/** The longest the whole call may take, retries included, unless the request sets a `deadline`. */
	callDeadlineMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: Readonly<RetrySchedule> = Object.freeze({
	attempts: 4,
	firstDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 30_000,
	attemptTimeoutMs: 60_000,
	callDeadlineMs: 120_000,
});

export interface GaardRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	/** Called once per attempt, so that a streamed upload is opened afresh for a retry. */
	body?: () => object;
	retry?: RetryPolicy;
	/** The delays between attempts; tests pass shorter ones. */
	retrySchedule?: RetrySchedule;
	/** The longest one attempt may take, headers and body (the sync API's wait: the node's timeout). */
	timeoutMs?: number;
	/**
	 * When the whole call, retries included, must be over (ms since the epoch): an attempt under
	 * way is aborted then, and no retry starts that could not end before it.
	 */
	deadline?: number;
	/** What the request is about, for messages: 'result with ID "65f0..."', 'the video upload'. */
	subject: string;
	itemIndex?: number;
}

interface RawAnswer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

function header(answer: RawAnswer, name: string): string | undefined {
	const value = answer.headers[name] ?? answer.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in seconds, from either form the HTTP spec allows; undefined when it is neither. */
function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value || value.length > 64) return undefined;
	if (/^\s*\d{1,9}\s*$/.test(value)) return Number(value);
	if (!/^[A-Za-z]{3},/.test(value.trim())) return undefined;
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

/** The longest Gaard message or code quoted in an error. */
const MAX_QUOTED_CHARS = 200;

/**
 * Gaard's message and code from an error body: its JSON `error` and `code`, else a snippet of
 * the text. Redacted before they are cut, so that no piece of a secret survives the cut.
 */
function gaardMessageOf(text: string, redact: (text: string) => string): { message?: string; code?: string } {
	const quote = (value: string) => redact(value).slice(0, MAX_QUOTED_CHARS) || undefined;
	const json = parseJson(text);
	if (json && typeof json === 'object' && !Array.isArray(json)) {
		const record = json as Record<string, unknown>;
		const message = record[ERROR_MESSAGE_KEY];
		const code = record[ERROR_CODE_KEY];
		return {
			message: typeof message === 'string' ? quote(message) : undefined,
			code: typeof code === 'string' || typeof code === 'number' ? quote(String(code)) : undefined,
		};
	}
	return { message: quote(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()) };
}

function retryDelayMs(schedule: RetrySchedule, attempt: number, retryAfterSeconds: number | undefined): number {
	if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
	return Math.min(schedule.firstDelayMs * 2 ** (attempt - 1), schedule.maxDelayMs);
}

/**
 * Gives the request `signal` as its abort signal. n8n's authenticated request helper sets
 * `abortSignal` to the execution's cancel signal itself (n8n 2.x, in execute contexts), which
 * would drop the attempt's time limit: whatever it sets is combined with `signal` instead.
 */
function abortWith(options: IHttpRequestOptions, signal: AbortSignal): void {
	let setByN8n: AbortSignal | undefined;
	Object.defineProperty(options, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => (setByN8n && setByN8n !== signal ? AbortSignal.any([signal, setByN8n]) : signal),
		set: (value: AbortSignal | undefined) => {
			setByN8n = value;
		},
	});
}

/** An attempt's signal: aborted at its time limit, or when the execution is cancelled. */
function attemptSignal(limitMs: number, cancel: AbortSignal | undefined): { signal: AbortSignal; timedOut: AbortSignal } {
	const timedOut = AbortSignal.timeout(Math.max(1, limitMs));
	return { signal: cancel ? AbortSignal.any([cancel, timedOut]) : timedOut, timedOut };
}

export async function gaardApiRequest(
	this: GaardContext,
	request: GaardRequest,
): Promise<IDataObject> {
	const credentials = await this.getCredentials('gaardApi');
	const baseURL = gaardBaseUrl(credentials);
	const redact = secretRedactor([String(credentials.accessToken ?? '')]);
	const tenant = String(credentials.tenant ?? '').trim() || undefined;
	const schedule = request.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
	const attemptTimeoutMs = request.timeoutMs ?? schedule.attemptTimeoutMs;
	const callStartedAt = Date.now();
	const deadline = request.deadline ?? callStartedAt + Math.max(attemptTimeoutMs, schedule.callDeadlineMs);
	/** The limit a timeout message names: the one the request set, else the call's deadline. */
	const statedLimitMs = request.timeoutMs ?? deadline - callStartedAt;
	const retry = RETRYABLE[request.retry ?? 'none'];
	const cancel = cancelSignalOf(this);
	const url = `${baseURL}${request.path}`;
	const fail = (failure: Omit<GaardFailure, 'method' | 'url' | 'subject' | 'tenant'>) =>
		gaardApiError(
			this.getNode(),
			{ ...failure, method: request.method, url: redact(url), subject: request.subject, tenant },
			request.itemIndex,
		);
	/** Waits before attempt `attempt + 1`, or says why there is none. */
	const waitToRetry = async (waitMs: number): Promise<boolean> => {
		if (waitMs > schedule.maxRetryAfterMs || Date.now() + waitMs >= deadline) return false;
		await pause(waitMs, cancel);
		return !cancel?.aborted;
	};

	for (let attempt = 1; ; attempt++) {
		const limitMs = Math.min(attemptTimeoutMs, deadline - Date.now());
		if (cancel?.aborted) throw fail({ cancelled: true, attempts: attempt - 1 });
		if (limitMs <= 0) throw fail({ networkCode: 'ETIMEDOUT', timeoutMs: statedLimitMs, attempts: attempt - 1 });
		const { signal, timedOut } = attemptSignal(limitMs, cancel);
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			headers: { Accept: 'application/json' },
			body: request.body?.(),
			// `timeout` only limits silence; the signal ends the attempt, headers and body, at its limit.
			timeout: limitMs,
			// The answer is parsed here, so that a malformed one is reported as such.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Following redirects would keep a copy of a streamed upload in memory.
			disableFollowRedirect: true,
		};
		abortWith(options, signal);

		let answer: RawAnswer;
		try {
			answer = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'gaardApi',
				options,
			)) as RawAnswer;
		} catch (error) {
			if (cancel?.aborted) throw fail({ cancelled: true, attempts: attempt });
			const networkCode = timedOut.aborted ? 'ETIMEDOUT' : (networkErrorCode(error) ?? 'unknown');
			const timeoutMs = networkCode === 'ETIMEDOUT' || networkCode === 'ECONNABORTED' ? statedLimitMs : undefined;
			if (
				attempt < schedule.attempts &&
				retry.networkCodes.includes(networkCode) &&
				(await waitToRetry(retryDelayMs(schedule, attempt, undefined)))
			) {
				continue;
			}
			if (cancel?.aborted) throw fail({ cancelled: true, attempts: attempt });
			throw fail({ networkCode, timeoutMs, attempts: attempt });
		}

		const text = typeof answer.body === 'string' ? answer.body : String(answer.body ?? '');
		const { statusCode } = answer;
		if (statusCode >= 200 && statusCode < 300) {
			const json = parseJson(text);
			if (json && typeof json === 'object' && !Array.isArray(json)) return json as IDataObject;
			throw fail({
				status: statusCode,
				invalidBody: true,
				gaardMessage: gaardMessageOf(text, redact).message,
				attempts: attempt,
			});
		}

		const retryAfterSeconds = parseRetryAfter(header(answer, RETRY_AFTER_HEADER));
		const { message: gaardMessage, code: gaardCode } = gaardMessageOf(text, redact);
		if (
			attempt < schedule.attempts &&
			retry.statuses.includes(statusCode) &&
			(await waitToRetry(retryDelayMs(schedule, attempt, retryAfterSeconds)))
		) {
			continue;
		}
		if (cancel?.aborted) throw fail({ cancelled: true, attempts: attempt });
		throw fail({ status: statusCode, gaardMessage, gaardCode, retryAfterSeconds, attempts: attempt });
	}
}
