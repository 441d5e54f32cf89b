import { Readable } from 'node:stream';

import type { NodeApiError } from 'n8n-workflow';

import { gaardApiRequest } from '../../nodes/Gaard/transport';
import type { GaardRequest } from '../../nodes/Gaard/transport';
import { clock as packageClock } from '../../nodes/Gaard/clock';
import { GAARD_PATHS } from '../../nodes/Gaard/transport/contract';
import { StreamingMultipartBody, fileFromBuffer } from '../../nodes/Gaard/transport/multipart';
import { failure } from '../helpers/failure';
import { when } from '../helpers/when';
import { gaardCredential, gaardExecuteContext } from '../helpers/n8nCore';
import { useTestClock, whileTimingOut } from '../helpers/testClock';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 50 });
});

afterEach(async () => {
	await sim.stop();
});

const clock = useTestClock();

function call(
	request: Partial<GaardRequest> & Pick<GaardRequest, 'path'>,
	credential = gaardCredential(sim.url, sim.token),
) {
	const context = gaardExecuteContext({ parameters: {}, credentials: { gaardApi: credential } });
	return gaardApiRequest.call(context, { method: 'GET', subject: 'the test request', ...request });
}

/** A call whose attempts end by their time limits when the simulator holds a request open (a silence, a slow answer). */
const timedCall = (request: Parameters<typeof call>[0]) =>
	whileTimingOut(call(request), () => sim.heldRequests > 0);

function upload(name = 'intrusion.mp4') {
	return () => {
		const form = new StreamingMultipartBody();
		form.append('video', fileFromBuffer(name, 'video/mp4', Buffer.from('video bytes')));
		return form;
	};
}

const requestsTo = (path: string) => sim.requests.filter((request) => request.path === path);

describe('the request', () => {
	it('goes to the base URL with the bearer token, and parses the JSON answer', async () => {
		expect(await call({ path: GAARD_PATHS.me })).toMatchObject({ tenant: 'acme_prod' });
	});

	it("carries the credential's tenant in the tenant header, and none when it is empty", async () => {
		expect(
			await call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, 'acme_staging')),
		).toMatchObject({
			tenant: 'acme_staging',
		});
		expect(sim.requests.at(-1)?.tenant).toBe('acme_staging');
	});

	it('asks for JSON', async () => {
		await call({ path: GAARD_PATHS.me });
		expect(sim.requests.at(-1)?.accept).toBe('application/json');
	});

	it('accepts a base URL with a trailing slash', async () => {
		expect(
			await call({ path: GAARD_PATHS.me }, gaardCredential(`${sim.url}/`, sim.token)),
		).toMatchObject({
			tenant: 'acme_prod',
		});
	});

	it('streams a multipart body that axios encodes from the FormData-like object', async () => {
		const answer = await call({
			method: 'POST',
			path: GAARD_PATHS.classify,
			body: upload('rain.mp4'),
			retry: 'submit',
		});
		expect(answer).toMatchObject({ status: { classify: 'pending' } });
		expect(sim.uploads[0]).toMatchObject({ filename: 'rain.mp4', mimeType: 'video/mp4', size: 11 });
	});
});

