/** Gaard's failures in words a user can act on, as NodeApiErrors that never hold the token. */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { TOKEN_HELP, TOKEN_INVALID_MESSAGE } from './contract';
import { networkFailureWords } from './http';

/** What went wrong, in terms a user can act on. Never holds the token. */
export interface GaardFailure {
	/** HTTP status, or undefined when no answer came (network error, timeout). */
	status?: number;
	/** Gaard's own message (`error` of its JSON body), or a snippet of any other body. */
	gaardMessage?: string;
	gaardCode?: string;
	/** Network error code such as ECONNREFUSED, when there was no answer. */
	networkCode?: string;
	/** Seconds Gaard asked us to wait (Retry-After). */
	retryAfterSeconds?: number;
	/** How many attempts were made (retries included). */
	attempts: number;
	method: string;
	url: string;
	/** What the request was about, for messages: 'result with ID "65f0..."', 'the video upload'. */
	subject: string;
	timeoutMs?: number;
	tenant?: string;
	/** A 2xx answer whose body is not the JSON expected. */
	invalidBody?: boolean;
	/** The execution was cancelled while the request was under way or waiting to be retried. */
	cancelled?: boolean;
}

/** `1 s`, `0.3 s`, `120 s`: to a tenth of a second. */
function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(1))} s`;
}

function said(failure: GaardFailure): string {
	return failure.gaardMessage ? ` Gaard said: "${failure.gaardMessage}".` : '';
}

function askedToWait(failure: GaardFailure): string {
	return failure.retryAfterSeconds !== undefined
		? ` Gaard asked to retry after ${failure.retryAfterSeconds} s.`
		: '';
}

function retried(failure: GaardFailure): string {
	return failure.attempts > 1 ? ` (after ${failure.attempts} attempts)` : '';
}

/** Message and description for each kind of failure. */
function describeFailure(failure: GaardFailure): { message: string; description: string } {
	const { status } = failure;
	const where = `${failure.method} ${failure.url}`;
	if (failure.cancelled) {
		return {
			message: 'The execution was cancelled while waiting for Gaard',
			description: `${where} was stopped when the execution was cancelled.`,
		};
	}
	if (failure.invalidBody) {
		return {
			message: `Gaard answered ${where} with something that is not a JSON result`,
			description: `Check that the credential's base URL points at Gaard, not at a proxy or login page.${said(failure)}`,
		};
	}
	if (status === undefined) {
		const code = failure.networkCode;
		if (code === undefined) {
			return {
				message: `The request to Gaard failed before Gaard answered${retried(failure)}`,
				description: `${where} could not be sent, or its answer not read.`,
			};
		}
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
			return {
				message: `Gaard did not answer within ${seconds(failure.timeoutMs ?? 0)}${retried(failure)}`,
				description: `${where} timed out. Gaard may be busy; try again later, or raise the timeout.`,
			};
		}
		return {
			message: `Could not reach Gaard: ${networkFailureWords(code, 'Gaard') ?? `network error ${code}`}${retried(failure)}`,
			description: `${where} failed. Check the credential's environment or base URL and that this n8n can reach it.`,
		};
	}
	switch (true) {
		case status === 401:
			return {
				message: TOKEN_INVALID_MESSAGE,
				description: `${TOKEN_HELP}${said(failure)}`,
			};
		case status === 403:
			return {
				message: `The access token may not do this${failure.tenant ? ` in tenant "${failure.tenant}"` : ''}`,
				description: `Check the tenant in the Gaard API credential and the token's rights.${said(failure)}`,
			};
		case status === 404 && failure.method === 'GET':
			return {
				message: `Gaard has no ${failure.subject}`,
				description: `Check the ID and that the credential's tenant is the one that produced it.${said(failure)}`,
			};
		case status === 404:
			return {
				message: `Gaard answered 404 to ${failure.subject}: no Gaard API at this address`,
				description: `${where} was not found. Check Environment and Base URL in the Gaard API credential.${said(failure)}`,
			};
		case status === 413:
			return {
				message: 'The video is too large for Gaard',
				description: `Send a shorter or more compressed clip.${said(failure)}`,
			};
		case status === 429:
			return {
				message: `Gaard is busy: too many requests${retried(failure)}`,
				description: `Space the requests out, or turn on Retry On Fail in the node's settings.${askedToWait(failure)}${said(failure)}`,
			};
		case status >= 500:
			return {
				message: `Gaard is busy or unavailable (HTTP ${status})${retried(failure)}`,
				description: `Try again later, or turn on Retry On Fail in the node's settings.${askedToWait(failure)}${said(failure)}`,
			};
		case status >= 400:
			return {
				message: `Gaard rejected the request (HTTP ${status})${failure.gaardMessage ? `: ${failure.gaardMessage}` : ''}`,
				description: `${where} was refused. Check the node's parameters.`,
			};
		default:
			return {
				message: `Unexpected answer from Gaard (HTTP ${status})`,
				description: `${where}.${said(failure)}`,
			};
	}
}

/** The failure as n8n's API error; the router gives it its item's index. */
export function gaardApiError(node: INode, failure: GaardFailure): NodeApiError {
	const { message, description } = describeFailure(failure);
	// A plain, token-free object: n8n shows it as the error's details. Keys avoid `code` and
	// `status` so that n8n keeps our message instead of a generic one for that code (n8nQuirks.ts).
	const details: JsonObject = {
		request: `${failure.method} ${failure.url}`,
		httpStatus: failure.status ?? null,
		gaardMessage: failure.gaardMessage ?? null,
		gaardErrorCode: failure.gaardCode ?? null,
		networkError: failure.networkCode ?? null,
		attempts: failure.attempts,
	};
	return new NodeApiError(node, details, {
		message,
		description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
}
