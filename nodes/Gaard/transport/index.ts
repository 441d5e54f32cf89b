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
	IWebhookFunctions,
	NodeApiError,
} from 'n8n-workflow';

import { clock } from '../clock';
import { abortWith } from '../n8nQuirks';
import type { Outcome } from '../outcome';
import { ERROR_CODE_KEY, ERROR_MESSAGE_KEY, RETRY_AFTER_HEADER, gaardBaseUrl } from './contract';
import { type GaardFailure, gaardApiError } from './errors';
import { type Headers, firstHeader, NO_CLIENT_TIMEOUT, networkErrorCode, quotedText } from './http';
import { cancelSignalOf } from './cancel';
import { secretRedactor } from './redact';

export type GaardContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

/**
 * When a failed request is sent again.
 * - `read`: safe to repeat (GET): 429, 502, 503, 504 and dropped connections.
 * - `submit`: only when Gaard certainly did not take the job: 429, 503, connection refused.
 * - `none`: never.
 */
export type RetryPolicy = 'read' | 'submit' | 'none';

const RETRYABLE: Record<
	Exclude<RetryPolicy, 'none'>,
	{ statuses: number[]; networkCodes: Array<string | undefined> }
> = {
	read: {
		statuses: [429, 502, 503, 504],
		networkCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'],
	},
	submit: { statuses: [429, 503], networkCodes: ['ECONNREFUSED'] },
};

/** Whether `policy` sends a request again after it failed with an HTTP status or a network error. */
export function isRetryable(
	policy: RetryPolicy,
	failure: { status: number } | { networkCode: string | undefined },
): boolean {
	if (policy === 'none') return false;
	const { statuses, networkCodes } = RETRYABLE[policy];
	return 'status' in failure
		? statuses.includes(failure.status)
		: networkCodes.includes(failure.networkCode);
}

/** How one call to Gaard is paced and bounded: its attempts, the waits between them, its limits. */
interface RetrySchedule {
	attempts: number;
	/** The wait after the first failure, doubled after each further one. */
	firstDelayMs: number;
	/** A longer Retry-After than this is not waited for: the request fails with Gaard's ask. */
	maxRetryAfterMs: number;
	/** The longest one attempt may take, headers and body, unless the request sets `timeoutMs`. */
	attemptTimeoutMs: number;
	/** The longest the whole call may take, retries included, unless the request sets a `deadline`. */
	callDeadlineMs: number;
}

