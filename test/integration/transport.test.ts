import { Readable } from 'node:stream';

import type { NodeApiError } from 'n8n-workflow';

import { gaardApiRequest } from '../../nodes/Gaard/transport';
import type { GaardRequest } from '../../nodes/Gaard/transport';
import { setClock } from '../../nodes/Gaard/clock';
import { GAARD_PATHS } from '../../nodes/Gaard/transport/contract';
import { StreamingMultipartBody, fileFromBuffer } from '../../nodes/Gaard/transport/multipart';
import { failure } from '../helpers/failure';
import { FAST_TIMING, gaardCredential, gaardExecuteContext } from '../helpers/n8n';
import { useTestClock } from '../helpers/testClock';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 50 });
});

afterEach(async () => {
	await sim.stop();
});

function call(request: Partial<GaardRequest> & Pick<GaardRequest, 'path'>, credential = gaardCredential(sim.url, sim.token)) {
	const context = gaardExecuteContext({ parameters: {}, credentials: { gaardApi: credential } });
	// Short backoff so that exhausting the retries takes milliseconds; Retry-After still rules.
	return gaardApiRequest.call(context, { method: 'GET', subject: 'the test request', retrySchedule: FAST_TIMING.retry, ...request });
}


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
		expect(await call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, 'acme_staging'))).toMatchObject({
			tenant: 'acme_staging',
		});
		expect(sim.requests.at(-1)?.tenant).toBe('acme_staging');
	});

	it('asks for JSON', async () => {
		await call({ path: GAARD_PATHS.me });
		expect(sim.requests.at(-1)?.accept).toBe('application/json');
	});

	it('accepts a base URL with a trailing slash', async () => {
		expect(await call({ path: GAARD_PATHS.me }, gaardCredential(`${sim.url}/`, sim.token))).toMatchObject({
			tenant: 'acme_prod',
		});
	});

	it('streams a multipart body that axios encodes from the FormData-like object', async () => {
		const answer = await call({ method: 'POST', path: GAARD_PATHS.classify, body: upload('rain.mp4'), retry: 'submit' });
		expect(answer).toMatchObject({ status: { classify: 'pending' } });
		expect(sim.uploads[0]).toMatchObject({ filename: 'rain.mp4', mimeType: 'video/mp4', size: 11 });
	});
});

