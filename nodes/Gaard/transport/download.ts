/**
 * A video fetched from a URL for Classify Video (NVR/VMS clip exports, signed storage links, URLs
 * an AI agent passes). The download goes through n8n's HTTP helper (its proxy and outbound rules
 * apply) and its bytes flow straight into the upload to Gaard, never held whole in memory. Every
 * failure names the URL without its query string, user info or fragment: a signed link carries
 * its signature there, and header values are removed from any message quoted.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clock } from '../clock';
import {
	type Headers,
	MAX_QUOTED_TYPE_CHARS,
	MiB,
	NO_CLIENT_TIMEOUT,
	firstHeader,
	mediaType,
	networkErrorCode,
	networkFailureWords,
	quotedText,
} from './http';
import type { MultipartFile } from './multipart';
import { cancelSignalOf } from './cancel';
import { videoFileName, videoType } from './videoFileName';
import { secretRedactor } from './redact';

/**
 * The content types taken as a video. A missing type is accepted too (many recorders send none);
 * anything else (an HTML login page, a JSON error, an expired link's XML) is refused.
 */
const VIDEO_CONTENT_TYPE =
	/^(video\/[\w.+-]+|application\/(octet-stream|mp4)|binary\/octet-stream)$/;

const MAX_REDIRECTS = 5;

interface VideoDownloadRequest {
	url: string;
	/** Extra request headers, e.g. an Authorization header for a protected recorder. */
	headers: Record<string, string>;
	/** The largest video accepted, in bytes. */
	maxBytes: number;
	/** When the whole classify call must be over (ms since the epoch). */
	deadline: number;
}

/** A response body as n8n's helper returns it in stream mode (a Node readable stream). */
type ResponseStream = AsyncIterable<Uint8Array> & { destroy: (error?: Error) => void };

interface DownloadResponse {
	statusCode: number;
	headers: Headers;
	body: ResponseStream;
}

/** A video ready to stream into the upload; `release()` frees what was opened and never sent. */
export interface Video extends MultipartFile {
	release: () => void;
}

/** The URL as messages name it: scheme, host and path; never query, user info or fragment. */
export function shownUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The URL as a `URL`, or an error saying what is wrong with it (the value itself is not quoted). */
function parseVideoUrl(this: IExecuteFunctions, value: string): URL {
	// The URL parser drops the spaces around an address itself.
	const url = URL.canParse(value) ? new URL(value) : undefined;
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new NodeOperationError(
			this.getNode(),
			'Video URL must be a full http:// or https:// address',
			{
				description: url
					? `"${url.protocol}" addresses are not downloaded.`
					: 'The value is not a URL.',
			},
		);
	}
	return url;
}

function megabytes(bytes: number): string {
	return `${Number((bytes / MiB).toFixed(1))} MB`;
}

/** One download as its steps share it: the URL, how it is named in errors, what must never show. */
interface Download {
	request: VideoDownloadRequest;
	url: URL;
	/** The URL as errors name it. */
	shown: string;
	redact: (text: string) => string;
	cancel: AbortSignal;
	fail: (message: string, description?: string) => NodeOperationError;
}

/**
 * An answer's body and what closes it. Destroying the stream n8n's helper hands over leaves the
 * connection open (the server goes on sending), so closing also aborts the request.
 */
interface OpenBody {
	chunks: ResponseStream;
	close: () => void;
}

/** What the server says of the video before a byte of it is read. */
interface OpenedVideo {
	body: OpenBody;
	size?: number;
	type: string;
	name: string;
}

function emptyVideo(download: Download): NodeOperationError {
	return download.fail(
		`The video at ${download.shown} is empty`,
		'The server sent no bytes: check that the clip was exported.',
	);
}

function tooLargeVideo(download: Download, what: string): NodeOperationError {
	return download.fail(
		`The video at ${download.shown} ${what}, more than the ${megabytes(download.request.maxBytes)} allowed`,
		'Raise Download Options > Max Size (MB), or send a shorter clip.',
	);
}

