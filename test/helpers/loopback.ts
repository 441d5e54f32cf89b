/**
 * HTTP on 127.0.0.1, the only network the tests use: a server listening there, a free port, and
 * one way to POST a body and read the whole answer. The simulator, the stand-ins, the harness, the
 * tests and the bench all go through these.
 */
import type { RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface Listening {
	/** `http://127.0.0.1:<port>` */
	url: string;
	port: number;
	/** Stops listening, and ends the connections still open. */
	close: () => Promise<void>;
}

/** Starts `server` (or a server of `handler`) on 127.0.0.1, at `port` or any free one; rejects if the port is taken. */
export async function listen(server: Server | RequestListener, port = 0): Promise<Listening> {
	const listening = typeof server === 'function' ? createServer(server) : server;
	await new Promise<void>((resolve, reject) => {
		listening.once('error', reject);
		listening.listen(port, '127.0.0.1', () => {
			listening.off('error', reject);
			resolve();
		});
	});
	const bound = (listening.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${bound}`,
		port: bound,
		close: async () => {
			listening.closeAllConnections();
			await new Promise<void>((resolve) => listening.close(() => resolve()));
		},
	};
}

/** A port free on 127.0.0.1 now: `preferred` when it is free, else any. */
export async function freePort(preferred = 0): Promise<number> {
	const probe = async (port: number) =>
		await new Promise<number | undefined>((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(undefined));
			server.listen(port, '127.0.0.1', () => {
				const { port: bound } = server.address() as AddressInfo;
				server.close(() => resolve(bound));
			});
		});
	return (preferred ? await probe(preferred) : undefined) ?? (await probe(0))!;
}

export interface Answer {
	status: number;
	text: string;
	/** The answer parsed as JSON; undefined when it is empty or not JSON. */
	json: any;
	/** From sending the request to the end of the answer. */
	ms: number;
}

/**
 * POSTs `body` to `url` and reads the whole answer. A string is sent as it is, anything else as
 * JSON; the Content-Type is `application/json` unless `contentType` says otherwise (null: none).
 */
export async function postJson(
	url: string,
	body: unknown,
	{
		contentType = 'application/json' as string | null,
		headers = {} as Record<string, string>,
	} = {},
): Promise<Answer> {
	const started = performance.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { ...(contentType === null ? {} : { 'Content-Type': contentType }), ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json, ms: performance.now() - started };
}