describe('failures become NodeApiErrors a user can act on', () => {
	it('401: the token is invalid or expired, and how to mint one; the token never appears', async () => {
		const wrongToken = 'gaard_pat_this-is-the-wrong-secret-token';
		const error = await failure(
			call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, wrongToken)),
		);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('Gaard did not accept the access token: it is invalid or expired');
		expect(error.description).toContain('gaard token create');
		expect(error.description).toContain('invalid or expired token');
		const everything = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
			stack: error.stack,
		});
		expect(everything).not.toContain(wrongToken);
		expect(everything).not.toContain(sim.token);
	});

	it("redacts the token if Gaard's own message echoes it", async () => {
		sim.addFault({
			kind: 'status',
			status: 400,
			route: 'me',
			body: JSON.stringify({ error: `token ${sim.token} is malformed` }),
		});
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe('Gaard rejected the request (HTTP 400): token *** is malformed');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain(sim.token);
	});

	it('403: names the tenant the token may not use', async () => {
		const error = await failure(
			call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, 'globex')),
		);
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe('The access token may not do this in tenant "globex"');
	});

	it('403: names the tenant trimmed, and none when the credential has no tenant field', async () => {
		const spaced = await failure(
			call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, ' globex ')),
		);
		expect(spaced.message).toBe('The access token may not do this in tenant "globex"');
		sim.addFault({ kind: 'status', status: 403, route: 'me' });
		const savedBeforeTenants = { environment: 'custom', baseUrl: sim.url, accessToken: sim.token };
		expect((await failure(call({ path: GAARD_PATHS.me }, savedBeforeTenants))).message).toBe(
			'The access token may not do this',
		);
	});

	it('404: there is no such result', async () => {
		const error = await failure(
			call({ path: GAARD_PATHS.result('nope'), subject: 'result with ID "nope"' }),
		);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Gaard has no result with ID "nope"');
	});

	it('413: the video is too large', async () => {
		sim.maxUploadBytes = 4;
		const error = await failure(
			call({ method: 'POST', path: GAARD_PATHS.classify, body: upload() }),
		);
		expect(error.httpCode).toBe('413');
		expect(error.message).toBe('The video is too large for Gaard');
	});

	it('429: Gaard is busy, with how long it asked to wait', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '0', route: 'me', times: 10 });
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe('Gaard is busy: too many requests (after 4 attempts)');
		expect(error.description).toContain('retry after 0 s');
	});

	it('5xx: Gaard is busy or unavailable, with a non-JSON body summarised', async () => {
		sim.addFault({
			kind: 'status',
			status: 500,
			route: 'me',
			body: '<html><h1>Internal Error</h1></html>',
			contentType: 'text/html',
		});
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.httpCode).toBe('500');
		expect(error.message).toBe('Gaard is busy or unavailable (HTTP 500)');
		expect(error.description).toContain('Gaard said: "Internal Error"');
	});

	it('an HTML error page is quoted as its words', async () => {
		sim.addFault({
			kind: 'status',
			status: 400,
			route: 'me',
			body: '<p>Flow</p><p>not \n\n  found</p>',
			contentType: 'text/html',
		});
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Gaard rejected the request (HTTP 400): Flow not found',
		);
	});

	it("Gaard's message is quoted up to 200 characters", async () => {
		sim.addFault({
			kind: 'status',
			status: 400,
			route: 'me',
			body: JSON.stringify({ error: 'x'.repeat(300), code: 'y'.repeat(300) }),
		});
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(`Gaard rejected the request (HTTP 400): ${'x'.repeat(200)}`);
		expect(error.errorResponse).toMatchObject({ gaardErrorCode: 'y'.repeat(200) });
	});

	it('a JSON answer that is not an object is quoted as text', async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: '7' });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Gaard rejected the request (HTTP 400): 7',
		);
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: 'null' });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Gaard rejected the request (HTTP 400): null',
		);
	});

	it.each(['7', '[{"id":"a"}]', 'null', '"done"'])(
		'a success whose JSON is not an object (%s) is not a result',
		async (body) => {
			sim.addFault({ kind: 'status', status: 200, route: 'me', body });
			const error = await failure(call({ path: GAARD_PATHS.me }));
			expect(error.message).toBe(
				`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`,
			);
		},
	);

	it('a success without a body is not a result, and quotes nothing', async () => {
		sim.addFault({ kind: 'status', status: 204, route: 'me', body: '' });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(
			`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`,
		);
		expect(error.description).not.toContain('Gaard said');
	});

	it('an answer of 300, JSON or not, is unexpected', async () => {
		sim.addFault({
			kind: 'status',
			status: 300,
			route: 'me',
			body: JSON.stringify({ tenant: 'acme_prod' }),
		});
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Unexpected answer from Gaard (HTTP 300)',
		);
	});

	it('a malformed JSON answer is reported as such', async () => {
		sim.addFault({ kind: 'malformedJson', route: 'me' });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(
			`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`,
		);
	});

	it('a slow but complete answer is fine; no answer within the timeout is a timeout', async () => {
		sim.addFault({ kind: 'slowBody', ms: 300, route: 'me' });
		expect(await call({ path: GAARD_PATHS.me })).toMatchObject({ tenant: 'acme_prod' });
		sim.addFault({ kind: 'silence', route: 'me' });
		const error = await failure(timedCall({ path: GAARD_PATHS.me, timeoutMs: 1000 }));
		expect(error.message).toBe('Gaard did not answer within 1 s');
	});

	it('an unreachable Gaard is named, after the retries', async () => {
		const port = new URL(sim.url).port;
		await sim.stop();
		const error = await failure(
			call(
				{ path: GAARD_PATHS.me, retry: 'read' },
				gaardCredential(`http://127.0.0.1:${port}`, 't'),
			),
		);
		expect(error.message).toBe(
			'Could not reach Gaard: the connection was refused (after 4 attempts)',
		);
		sim = await startSimulator();
	});

	it('an upload that cannot be read is a request that failed, not a Gaard that cannot be reached', async () => {
		const unreadable = () =>
			new Readable({
				read() {
					this.destroy(new Error('the file is gone'));
				},
			});
		const error = await failure(
			call({ method: 'POST', path: GAARD_PATHS.classify, body: unreadable, retry: 'submit' }),
		);
		expect(error.message).toBe('The request to Gaard failed before Gaard answered');
		expect(error.errorResponse).toMatchObject({ networkError: null, attempts: 1 });
	});
});