const RETRY_SCHEDULE: Readonly<RetrySchedule> = Object.freeze({
	attempts: 4,
	firstDelayMs: 500,
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
	/** The longest one attempt may take, headers and body (the sync API's wait: the node's timeout). */
	timeoutMs?: number;
	/**
	 * When the whole call, retries included, must be over (ms since the epoch): an attempt under
	 * way is aborted then, and no retry starts that could not end before it.
	 */
	deadline?: number;
	/** What the request is about, for messages: 'result with ID "65f0..."', 'the video upload'. */
	subject: string;
}

interface RawAnswer {
	statusCode: number;
	headers: Headers;
	/** Text, as asked for (`encoding`): empty when Gaard sent no body. */
	body: string;
}

/**
 * Retry-After in seconds, from either form the HTTP spec allows; undefined when it is neither, or
 * longer than any date. Node's HTTP parser has trimmed the value.
 */
function parseRetryAfter(value: string | undefined, now = clock.now()): number | undefined {
	if (!value || value.length > 64) return undefined;
	if (/^\d{1,9}$/.test(value)) return Number(value);
	if (!/^[A-Za-z]{3},/.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// Not JSON: the caller quotes the text instead.
	}
	return undefined;
}

/**
 * Gaard's message and code from an error body: its JSON `error` and `code`, else a snippet of
 * the text. Redacted before they are cut, so that no piece of a secret survives the cut.
 */
function gaardMessageOf(
	text: string,
	redact: (text: string) => string,
): { message?: string; code?: string } {
	const quote = (value: string) => quotedText(value, redact) || undefined;
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
	return {
		message: quote(
			text
				.replace(/<[^>]*>/g, ' ')
				.replace(/\s+/g, ' ')
				.trim(),
		),
	};
}

/** A failure as the call reports it; `gaardApiError` adds what the request was. */
type CallFailure = Omit<GaardFailure, 'method' | 'url' | 'subject' | 'tenant'>;

/** One call to Gaard as its attempts share it: where, for how long, how it may be retried. */
interface Call {
	request: GaardRequest;
	baseURL: string;
	redact: (text: string) => string;
	retry: RetryPolicy;
	attemptTimeoutMs: number;
	/** When the call must be over (ms since the epoch). */
	deadline: number;
	/** The limit a timeout message names: the one the request set, else the call's deadline. */
	statedLimitMs: number;
	cancel: AbortSignal;
	fail: (failure: CallFailure) => NodeApiError;
}

/** What one attempt came to: Gaard's JSON, or a failure and whether the call's policy retries it. */
type AttemptOutcome = Outcome<IDataObject, FailedAttempt>;
interface FailedAttempt {
	failure: Omit<CallFailure, 'attempts'>;
	retryable: boolean;
}

async function startCall(this: GaardContext, request: GaardRequest): Promise<Call> {
	const credentials = await this.getCredentials('gaardApi');
	const baseURL = gaardBaseUrl(credentials);
	const redact = secretRedactor([String(credentials.accessToken ?? '')]);
	const tenant = String(credentials.tenant ?? '').trim() || undefined;
	const attemptTimeoutMs = request.timeoutMs ?? RETRY_SCHEDULE.attemptTimeoutMs;
	const startedAt = clock.now();
	const deadline =
		request.deadline ?? startedAt + Math.max(attemptTimeoutMs, RETRY_SCHEDULE.callDeadlineMs);
	const url = redact(`${baseURL}${request.path}`);
	return {
		request,
		baseURL,
		redact,
		retry: request.retry ?? 'none',
		attemptTimeoutMs,
		deadline,
		statedLimitMs: request.timeoutMs ?? deadline - startedAt,
		cancel: cancelSignalOf(this),
		fail: (failure) =>
			gaardApiError(this.getNode(), {
				...failure,
				method: request.method,
				url,
				subject: request.subject,
				tenant,
			}),
	};
}

/** One request to Gaard, ended at `limitMs` or when the execution is cancelled, and its answer read. */
async function attempt(this: GaardContext, call: Call, limitMs: number): Promise<AttemptOutcome> {
	const { request, retry } = call;
	const timedOut = clock.timeout(Math.max(1, limitMs));
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: call.baseURL,
		url: request.path,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		body: request.body?.(),
		// The signal ends the attempt, headers and body, at its limit.
		timeout: NO_CLIENT_TIMEOUT,
		// The answer is parsed here, so that a malformed one is reported as such.
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Following redirects would keep a copy of a streamed upload in memory.
		disableFollowRedirect: true,
	};
	abortWith(options, AbortSignal.any([call.cancel, timedOut]));

	let answer: RawAnswer;
	try {
		answer = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'gaardApi',
			options,
		)) as RawAnswer;
	} catch (error) {
		const networkCode = timedOut.aborted ? 'ETIMEDOUT' : networkErrorCode(error);
		// The limit is named only if the failure is a timeout.
		const failure = { networkCode, timeoutMs: call.statedLimitMs };
		return { ok: false, reason: { failure, retryable: isRetryable(retry, { networkCode }) } };
	}

	const text = answer.body;
	const status = answer.statusCode;
	if (Math.floor(status / 100) === 2) {
		const json = parseJson(text);
		if (json && typeof json === 'object' && !Array.isArray(json))
			return { ok: true, value: json as IDataObject };
		const gaardMessage = gaardMessageOf(text, call.redact).message;
		return {
			ok: false,
			reason: { failure: { status, invalidBody: true, gaardMessage }, retryable: false },
		};
	}
	const { message: gaardMessage, code: gaardCode } = gaardMessageOf(text, call.redact);
	const retryAfterSeconds = parseRetryAfter(firstHeader(answer.headers, RETRY_AFTER_HEADER));
	return {
		ok: false,
		reason: {
			failure: { status, gaardMessage, gaardCode, retryAfterSeconds },
			retryable: isRetryable(retry, { status }),
		},
	};
}

/**
 * How long to wait before attempt `attempts + 1`, or undefined to stop: the failure is not one
 * the policy retries, the attempts are spent, Gaard asks for a longer wait than allowed, or the
 * retry could not start before the call's deadline. Gaard's Retry-After wins over the backoff,
 * which doubles from `firstDelayMs`.
 */
function retryWaitMs(call: Call, attempts: number, failed: FailedAttempt): number | undefined {
	const schedule = RETRY_SCHEDULE;
	if (!failed.retryable || attempts >= schedule.attempts) return undefined;
	const { retryAfterSeconds } = failed.failure;
	const waitMs =
		retryAfterSeconds !== undefined
			? retryAfterSeconds * 1000
			: schedule.firstDelayMs * 2 ** (attempts - 1);
	if (waitMs > schedule.maxRetryAfterMs || clock.now() + waitMs >= call.deadline) return undefined;
	return waitMs;
}

/**
 * Calls Gaard: an attempt, then either its JSON, or a wait and another attempt, or the failure as
 * a NodeApiError (a cancelled execution's, when it was cancelled meanwhile).
 */
export async function gaardApiRequest(
	this: GaardContext,
	request: GaardRequest,
): Promise<IDataObject> {
	const call = await startCall.call(this, request);
	for (let attempts = 0; ; ) {
		if (call.cancel.aborted) throw call.fail({ cancelled: true, attempts });
		const limitMs = Math.min(call.attemptTimeoutMs, call.deadline - clock.now());
		if (limitMs <= 0)
			throw call.fail({ networkCode: 'ETIMEDOUT', timeoutMs: call.statedLimitMs, attempts });
		const outcome = await attempt.call(this, call, limitMs);
		attempts++;
		if (outcome.ok) return outcome.value;
		const waitMs = call.cancel.aborted ? undefined : retryWaitMs(call, attempts, outcome.reason);
		if (waitMs === undefined) {
			throw call.fail(
				call.cancel.aborted
					? { cancelled: true, attempts }
					: { ...outcome.reason.failure, attempts },
			);
		}
		await clock.sleep(waitMs, call.cancel);
	}
}
