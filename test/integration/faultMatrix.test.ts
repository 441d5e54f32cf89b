/**
 * Every API fault the Gaard node can meet, for each operation, pinned: how many attempts, within
 * what time, with what message, and what Continue On Fail outputs. The failure table of the node
 * reference (docs/node.md) is rendered from the same rows (this test checks it is current). Then the same faults again with a
 * token Gaard echoes back in every form: no piece of it may leave in any error, item or log line.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { failure } from '../helpers/failure';
import { captureLogs } from '../helpers/logs';
import { gaardCredential, memoryBinary, runGaardNode } from '../helpers/n8nCore';
import { useTestClock, whileTimingOut } from '../helpers/testClock';
import { when } from '../helpers/when';
import type { FaultRule, GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

/** The node's timeout in these runs (Wait for Result, Classify Video); Get Result has its call's deadline. */
const TIMEOUT_S = 10;
/** How long a call of Get Result may take, retries included (the transport's). */
const GET_RESULT_DEADLINE_S = 120;

interface Expected {
	/** Attempts made: a number, or [least, most] where the deadline decides. */
	attempts: number | [number, number];
	/** The error message, as the node reference shows it. */
	message: string;
	/** The same message, as a test matches it. */
	pattern: RegExp;
}

interface FaultRow {
	fault: string;
	/** The fault, applied to every request of the operation's route. */
	rule: FaultRule;
	/** Get Result and Wait for Result, with the fault on `GET /api/result/{id}`. */
	read: Expected;
	/** Classify Video (polling and sync API), with the fault on the upload. */
	upload: Expected;
}

const retried = (attempts: string) => `(after ${attempts} attempts)`;
const once = (message: string, pattern: RegExp): Expected => ({ attempts: 1, message, pattern });
const timedOut: Expected = {
	attempts: [1, 3],
	message: 'Gaard did not answer within <deadline> s',
	pattern: new RegExp(
		`^Gaard did not answer within (${TIMEOUT_S}|${GET_RESULT_DEADLINE_S}) s( \\(after \\d attempts\\))?$`,
	),
};
const uploadTimedOut: Expected = { ...timedOut, attempts: 1 };
/** A connection reset, before or after Gaard took the job: a read retries it, an upload does not. */
const connectionClosed: Expected = {
	attempts: 4,
	message: `Could not reach Gaard: the connection was closed before Gaard answered ${retried('4')}`,
	pattern:
		/^Could not reach Gaard: the connection was closed before Gaard answered \(after 4 attempts\)$/,
};
const uploadConnectionClosed = once(
	'Could not reach Gaard: the connection was closed before Gaard answered',
	/^Could not reach Gaard: the connection was closed before Gaard answered$/,
);
const busy = (status: number): Expected => ({
	attempts: 4,
	message: `Gaard is busy or unavailable (HTTP ${status}) ${retried('4')}`,
	pattern: new RegExp(`^Gaard is busy or unavailable \\(HTTP ${status}\\) \\(after 4 attempts\\)$`),
});
const busyOnce = (status: number) =>
	once(
		`Gaard is busy or unavailable (HTTP ${status})`,
		new RegExp(`^Gaard is busy or unavailable \\(HTTP ${status}\\)$`),
	);
const rateLimited: Expected = {
	attempts: 4,
	message: `Gaard is busy: too many requests ${retried('4')}`,
	pattern: /^Gaard is busy: too many requests \(after 4 attempts\)$/,
};