describe('failures become NodeApiErrors a user can act on', () => {
	it('401: the token is invalid or expired, and how to mint one; the token never appears', async () => {
		const wrongToken = 'gaard_pat_this-is-the-wrong-secret-token';
		const error = await failure(call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, wrongToken)));
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('Gaard did not accept the access token: it is invalid or expired');
		expect(error.description).toContain('gaard token create');
		expect(error.description).toContain('invalid or expired token');
		const everything = JSON.stringify({ ...error, message: error.message, description: error.description, stack: error.stack });
		expect(everything).not.toContain(wrongToken);
		expect(everything).not.toContain(sim.token);
	});

	it("redacts the token if Gaard's own message echoes it", async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify({ error: `token ${sim.token} is malformed` }) });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe('Gaard rejected the request (HTTP 400): token *** is malformed');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain(sim.token);
	});

	it('403: names the tenant the token may not use', async () => {
		const error = await failure(call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, 'globex')));
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe('The access token may not do this in tenant "globex"');
	});

	it('403: names the tenant trimmed, and none when the credential has no tenant field', async () => {
		const spaced = await failure(call({ path: GAARD_PATHS.me }, gaardCredential(sim.url, sim.token, ' globex ')));
		expect(spaced.message).toBe('The access token may not do this in tenant "globex"');
		sim.addFault({ kind: 'status', status: 403, route: 'me' });
		const savedBeforeTenants = { environment: 'custom', baseUrl: sim.url, accessToken: sim.token };
		expect((await failure(call({ path: GAARD_PATHS.me }, savedBeforeTenants))).message).toBe('The access token may not do this');
	});

	it('404: there is no such result', async () => {
		const error = await failure(call({ path: GAARD_PATHS.result('nope'), subject: 'result with ID "nope"' }));
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Gaard has no result with ID "nope"');
	});

	it('413: the video is too large', async () => {
		sim.maxUploadBytes = 4;
		const error = await failure(call({ method: 'POST', path: GAARD_PATHS.classify, body: upload() }));
		expect(error.httpCode).toBe('413');
		expect(error.message).toBe('The video is too large for Gaard');
	});

	it('429: Gaard is busy, with how long it asked to wait', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '0', route: 'me', times: 10 });
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe(`Gaard is busy: too many requests (after ${FAST_TIMING.retry.attempts} attempts)`);
		expect(error.description).toContain('retry after 0 s');
	});

	it('5xx: Gaard is busy or unavailable, with a non-JSON body summarised', async () => {
		sim.addFault({ kind: 'status', status: 500, route: 'me', body: '<html><h1>Internal Error</h1></html>', contentType: 'text/html' });
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.httpCode).toBe('500');
		expect(error.message).toBe('Gaard is busy or unavailable (HTTP 500)');
		expect(error.description).toContain('Gaard said: "Internal Error"');
	});

	it('an HTML error page is quoted as its words', async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: '<p>Flow</p><p>not \n\n  found</p>', contentType: 'text/html' });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Gaard rejected the request (HTTP 400): Flow not found');
	});

	it("Gaard's message is quoted up to 200 characters", async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify({ error: 'x'.repeat(300), code: 'y'.repeat(300) }) });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(`Gaard rejected the request (HTTP 400): ${'x'.repeat(200)}`);
		expect(error.errorResponse).toMatchObject({ gaardErrorCode: 'y'.repeat(200) });
	});

	it('a JSON answer that is not an object is quoted as text', async () => {
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: '7' });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Gaard rejected the request (HTTP 400): 7');
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: 'null' });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Gaard rejected the request (HTTP 400): null');
	});

	it.each(['7', '[{"id":"a"}]', 'null', '"done"'])('a success whose JSON is not an object (%s) is not a result', async (body) => {
		sim.addFault({ kind: 'status', status: 200, route: 'me', body });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`);
	});

	it('a success without a body is not a result, and quotes nothing', async () => {
		sim.addFault({ kind: 'status', status: 204, route: 'me', body: '' });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`);
		expect(error.description).not.toContain('Gaard said');
	});

	it('an answer of 300, JSON or not, is unexpected', async () => {
		sim.addFault({ kind: 'status', status: 300, route: 'me', body: JSON.stringify({ tenant: 'acme_prod' }) });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Unexpected answer from Gaard (HTTP 300)');
	});

	it('a malformed JSON answer is reported as such', async () => {
		sim.addFault({ kind: 'malformedJson', route: 'me' });
		const error = await failure(call({ path: GAARD_PATHS.me }));
		expect(error.message).toBe(`Gaard answered GET ${sim.url}/api/me with something that is not a JSON result`);
	});

	it('a slow but complete answer is fine; no answer within the timeout is a timeout', async () => {
		sim.addFault({ kind: 'slowBody', ms: 300, route: 'me' });
		expect(await call({ path: GAARD_PATHS.me })).toMatchObject({ tenant: 'acme_prod' });
		sim.addFault({ kind: 'latency', ms: 1500, route: 'me' });
		const error = await failure(call({ path: GAARD_PATHS.me, timeoutMs: 1000 }));
		expect(error.message).toBe('Gaard did not answer within 1 s');
	});

	it('an unreachable Gaard is named, after the retries', async () => {
		const port = new URL(sim.url).port;
		await sim.stop();
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }, gaardCredential(`http://127.0.0.1:${port}`, 't')));
		expect(error.message).toBe(`Could not reach Gaard: the connection was refused (after ${FAST_TIMING.retry.attempts} attempts)`);
		sim = await startSimulator();
	});

	it('an upload that cannot be read is a request that failed, not a Gaard that cannot be reached', async () => {
		const unreadable = () =>
			new Readable({
				read() {
					this.destroy(new Error('the file is gone'));
				},
			});
		const error = await failure(call({ method: 'POST', path: GAARD_PATHS.classify, body: unreadable, retry: 'submit' }));
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
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Gaard rejected the request (HTTP 400): ["bad flow"]');
		sim.addFault({ kind: 'status', status: 400, route: 'me', body: JSON.stringify({ error: 7 }) });
		expect((await failure(call({ path: GAARD_PATHS.me }))).message).toBe('Gaard rejected the request (HTTP 400)');
	});
});

