/**
 * A recorder's clip export on 127.0.0.1, for Classify Video's URL source: it serves registered
 * clips (bytes, or a file on disk, streamed) at `/clips/<name>`, whatever the query string (a
 * signed link's signature), and misbehaves as a clip asks, as real recorders and storage links do:
 * no Content-Length (chunked), another content type or none, another status, a connection cut
 * after some bytes, no answer at all. `/redirect?to=<path or URL>` answers 302 to it.
 * Every request is recorded with its headers.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';

import { listen } from './loopback';
import type { TestClock } from './testClock';

export interface ClipRequest {
	path: string;
	query: string;
	headers: IncomingHttpHeaders;
}

export interface ClipBehaviour {
	/** Send no Content-Length: the length is not known in advance. */
	chunked?: boolean;
	/** The Content-Type sent; an empty string sends none. */
	type?: string;
	/** The status sent: with a page, or with the clip when `type` is given too. */
	status?: number;
	/** Sent as Content-Disposition's file name. */
	fileName?: string;
	/** Cut the connection after this many bytes of the clip. */
	breakAt?: number;
	/** Never answer. */
	silent?: boolean;
	/** Close the connection without answering. */
	hangUp?: boolean;
	/** Send the clip gzip-compressed (its length the compressed one), whatever the request accepts. */
	gzip?: boolean;
	/** Send this many bytes of the clip, then hold the connection open without sending more. */
	stallAt?: number;
}

export interface ClipServer {
	url: string;
	requests: ClipRequest[];
	/** Requests of silent or stalled clips held open now, until the client gives up. */
	readonly heldRequests: number;
	/** Clips being sent now: each until it is sent whole or the client closes its connection. */
	readonly clipsBeingSent: number;
	/** Serves `content` (bytes, or the path of a file streamed from disk) at `/clips/<name>`. */
	add: (name: string, content: Buffer | { file: string }, behaviour?: ClipBehaviour) => string;
	stop: () => Promise<void>;
}

/**
 * Whether Classify Video waits mid-upload on a clip the server stalled (`stallAt`): the server
 * holds the answer, and two time limits are set, the download's and the upload's, which starts
 * once the answer came in. For `whileTimingOut`.
 */
export const uploadWaitsOnStalledClip = (clips: ClipServer, clock: TestClock) => (): boolean =>
	clips.heldRequests > 0 && clock.timeoutsPending >= 2;

/** A clip's name from its path: decoded, or as it is where an escape is broken. */
export function clipNameOf(path: string): string {
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}

export async function startClipServer(): Promise<ClipServer> {
	const clips = new Map<string, { content: Buffer | { file: string }; behaviour: ClipBehaviour }>();
	const requests: ClipRequest[] = [];
	let heldRequests = 0;
	let clipsBeingSent = 0;
	const server = await listen((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		requests.push({ path: url.pathname, query: url.search, headers: req.headers });
		if (url.pathname === '/redirect') {
			res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' }).end();
			return;
		}
		const served = clips.get(clipNameOf(url.pathname.replace(/^\/clips\//, '')));
		const status = served ? (served.behaviour.status ?? 200) : 404;
		// Another status comes with a page, unless the clip names its type: then with the clip.
		if (!served || (status !== 200 && served.behaviour.type === undefined)) {
			res
				.writeHead(status, { 'Content-Type': 'text/html' })
				.end('<html><body>Not here</body></html>');
			return;
		}
		const { content, behaviour } = served;
		const clip = behaviour.gzip && Buffer.isBuffer(content) ? gzipSync(content) : content;
		if (behaviour.hangUp) {
			req.socket.destroy();
			return;
		}
		if (behaviour.silent) {
			heldRequests++;
			res.on('close', () => heldRequests--);
			return;
		}
		const size = Buffer.isBuffer(clip) ? clip.length : statSync(clip.file).size;
		const type = behaviour.type ?? 'video/mp4';
		const headers: Record<string, string | number> = type ? { 'Content-Type': type } : {};
		if (!behaviour.chunked) headers['Content-Length'] = size;
		if (behaviour.gzip) headers['Content-Encoding'] = 'gzip';
		if (behaviour.fileName)
			headers['Content-Disposition'] = `attachment; filename="${behaviour.fileName}"`;
		res.writeHead(status, headers);
		clipsBeingSent++;
		res.on('close', () => clipsBeingSent--);
		if (behaviour.stallAt !== undefined && Buffer.isBuffer(clip)) {
			heldRequests++;
			res.on('close', () => heldRequests--);
			res.write(clip.subarray(0, behaviour.stallAt));
			return;
		}
		const cutAt = behaviour.breakAt;
		if (Buffer.isBuffer(clip)) {
			if (cutAt === undefined) res.end(clip);
			else res.write(clip.subarray(0, cutAt), () => res.destroy());
			return;
		}
		const stream = createReadStream(clip.file, cutAt === undefined ? {} : { end: cutAt - 1 });
		stream.pipe(res, { end: cutAt === undefined });
		if (cutAt !== undefined) stream.on('end', () => res.destroy());
	});
	const { url } = server;
	return {
		url,
		requests,
		get heldRequests() {
			return heldRequests;
		},
		get clipsBeingSent() {
			return clipsBeingSent;
		},
		add: (name, content, behaviour = {}) => {
			clips.set(name, { content, behaviour });
			return `${url}/clips/${encodeURIComponent(name)}`;
		},
		stop: server.close,
	};
}