export const FAULT_ROWS: FaultRow[] = [
	{
		fault: '400',
		rule: { kind: 'status', status: 400 },
		read: once(
			"Gaard rejected the request (HTTP 400): <Gaard's message>",
			/^Gaard rejected the request \(HTTP 400\): simulated 400$/,
		),
		upload: once(
			"Gaard rejected the request (HTTP 400): <Gaard's message>",
			/^Gaard rejected the request \(HTTP 400\): simulated 400$/,
		),
	},
	{
		fault: '401',
		rule: { kind: 'status', status: 401 },
		read: once(
			'Gaard did not accept the access token: it is invalid or expired',
			/^Gaard did not accept the access token: it is invalid or expired$/,
		),
		upload: once(
			'Gaard did not accept the access token: it is invalid or expired',
			/^Gaard did not accept the access token: it is invalid or expired$/,
		),
	},
	{
		fault: '403',
		rule: { kind: 'status', status: 403 },
		read: once('The access token may not do this', /^The access token may not do this$/),
		upload: once('The access token may not do this', /^The access token may not do this$/),
	},
	{
		fault: '404',
		rule: { kind: 'status', status: 404 },
		read: once('Gaard has no result with ID "<id>"', /^Gaard has no result with ID "[^"]+"$/),
		upload: once(
			'Gaard answered 404 to the video upload: no Gaard API at this address',
			/^Gaard answered 404 to the video upload: no Gaard API at this address$/,
		),
	},
	{
		fault: '413',
		rule: { kind: 'status', status: 413 },
		read: once('The video is too large for Gaard', /^The video is too large for Gaard$/),
		upload: once('The video is too large for Gaard', /^The video is too large for Gaard$/),
	},
	{
		fault: '429, no Retry-After',
		rule: { kind: 'status', status: 429 },
		read: rateLimited,
		upload: rateLimited,
	},
	{
		fault: '429, Retry-After: 1 (seconds)',
		rule: { kind: 'status', status: 429, retryAfter: '1' },
		read: rateLimited,
		upload: rateLimited,
	},
	{
		fault: '429, Retry-After: an HTTP date a second ahead',
		rule: { kind: 'status', status: 429, retryAfter: '<in a second>' },
		read: rateLimited,
		upload: rateLimited,
	},
	{
		fault: '429, Retry-After: garbage',
		rule: { kind: 'status', status: 429, retryAfter: 'soon, maybe' },
		read: rateLimited,
		upload: rateLimited,
	},
	{
		fault: '429, Retry-After: 3600 (too long)',
		rule: { kind: 'status', status: 429, retryAfter: '3600' },
		read: once('Gaard is busy: too many requests', /^Gaard is busy: too many requests$/),
		upload: once('Gaard is busy: too many requests', /^Gaard is busy: too many requests$/),
	},
	{
		fault: '500',
		rule: { kind: 'status', status: 500 },
		read: busyOnce(500),
		upload: busyOnce(500),
	},
	{ fault: '502', rule: { kind: 'status', status: 502 }, read: busy(502), upload: busyOnce(502) },
	{ fault: '503', rule: { kind: 'status', status: 503 }, read: busy(503), upload: busy(503) },
	{ fault: '504', rule: { kind: 'status', status: 504 }, read: busy(504), upload: busyOnce(504) },
	{
		fault: 'connection reset before Gaard took the job',
		rule: { kind: 'reset', when: 'before' },
		read: connectionClosed,
		upload: uploadConnectionClosed,
	},
	{
		fault: 'connection reset after Gaard took the job',
		rule: { kind: 'reset', when: 'after' },
		read: connectionClosed,
		upload: uploadConnectionClosed,
	},
	{
		fault: 'silence (no answer)',
		rule: { kind: 'silence' },
		read: timedOut,
		upload: uploadTimedOut,
	},
	{
		fault: 'a body that drips a byte every 0.2 s',
		rule: { kind: 'drip', ms: 200 },
		read: timedOut,
		upload: uploadTimedOut,
	},
	{
		fault: 'malformed JSON',
		rule: { kind: 'malformedJson' },
		read: once(
			'Gaard answered GET <url> with something that is not a JSON result',
			/^Gaard answered GET \S+ with something that is not a JSON result$/,
		),
		upload: once(
			'Gaard answered POST <url> with something that is not a JSON result',
			/^Gaard answered POST \S+ with something that is not a JSON result$/,
		),
	},
	{
		fault: 'an HTML error page (502)',
		rule: {
			kind: 'status',
			status: 502,
			contentType: 'text/html',
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
		},
		read: busy(502),
		upload: busyOnce(502),
	},
	{
		fault: 'a redirect (302)',
		rule: { kind: 'redirect', status: 302, location: 'http://127.0.0.1:9/elsewhere' },
		read: once(
			'Unexpected answer from Gaard (HTTP 302)',
			/^Unexpected answer from Gaard \(HTTP 302\)$/,
		),
		upload: once(
			'Unexpected answer from Gaard (HTTP 302)',
			/^Unexpected answer from Gaard \(HTTP 302\)$/,
		),
	},
];