describe('retries', () => {
	it.each([429, 502, 503, 504])('a read is retried after %i', async (status) => {
		sim.addFault({ kind: 'status', status, route: 'me', times: 2 });
		expect(await call({ path: GAARD_PATHS.me, retry: 'read' })).toMatchObject({ tenant: 'acme_prod' });
		expect(requestsTo('/api/me').map((request) => request.status)).toEqual([status, status, 200]);
	});

	it('a read is retried after a connection reset', async () => {
		sim.addFault({ kind: 'reset', route: 'me' });
		expect(await call({ path: GAARD_PATHS.me, retry: 'read' })).toMatchObject({ tenant: 'acme_prod' });
	});

	it('a read is not retried after a 500', async () => {
		sim.addFault({ kind: 'status', status: 500, route: 'me' });
		await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(requestsTo('/api/me')).toHaveLength(1);
	});

	it('Retry-After is honoured', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '1', route: 'me' });
		const started = Date.now();
		await call({ path: GAARD_PATHS.me, retry: 'read' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('a Retry-After beyond the limit is not waited for', async () => {
		sim.addFault({ kind: 'status', status: 503, retryAfter: '3600', route: 'me' });
		const error = await failure(call({ path: GAARD_PATHS.me, retry: 'read' }));
		expect(error.description).toContain('retry after 3600 s');
		expect(requestsTo('/api/me')).toHaveLength(1);
	});

	it.each([429, 503])('an upload is sent again, body and all, after %i (Gaard took no job)', async (status) => {
		sim.addFault({ kind: 'status', status, route: 'classify' });
		const answer = await call({ method: 'POST', path: GAARD_PATHS.classify, body: upload(), retry: 'submit' });
		expect(answer.id).toBeDefined();
		expect(sim.jobCount).toBe(1);
		expect(sim.uploads[0].size).toBe(11);
	});

	it('an upload is not sent again after a 500 or 502, where Gaard may have taken the job', async () => {
		for (const status of [500, 502]) {
			sim.addFault({ kind: 'status', status, route: 'classify' });
			await failure(call({ method: 'POST', path: GAARD_PATHS.classify, body: upload(), retry: 'submit' }));
		}
		expect(requestsTo('/api/classify')).toHaveLength(2);
	});

	it('an upload is not sent again when the connection drops after Gaard took it', async () => {
		sim.addFault({ kind: 'reset', when: 'after', route: 'classify' });
		const error = await failure(call({ method: 'POST', path: GAARD_PATHS.classify, body: upload(), retry: 'submit' }));
		expect(error.message).toMatch(/^Could not reach Gaard/);
		expect(sim.jobCount).toBe(1);
	});
});

describe('the waits between attempts', () => {
	// Frozen: the clock moves only by the waits, so the time between two requests is the wait.
	const clock = useTestClock({ frozen: true });
	const schedule = { ...FAST_TIMING.retry, attempts: 6, firstDelayMs: 500, maxDelayMs: 1500, maxRetryAfterMs: 30_000, callDeadlineMs: 120_000 };

	type Fault = Parameters<GaardSimulator['addFault']>[0];

	/** How the last call of `waitsBetweenAttempts` failed. */
	let lastFailure: NodeApiError | undefined;

	/** The waits before each retry of GET /api/me, with `faults` applied first. */
	async function waitsBetweenAttempts(faults: Fault[], scheduleChanges: Partial<typeof schedule> = {}): Promise<number[]> {
		const sentAt: number[] = [];
		const watched = await startSimulator({ onRequest: () => sentAt.push(clock.current.now()) });
		try {
			for (const fault of faults) watched.addFault(fault);
			const context = gaardExecuteContext({ parameters: {}, credentials: { gaardApi: gaardCredential(watched.url, watched.token) } });
			await gaardApiRequest
				.call(context, {
					method: 'GET',
					path: GAARD_PATHS.me,
					subject: 'the test request',
					retry: 'read',
					retrySchedule: { ...schedule, ...scheduleChanges },
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

	it('double from the first delay up to the longest, one fewer than the attempts', async () => {
		expect(await waitsBetweenAttempts([{ kind: 'status', status: 503, route: 'me', times: 10 }])).toEqual([500, 1000, 1500, 1500, 1500]);
	});

	it("follow Gaard's Retry-After, in seconds or as an HTTP date, over the backoff", async () => {
		// Three seconds after the second request, which comes two seconds after the first.
		const inThreeSeconds = new Date(clock.current.now() + 2000 + 3000).toUTCString();
		expect(
			await waitsBetweenAttempts([
				{ kind: 'status', status: 429, route: 'me', retryAfter: ' 2 ' },
				{ kind: 'status', status: 429, route: 'me', retryAfter: inThreeSeconds },
				{ kind: 'status', status: 429, route: 'me', retryAfter: 'Thu, 01 Jan 1970 00:00:00 GMT' },
				// Neither form: the backoff's wait for a fourth failure.
				{ kind: 'status', status: 429, route: 'me', retryAfter: 'soon' },
			]),
		).toEqual([2000, 3000, 0, 1500]);
	});

	it('follow the backoff when Retry-After is in neither form', async () => {
		const now = clock.current.now();
		const asksToWait = (retryAfter: string): Fault => ({ kind: 'status', status: 429, route: 'me', retryAfter });
		expect(
			await waitsBetweenAttempts([
				asksToWait('x2'),
				asksToWait('2x'),
				asksToWait(new Date(now + 3000).toISOString()),
				asksToWait(new Date(now + 3000).toUTCString().replace(/^\w{3}, (\d+) (\w{3})/, '$1 $2,')),
				// A date, but longer than any date Gaard would send.
				asksToWait(paddedTo(65, new Date(now + 3000).toUTCString())),
			]),
		).toEqual([500, 1000, 1500, 1500, 1500]);
	});

	it('follow a Retry-After date of up to 64 characters', async () => {
		const date = paddedTo(64, new Date(clock.current.now() + 3000).toUTCString());
		expect(await waitsBetweenAttempts([{ kind: 'status', status: 429, route: 'me', retryAfter: date }])).toEqual([3000]);
	});

	it('stop at a Retry-After longer than allowed, and at a wait that could not end before the call must be over', async () => {
		const asksToWait = (seconds: number): Fault[] => [{ kind: 'status', status: 429, route: 'me', retryAfter: String(seconds) }];
		expect(await waitsBetweenAttempts(asksToWait(31))).toEqual([]);
		expect(await waitsBetweenAttempts(asksToWait(30))).toEqual([30_000]);
		const before = clock.current.now();
		expect(await waitsBetweenAttempts(asksToWait(20), { callDeadlineMs: 20_000 })).toEqual([]);
		// Gaard's answer, at once: no wait ending just as the call must be over, then a timeout.
		expect(lastFailure?.message).toBe('Gaard is busy: too many requests');
		expect(clock.current.now()).toBe(before);
		expect(await waitsBetweenAttempts(asksToWait(19), { callDeadlineMs: 20_000 })).toEqual([19_000]);
	});
});


describe("the call's deadline", () => {
	const clock = useTestClock({ frozen: true });

	it('ends an attempt that could take longer', async () => {
		sim.addFault({ kind: 'latency', ms: 1500, route: 'me' });
		const deadline = clock.current.now() + 300;
		const error = await failure(call({ path: GAARD_PATHS.me, deadline, retrySchedule: { ...FAST_TIMING.retry, attemptTimeoutMs: 5000 } }));
		expect(error.message).toBe('Gaard did not answer within 0.3 s');
		expect(error.errorResponse).toMatchObject({ networkError: 'ETIMEDOUT', attempts: 1 });
	});

	it.each([
		['has come', 0],
		['has passed', -1],
	])('starts no attempt once it %s', async (_, fromNow) => {
		const error = await failure(call({ path: GAARD_PATHS.me, timeoutMs: 1000, deadline: clock.current.now() + fromNow }));
		expect(error.message).toBe('Gaard did not answer within 1 s');
		expect(error.errorResponse).toMatchObject({ networkError: 'ETIMEDOUT', attempts: 0 });
		expect(sim.requests).toHaveLength(0);
	});
});

describe('a cancelled execution', () => {
	function cancellableCall(cancel: AbortController) {
		const credentials = { gaardApi: gaardCredential(sim.url, sim.token) };
		const context = gaardExecuteContext({ parameters: {}, credentials, abortSignal: cancel.signal });
		return gaardApiRequest.call(context, { method: 'GET', path: GAARD_PATHS.me, subject: 'the test request', retry: 'read', retrySchedule: FAST_TIMING.retry });
	}

	it('sends nothing when it was cancelled before the call', async () => {
		const cancel = new AbortController();
		cancel.abort();
		const error = await failure(cancellableCall(cancel));
		expect(error.message).toBe('The execution was cancelled while waiting for Gaard');
		expect(error.errorResponse).toMatchObject({ attempts: 0 });
		expect(sim.requests).toHaveLength(0);
	});

	it('makes no further attempt when it is cancelled during the wait before a retry', async () => {
		const cancel = new AbortController();
		// The execution is cancelled as the wait starts.
		const restore = setClock({ now: () => Date.now(), sleep: async () => cancel.abort() });
		try {
			sim.addFault({ kind: 'status', status: 503, route: 'me', times: 10 });
			const error = await failure(cancellableCall(cancel));
			expect(error.message).toBe('The execution was cancelled while waiting for Gaard');
			expect(error.errorResponse).toMatchObject({ attempts: 1 });
			expect(sim.requests).toHaveLength(1);
		} finally {
			restore();
		}
	});
});