function longerThanAnnounced(download: Download, announced: number): NodeOperationError {
	return download.fail(
		`The video at ${download.shown} has more bytes than the ${announced} its server announced`,
		'The server compressed the clip although asked not to (Accept-Encoding: identity): turn compression off for videos on that server.',
	);
}

function downloadFailed(download: Download, error: unknown): NodeOperationError {
	const quoted = quotedText(
		String((error as { message?: unknown })?.message ?? '').replace(/\s+/g, ' '),
		download.redact,
	);
	return download.fail(
		`Could not download the video from ${download.shown}: ${networkFailureWords(networkErrorCode(error), 'the server') ?? (quoted || 'the request failed')}`,
		'Check the URL and that this n8n can reach its server.',
	);
}

/**
 * Why the body stopped while the next bytes were awaited from the server: our own size error as it
 * is; a cancellation as it is too, for the upload reports it; the time limit reached as the server
 * stalling (the upload would name Gaard); anything else as the download breaking off.
 */
function brokeOff(download: Download, error: unknown, received: number): unknown {
	if (error instanceof NodeOperationError || download.cancel.aborted) return error;
	if (clock.now() >= download.request.deadline) {
		return download.fail(
			`The download of ${download.shown} stalled after ${megabytes(received)}: no more bytes came before the timeout`,
			'The server stopped sending the clip: raise the Timeout option, or check the server.',
		);
	}
	return download.fail(
		`The download of ${download.shown} broke off after ${megabytes(received)}`,
		'The server closed the connection: try again.',
	);
}

/** Step 1: the GET, its answer's headers in, its body not yet read. */
async function openDownload(
	this: IExecuteFunctions,
	download: Download,
): Promise<{ response: DownloadResponse; body: OpenBody }> {
	const { request, cancel } = download;
	const remainingMs = Math.max(1, request.deadline - clock.now());
	const timedOut = clock.timeout(remainingMs);
	const closed = new AbortController();
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: download.url.href,
		// Compressed answers would make Content-Length a lie about the bytes Gaard receives.
		headers: {
			Accept: 'video/*, application/octet-stream;q=0.9, */*;q=0.1',
			'Accept-Encoding': 'identity',
			...request.headers,
		},
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		maxRedirects: MAX_REDIRECTS,
		// A header such as Authorization is for the recorder, not for a host it redirects to.
		sendCredentialsOnCrossOriginRedirect: false,
		timeout: NO_CLIENT_TIMEOUT,
		abortSignal: AbortSignal.any([cancel, timedOut, closed.signal]),
	};
	try {
		const response = (await this.helpers.httpRequest(options)) as DownloadResponse;
		const close = () => {
			response.body.destroy();
			closed.abort();
		};
		return { response, body: { chunks: response.body, close } };
	} catch (error) {
		if (cancel.aborted)
			throw download.fail(
				'The execution was cancelled while downloading the video',
				`GET ${download.shown} was stopped.`,
			);
		if (timedOut.aborted) {
			throw download.fail(
				`Could not download the video from ${download.shown}: no answer before the timeout`,
				'Raise the Timeout option, or check that the server is reachable from n8n.',
			);
		}
		throw downloadFailed(download, error);
	}
}