describe("Gaard's error body in the error's details", () => {
	it.each<[string, unknown, string | null]>([
		['a code in words', { error: 'bad flow', code: 'invalid_flow' }, 'invalid_flow'],
		['a numeric code', { error: 'bad flow', code: 42 }, '42'],
		['a code that is neither', { error: 'bad flow', code: { nested: true } }, null],
		['no code', { error: 'bad flow' }, null],
	])('keeps %s', async (_, body, gaardErrorCode) => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify(body) });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe('Gaard rejected the request (HTTP 400): bad flow');
		expect(error.errorResponse).toMatchObject({ gaardMessage: 'bad flow', gaardErrorCode });
	});

	it('quotes a JSON body that is a list as text, and reads no message from an `error` that is not text', async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify(['bad flow']) });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Gaard rejected the request (HTTP 400): ["bad flow"]',
		);
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify({ error: 7 }) });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe(
			'Gaard rejected the request (HTTP 400)',
		);
	});
});

describe('retries', () => {
	it.each([429, 502, 503, 504])('a read is retried after %i', async (status) => {
		sim.addFault({ kind: 'status', status, route: 'me', times: 2 });
		expect(await call({ path: GAARD_PATHS.me, retry: 'read' })).toMatchObject({
			tenant: 'acme_prod',
		});
		expect(requestsTo('/api/me').map((request) => request.status)).toEqual([status, status, 200]);
	});

	it('a read is retried after a connection reset', async () => {
		sim.addFault({ kind: 'reset', route: 'me' });
		expect(await call({ path: GAARD_PATHS.me, retry: 'read' })).toMatchObject({
			tenant: 'acme_prod',
		});
	});

	it('a read is not retried after a 500', async () => {
		sim.addFault({ kind: 'status', status: 500, route: 'me' });
		await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(requestsTo('/api/me')).toHaveLength(1);
	});

	it('Retry-After is honoured', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '1', route: 'me' });
		const started = packageClock.now();
		await call({ path: GAARD_PATHS.me, retry: 'read' });
		expect(packageClock.now() - started).toBe(1000);
	});

	it('a Retry-After beyond the limit is not waited for', async () => {
		sim.addFault({ kind: 'status', status: 503, retryAfter: '3600', route: 'me' });
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.description).toContain('retry after 3600 s');
		expect(requestsTo('/api/me')).toHaveLength(1);
	});

	it.each([429, 503])(
		'an upload is sent again, body and all, after %i (Gaard took no job)',
		async (status) => {
			sim.addFault({ kind: 'status', status, route: 'classify' });
			const answer = await call({
				method: 'POST',
				path: GAARD_PATHS.classify,
				body: upload(),
				retry: 'submit',
			});
			expect(answer.id).toBeDefined();
			expect(sim.jobCount).toBe(1);
			expect(sim.uploads[0].size).toBe(11);
		},
	);

	it('an upload is not sent again after a 500 or 502, where Gaard may have taken the job', async () => {
		for (const status of [500, 502]) {
			sim.addFault({ kind: 'status', status, route: 'classify' });
			await failure(
				call({ method: 'POST', path: GAARD_PATHS.classify, body: upload(), retry: 'submit' }),
			);
		}
		expect(requestsTo('/api/classify')).toHaveLength(2);
	});

	it('an upload is not sent again when the connection drops after Gaard took it', async () => {
		sim.addFault({ kind: 'reset', when: 'after', route: 'classify' });
		const error = await failure(
			call({ method: 'POST', path: GAARD_PATHS.classify, body: upload(), retry: 'submit' }),
		);
		expect(error.message).toMatch(/^Could not reach Gaard/);
		expect(sim.jobCount).toBe(1);
	});
});