/** The node reference's failure table (docs/node.md), from the rows. */
export function faultTable(): string {
	const attempts = ({ attempts }: Expected) =>
		typeof attempts === 'number' ? String(attempts) : 'as many as fit the deadline';
	const lines = [
		'| Gaard answers | Get Result, Wait for Result: attempts | Classify Video: attempts | Message (Get Result / Classify Video) |',
		'| --- | --- | --- | --- |',
		...FAULT_ROWS.map(
			(row) =>
				`| ${row.fault} | ${attempts(row.read)} | ${attempts(row.upload)} | ${row.read.message === row.upload.message ? `\`${row.read.message}\`` : `\`${row.read.message}\` / \`${row.upload.message}\``} |`,
		),
	];
	return lines.join('\n');
}

type Operation = 'getResult' | 'waitForResult' | 'classifyPoll' | 'classifySync';
const OPERATIONS: Operation[] = ['getResult', 'waitForResult', 'classifyPoll', 'classifySync'];

/** A token as a careless user saves it (a trailing newline), with characters that URL-encoding changes. */
const ECHOED_TOKEN = 'gaard_pat_Zq8+/x7LmN3pQr5sTu9vWx2yAb4cDe';

let sim: GaardSimulator;
const clock = useTestClock();

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 60_000, token: ECHOED_TOKEN });
});

afterEach(async () => {
	await sim.stop();
});

function parametersFor(operation: Operation, resultId: string): INodeParameters {
	const options = { timeout: TIMEOUT_S };
	switch (operation) {
		case 'getResult':
			return { resource: 'classification', operation, resultId };
		case 'waitForResult':
			return { resource: 'classification', operation, resultId, options };
		case 'classifyPoll':
			return {
				resource: 'classification',
				operation: 'classify',
				binaryPropertyName: 'data',
				waitMode: 'poll',
				options,
			};
		case 'classifySync':
			return {
				resource: 'classification',
				operation: 'classify',
				binaryPropertyName: 'data',
				waitMode: 'sync',
				options,
			};
	}
}

const isRead = (operation: Operation) => operation === 'getResult' || operation === 'waitForResult';
const routeOf = (operation: Operation) => (isRead(operation) ? '/api/result/' : '/api/classify');
const attemptsSoFar = (operation: Operation) =>
	sim.requests.filter((request) => request.path.startsWith(routeOf(operation))).length;

/** Runs the operation on one item with the row's fault on every request of its route. */
async function runWithFault(
	operation: Operation,
	row: FaultRule,
	options: { continueOnFail?: boolean; token?: string } = {},
) {
	let resultId = 'unused';
	if (isRead(operation)) {
		// A real, pending job, so that only the fault can fail the read.
		const form = new FormData();
		form.append('video', new Blob(['clip']), 'intrusion.mp4');
		const response = await fetch(`${sim.url}/api/classify`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sim.token}` },
			body: form,
		});
		resultId = ((await response.json()) as { id: string }).id;
	}
	const rule = { ...row } as FaultRule & { retryAfter?: string };
	if (rule.retryAfter === '<in a second>')
		rule.retryAfter = new Date(clock.current.now() + 1000).toUTCString();
	sim.addFault({
		...rule,
		route: isRead(operation) ? 'result' : 'classify',
		times: 100,
	} as FaultRule);
	const clip: INodeExecutionData = {
		json: {},
		binary: { data: memoryBinary(Buffer.from('clip of the north gate'), 'gate.mp4') },
	};
	const running = runGaardNode({
		parameters: parametersFor(operation, resultId),
		items: [isRead(operation) ? { json: {} } : clip],
		credentials: { gaardApi: gaardCredential(sim.url, options.token ?? sim.token) },
		continueOnFail: options.continueOnFail,
	});
	// A request Gaard holds open (silence, a dripping body) ends by its time limit, on the test's clock.
	return await whileTimingOut(running, () => sim.heldRequests > 0);
}