/** Step 2: what the answer says of the video (status, type, size, name); a refusal closes its body. */
function checkAnswer(
	download: Download,
	{ response, body }: { response: DownloadResponse; body: OpenBody },
): OpenedVideo {
	const refuse = (error: NodeOperationError) => {
		body.close();
		return error;
	};
	const { statusCode } = response;
	if (statusCode < 200 || statusCode >= 300) {
		throw refuse(
			download.fail(
				`Could not download the video from ${download.shown}: the server answered HTTP ${statusCode}`,
				statusAdvice(statusCode),
			),
		);
	}
	const contentType = mediaType(firstHeader(response.headers, 'content-type'));
	if (contentType && !VIDEO_CONTENT_TYPE.test(contentType)) {
		throw refuse(
			download.fail(
				`The file at ${download.shown} is not a video: the server sent "${quotedText(contentType, download.redact, MAX_QUOTED_TYPE_CHARS)}"`,
				'A web page or a JSON answer instead of the clip usually means a login page or an expired link.',
			),
		);
	}
	// Node's HTTP parser refuses an answer whose Content-Length is not a number. An empty clip is
	// refused once its body is read, still before a byte goes to Gaard.
	const lengthHeader = firstHeader(response.headers, 'content-length');
	const size = lengthHeader === undefined ? undefined : Number(lengthHeader);
	if ((size ?? 0) > download.request.maxBytes)
		throw refuse(tooLargeVideo(download, `is ${megabytes(size!)}`));
	const name = videoFileName(firstHeader(response.headers, 'content-disposition'), download.url);
	const type = videoType(contentType, name);
	return { body, size, type, name };
}

/**
 * Step 3: the body's chunks, checked against the size limit (a body of unannounced length) and
 * against the length announced: HTTP ends a body there, unless the server compressed it although
 * asked not to, which n8n's HTTP client decodes, dropping Content-Encoding but keeping the
 * compressed Content-Length that Gaard is told. A break in the stream names the URL.
 */
async function* checkedStream(
	download: Download,
	body: OpenBody,
	announced: number | undefined,
): AsyncGenerator<Uint8Array> {
	let received = 0;
	let whole = false;
	try {
		for await (const chunk of body.chunks) {
			received += chunk.byteLength;
			if (received > download.request.maxBytes) throw tooLargeVideo(download, 'has more bytes');
			if (received > (announced ?? Infinity)) throw longerThanAnnounced(download, announced!);
			yield chunk;
		}
		whole = true;
	} catch (error) {
		throw brokeOff(download, error, received);
	} finally {
		// Also when the upload stops reading (it failed): the server would go on sending.
		if (!whole) body.close();
	}
	if (received === 0) throw emptyVideo(download);
}

/**
 * Opens the video at `request.url` and checks what the server says of it (status, type, size)
 * before a byte goes to Gaard. Each further `open()` (an upload retried) downloads it afresh.
 */
export async function videoFromUrl(
	this: IExecuteFunctions,
	request: VideoDownloadRequest,
): Promise<Video> {
	const url = parseVideoUrl.call(this, request.url);
	const download: Download = {
		request,
		url,
		shown: shownUrl(url),
		redact: secretRedactor([
			url.search.slice(1),
			...url.searchParams.values(),
			url.username,
			url.password,
			url.hash.slice(1),
			...Object.values(request.headers),
		]),
		cancel: cancelSignalOf(this),
		fail: (message, description) =>
			new NodeOperationError(this.getNode(), message, { description }),
	};
	const openVideo = async () => checkAnswer(download, await openDownload.call(this, download));

	const first = await openVideo();
	let unread: OpenBody | undefined = first.body;
	return {
		name: first.name,
		type: first.type,
		size: first.size,
		open: async () => {
			let body = unread;
			unread = undefined;
			if (!body) {
				const again = await openVideo();
				if (again.size !== first.size) {
					again.body.close();
					throw download.fail(
						`The video at ${download.shown} changed size between two attempts`,
						'Try again once the clip no longer changes.',
					);
				}
				body = again.body;
			}
			return checkedStream(download, body, first.size);
		},
		release: () => {
			unread?.close();
			unread = undefined;
		},
	};
}

function statusAdvice(status: number): string {
	if (status === 401 || status === 403) {
		return 'The link may have expired or need authentication: renew the signed link, or add the header the server needs under Download Options > Headers.';
	}
	if (status === 404 || status === 410)
		return 'Check the URL: the clip may have been deleted or not exported yet.';
	if (status === 429 || status >= 500)
		return 'The server is busy or failing: try again later, or turn on Retry On Fail.';
	return 'Check the URL and the headers sent with it.';
}