describe('the waits between attempts', () => {
	type Fault = Parameters<GaardSimulator['addFault']>[0];

	/** How the last call of `waitsBetweenAttempts` failed. */
	let lastFailure: NodeApiError | undefined;

	/** The waits, in the clock's time, before each retry of GET /api/me, with `faults` applied first. */
	async function waitsBetweenAttempts(
		faults: Fault[],
		request: Partial<GaardRequest> = {},
	): Promise<number[]> {
		const sentAt: number[] = [];
		const watched = await startSimulator({ onRequest: () => sentAt.push(clock.current.now()) });
		try {
			for (const fault of faults) watched.addFault(fault);
			const context = gaardExecuteContext({
				parameters: {},
				credentials: { gaardApi: gaardCredential(watched.url, watched.token) },
			});
			await gaardApiRequest
				.call(context, {
					method: 'GET',
					path: GAARD_PATHS.me,
					subject: 'the test request',
					retry: 'read',
					...request,
				})
				.catch((error: NodeApiError) => (lastFailure = error));
		} finally {
			await watched.stop();
		}
		return sentAt.slice(1).map((at, index) => at - sentAt[index]);
	}

	/** An HTTP date made `length` characters long by spaces before its time zone. */
	function paddedTo(length: number, date: string): string {
		const padded = date.replace(' GMT', `${' '.repeat(length - date.length)} GMT`);
		expect(padded).toHaveLength(length);
		return padded;
	}

	const asksToWait = (retryAfter: string): Fault => ({
		kind: 'status',
		status: 429,
		route: 'me',
		retryAfter,
	});

	it('double from half a second, one fewer than the 4 attempts', async () => {
		expect(
			await waitsBetweenAttempts([{ kind: 'status', status: 503, route: 'me', times: 10 }]),
		).toEqual([500, 1000, 2000]);
		expect(lastFailure?.message).toBe('Gaard is busy or unavailable (HTTP 503) (after 4 attempts)');
	});

	it("follow Gaard's Retry-After, in seconds or as an HTTP date, over the backoff", async () => {
		// Three seconds after the second request, which comes two seconds after the first.
		const inThreeSeconds = new Date(clock.current.now() + 2000 + 3000).toUTCString();
		expect(
			await waitsBetweenAttempts([
				asksToWait(' 2 '),
				asksToWait(inThreeSeconds),
				asksToWait('Thu, 01 Jan 1970 00:00:00 GMT'),
			]),
		).toEqual([2000, 3000, 0]);
	});

	it.each([
		['words', () => 'soon'],
		['a number with a letter before', () => 'x2'],
		['a number with a letter after', () => '2x'],
		['an ISO date', (now: number) => new Date(now + 3000).toISOString()],
		[
			'an HTTP date with its parts out of order',
			(now: number) =>
				new Date(now + 3000).toUTCString().replace(/^\w{3}, (\d+) (\w{3})/, '$1 $2,'),
		],
		[
			'a date longer than any Gaard would send',
			(now: number) => paddedTo(65, new Date(now + 3000).toUTCString()),
		],
	])('follow the backoff when Retry-After is in neither form: %s', async (_, retryAfter) => {
		expect(await waitsBetweenAttempts([asksToWait(retryAfter(clock.current.now()))])).toEqual([
			500,
		]);
	});

	it('follow a Retry-After date of up to 64 characters', async () => {
		const date = paddedTo(64, new Date(clock.current.now() + 3000).toUTCString());
		expect(await waitsBetweenAttempts([asksToWait(date)])).toEqual([3000]);
	});

	it('stop at a Retry-After longer than allowed, and at a wait that could not end before the call must be over', async () => {
		expect(await waitsBetweenAttempts([asksToWait('31')])).toEqual([]);
		expect(await waitsBetweenAttempts([asksToWait('30')])).toEqual([30_000]);
		const before = clock.current.now();
		expect(await waitsBetweenAttempts([asksToWait('20')], { deadline: before + 20_000 })).toEqual(
			[],
		);
		// Gaard's answer, at once: no wait ending just as the call must be over, then a timeout.
		expect(lastFailure?.message).toBe('Gaard is busy: too many requests');
		expect(clock.current.now()).toBe(before);
		expect(
			await waitsBetweenAttempts([asksToWait('19')], { deadline: clock.current.now() + 20_000 }),
		).toEqual([19_000]);
	});
});