/** Waits until requests the node abandoned are closed, and so logged by the simulator. */
const settle = async () => await when(() => sim.openRequests === 0);

describe.each(OPERATIONS)('%s', (operation) => {
	it.each(FAULT_ROWS.map((row) => [row.fault, row] as const))(
		'when Gaard gives %s',
		async (_fault, row) => {
			const expected = isRead(operation) ? row.read : row.upload;
			const before = attemptsSoFar(operation);
			const started = clock.current.now();
			const error = await failure(runWithFault(operation, row.rule));
			const seconds = (clock.current.now() - started) / 1000;
			await settle();

			expect(error.message).toMatch(expected.pattern);
			const [least, most] =
				typeof expected.attempts === 'number'
					? [expected.attempts, expected.attempts]
					: expected.attempts;
			const attempts = attemptsSoFar(operation) - before;
			expect(attempts).toBeGreaterThanOrEqual(least);
			expect(attempts).toBeLessThanOrEqual(most);
			// No call outlives its deadline: the node's timeout, or Get Result's call deadline.
			expect(seconds).toBeLessThanOrEqual(
				operation === 'getResult' ? GET_RESULT_DEADLINE_S : TIMEOUT_S,
			);
		},
	);
});

describe('with Continue On Fail, and a token Gaard echoes back in every form', () => {
	let logged: string[] = [];

	beforeAll(() => {
		logged = captureLogs();
	});

	/** Every 8-character piece of the token. */
	const pieces = Array.from({ length: ECHOED_TOKEN.length - 7 }, (_, start) =>
		ECHOED_TOKEN.slice(start, start + 8),
	);
	const leaks = (text: string) =>
		[ECHOED_TOKEN, encodeURIComponent(ECHOED_TOKEN), ...pieces].filter((piece) =>
			text.includes(piece),
		);

	it.each(OPERATIONS)(
		'%s: each fault becomes one item holding the error, paired with its input, and no piece of the token',
		async (operation) => {
			for (const row of FAULT_ROWS) {
				const rule =
					row.rule.kind === 'status' && !row.rule.body
						? { ...row.rule, echoToken: true }
						: row.rule;
				const [output] = await runWithFault(operation, rule, {
					continueOnFail: true,
					token: `${ECHOED_TOKEN}\n`,
				});
				sim.clearFaults();
				expect(output).toHaveLength(1);
				const [item] = output;
				expect(item.pairedItem).toEqual({ item: 0 });
				expect(Object.keys(item.json).sort()).toEqual(expect.arrayContaining(['error']));
				expect(
					Object.keys(item.json).every((key) => key === 'error' || key === 'description'),
				).toBe(true);
				expect(typeof item.json.error).toBe('string');
				expect({ fault: row.fault, leaks: leaks(JSON.stringify(item)) }).toEqual({
					fault: row.fault,
					leaks: [],
				});
			}
			expect(leaks(logged.join('\n'))).toEqual([]);
		},
		120_000,
	);
});

describe("the node reference's failure table (docs/node.md)", () => {
	it('is rendered from these rows', () => {
		const reference = readFileSync(path.join(__dirname, '../../docs/node.md'), 'utf8');
		expect(reference).toContain(faultTable());
	});
});
