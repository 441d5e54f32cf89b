/**
 * What every HTTP exchange of this package shares, Gaard's API, a video's download and a delivery
 * alike: a header's first value and a media type, a failed request's network code and its wording,
 * how an error quotes a peer's text or a value the user set, and the unit sizes are given in.
 */

export const MiB = 1024 * 1024;

/**
 * The `timeout` a request gives n8n's HTTP client. That limit runs on the real clock (300 s when
 * unset); every limit of this package runs on its clock instead, as a signal from `clock.timeout`,
 * so 0 turns the client's own off.
 */
export const NO_CLIENT_TIMEOUT = 0;

/** The longest text of a peer (Gaard's message or code, a server's error) quoted in an error. */
export const MAX_QUOTED_CHARS = 200;

/** The longest part of a value the user set (a setting, a header name) that an error quotes. */
export const MAX_QUOTED_VALUE_CHARS = 40;

/** The longest part of an Allowed IPs entry that an error quotes: room for the longest IPv6 range. */
export const MAX_QUOTED_ADDRESS_CHARS = 60;

/** The longest part of a media type that an error quotes. */
export const MAX_QUOTED_TYPE_CHARS = 100;

/** A peer's text as an error quotes it: its secrets removed first, then cut, so that no piece of one survives the cut. */
export const quotedText = (
	text: string,
	redact: (text: string) => string,
	maxChars = MAX_QUOTED_CHARS,
): string => redact(text).slice(0, maxChars);

/** A value the user set, as an error quotes it: in double quotes, cut short. */
export const quotedValue = (value: unknown, maxChars = MAX_QUOTED_VALUE_CHARS): string =>
	`"${String(value).slice(0, maxChars)}"`;

/** Response or request headers as n8n hands them over: lower-case names, repeated ones as arrays. */
export type Headers = Record<string, string | string[] | undefined>;

/** The first value of header `name`, found under its own spelling or in lower case. */
export function firstHeader(headers: Headers, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The media type of a Content-Type value, `application/json` of `Application/JSON; charset=utf-8`; empty for none. */
export const mediaType = (contentType: string | undefined): string =>
	(contentType ?? '').split(';')[0].trim().toLowerCase();

/** ECONNREFUSED, ECONNRESET, ETIMEDOUT... of a failed request, wherever n8n's wrapping put it. */
export function networkErrorCode(error: unknown): string | undefined {
	// n8n wraps the HTTP client's error; the code sits on it or on one of its causes.
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
		const { code } = current as { code?: unknown };
		// ECONNREFUSED, ECONNRESET, ETIMEDOUT... and axios's ERR_CANCELED; never a number or undefined.
		if (/^E[A-Z_]+$/.test(String(code))) return code as string;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Network failures in words (n8n would replace a message quoting the bare code with its own:
 * n8nQuirks.ts);
 * `peer` is who did not answer: "Gaard", "the server".
 */
const NETWORK_WORDING: Record<string, (peer: string) => string> = {
	ECONNREFUSED: () => 'the connection was refused',
	ECONNRESET: (peer) => `the connection was closed before ${peer} answered`,
	EPIPE: () => 'the connection was closed while sending',
	ENOTFOUND: () => 'the host name does not resolve',
	EAI_AGAIN: () => 'the host name could not be resolved right now',
	EHOSTUNREACH: () => 'the host is unreachable',
	ETIMEDOUT: () => 'the connection timed out',
	ECONNABORTED: () => 'the request timed out',
	ERR_CANCELED: () => 'the execution was cancelled',
};

/** A network code in words, or undefined for a code without any. */
export function networkFailureWords(code: string | undefined, peer: string): string | undefined {
	return code && Object.prototype.hasOwnProperty.call(NETWORK_WORDING, code)
		? NETWORK_WORDING[code](peer)
		: undefined;
}