describe("the call's deadline", () => {
	it('ends an attempt that could take longer', async () => {
		sim.addFault({ kind: 'silence', route: 'me' });
		const deadline = clock.current.now() + 300;
		const error = await failure(timedCall({ path: GAARD_PATHS.me, deadline }));
		expect(error.message).toBe('Gaard did not answer within 0.3 s');
		expect(error.errorResponse).toMatchObject({ networkError: 'ETIMEDOUT', attempts: 1 });
	});

	it.each([
		['has come', 0],
		['has passed', -1],
	])('starts no attempt once it %s', async (_, fromNow) => {
		const error = await failure(
			call({ path: GAARD_PATHS.me, timeoutMs: 1000, deadline: clock.current.now() + fromNow }),
		);
		expect(error.message).toBe('Gaard did not answer within 1 s');
		expect(error.errorResponse).toMatchObject({ networkError: 'ETIMEDOUT', attempts: 0 });
		expect(sim.requests).toHaveLength(0);
	});
});

describe('a cancelled execution', () => {
	// Manual: a wait before a retry lasts until the test moves time on, or the execution is cancelled.
	const waiting = useTestClock('manual');

	function cancellableCall(cancel: AbortController) {
		const credentials = { gaardApi: gaardCredential(sim.url, sim.token) };
		const context = gaardExecuteContext({
			parameters: {},
			credentials,
			abortSignal: cancel.signal,
		});
		return gaardApiRequest.call(context, {
			method: 'GET',
			path: GAARD_PATHS.me,
			subject: 'the test request',
			retry: 'read',
		});
	}

	it('sends nothing when it was cancelled before the call', async () => {
		const cancel = new AbortController();
		cancel.abort();
		const error = await failure(cancellableCall(cancel));
		expect(error.message).toBe('The execution was cancelled while waiting for Gaard');
		expect(error.errorResponse).toMatchObject({ attempts: 0 });
		expect(sim.requests).toHaveLength(0);
	});

	it('makes no further attempt when it is cancelled during the wait before a retry, and stops at once', async () => {
		const cancel = new AbortController();
		sim.addFault({ kind: 'status', status: 503, route: 'me', times: 10 });
		const running = failure(cancellableCall(cancel));
		await when(() => waiting.current.waitsUnderWay > 0);
		const cancelledAt = waiting.current.now();
		cancel.abort();
		const error = await running;
		expect(error.message).toBe('The execution was cancelled while waiting for Gaard');
		expect(error.errorResponse).toMatchObject({ attempts: 1 });
		expect(sim.requests).toHaveLength(1);
		// No time passed: the wait ended when the execution was cancelled.
		expect(waiting.current.now()).toBe(cancelledAt);
	});
});
