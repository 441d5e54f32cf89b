/**
 * docs/troubleshooting.md read against the code: each answer the trigger gives and each failure
 * of the Gaard node is brought about here, and its words must be those of exactly one row of the
 * table that says what to do about it, and each row must be one of them. n8n's own answers, and
 * the credential's test, are read in a real n8n (test/e2e/gaard.e2e.test.ts).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { failure } from '../helpers/failure';
import { freePort, postJson } from '../helpers/loopback';
import { gaardCredential, memoryBinary, runGaardNode } from '../helpers/n8nCore';
import { testClockInUse, useTestClock, whileTimingOut } from '../helpers/testClock';
import type { TriggerServerOptions } from '../helpers/triggerServer';
import { startTriggerServer } from '../helpers/triggerServer';
import {
	codeSpans,
	docTableRows,
	messagePattern,
	troubleshootingRows,
} from '../helpers/troubleshooting';
import { when } from '../helpers/when';
import type { ClipServer } from '../helpers/clipServer';
import { startClipServer, uploadWaitsOnStalledClip } from '../helpers/clipServer';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';
import { docExamplePayload } from '../fixtures';

let sim: GaardSimulator;
let clips: ClipServer;

beforeAll(async () => {
	sim = await startSimulator({ processingMs: 60_000 });
	clips = await startClipServer();
});

afterAll(async () => {
	await sim.stop();
	await clips.stop();
});

afterEach(() => sim.clearFaults());

// Frozen: the waits between attempts and polls pass at once.
useTestClock();

/** Which rows some answer matched: a row none matches is stale. */
function rowsOf(heading: string, keep: (cells: string[]) => boolean, messageColumn: number) {
	const rows = troubleshootingRows(heading).filter(keep);
	const matched = new Set<number>();
	return {
		rows,
		/** The rows whose words are these (and status, where the table has one). */
		matching(message: string, status?: number): string[][] {
			const found = rows.filter(
				(cells) =>
					(status === undefined || Number(cells[0]) === status) &&
					messagePattern(cells[messageColumn]).test(message),
			);
			for (const cells of found) matched.add(rows.indexOf(cells));
			return found;
		},
		unmatched: () =>
			rows.filter((_, index) => !matched.has(index)).map((cells) => cells[messageColumn]),
	};
}

describe('"The trigger answers Gaard with an error": the answers of the trigger itself', () => {
	const table = rowsOf(
		'The trigger answers Gaard with an error',
		(cells) => cells[1] === 'the trigger',
		2,
	);

	/** POSTs `body` to a trigger served with these settings; returns the answer's status and error. */
	async function answerOf(
		parameters: TriggerServerOptions['parameters'],
		body: string,
		contentType = 'application/json',
		options: Partial<TriggerServerOptions> = {},
	) {
		const server = await startTriggerServer({ parameters, ...options });
		try {
			const { status, json } = await postJson(server.url, body, { contentType });
			return { status, error: (json as { error: string }).error };
		} finally {
			await server.stop();
		}
	}
	const verifyWith = (url: string) => ({
		credentials: { gaardApi: gaardCredential(url, sim.token) },
	});
	const example = JSON.stringify(docExamplePayload());

	it.each([
		{ answer: 'an empty body', get: () => answerOf({}, '') },
		{
			answer: 'a +json body that is not JSON',
			get: () => answerOf({}, '{not json', 'application/vnd.gaard+json'),
		},
		{ answer: 'a JSON list', get: () => answerOf({}, '[1, 2]') },
		{ answer: 'a body that is not a Gaard result', get: () => answerOf({}, '{"id": 7}') },
		{ answer: 'no secret', get: () => answerOf({ security: { secret: 's3cret' } }, example) },
		{
			answer: 'no secret, expected in a header',
			get: () => answerOf({ security: { secret: 's3cret', secretLocation: 'header' } }, example),
		},
		{
			answer: 'a sender Allowed IPs does not list',
			get: () => answerOf({ security: { allowedIps: '203.0.113.10' } }, example),
		},
		{
			answer: 'a result Gaard does not have, verified',
			get: () =>
				answerOf(
					{ security: { verifyWithGaard: true } },
					example,
					'application/json',
					verifyWith(sim.url),
				),
		},
		{
			answer: "a +json body over n8n's limit",
			get: () => answerOf({}, example, 'application/vnd.gaard+json', { payloadSizeMax: 100 }),
		},
		{ answer: 'a body that is not JSON', get: () => answerOf({}, 'hello', 'text/plain') },
		{
			answer: 'Gaard failing while verifying',
			get: async () => (
				sim.addFault({ kind: 'status', status: 500, route: 'result', times: 10 }),
				await answerOf(
					{ security: { verifyWithGaard: true } },
					example,
					'application/json',
					verifyWith(sim.url),
				)
			),
		},
		{
			answer: 'Gaard out of reach while verifying',
			get: () =>
				answerOf(
					{ security: { verifyWithGaard: true } },
					example,
					'application/json',
					verifyWith('http://127.0.0.1:9'),
				),
		},
		{
			answer: 'Gaard answering another result while verifying',
			get: async () => {
				sim.addFault({
					kind: 'status',
					status: 200,
					route: 'result',
					body: JSON.stringify({ ...docExamplePayload(), id: '0000000000000000000000aa' }),
				});
				return await answerOf(
					{ security: { verifyWithGaard: true } },
					example,
					'application/json',
					verifyWith(sim.url),
				);
			},
		},
	])('$answer: the words of one row', async ({ get }) => {
		const { status, error } = await get();
		expect({ status, error, rows: table.matching(error, status).length }).toEqual({
			status,
			error,
			rows: 1,
		});
	});

	it('every row of the trigger is an answer it gives', () => {
		expect(table.unmatched()).toEqual([]);
	});
});

describe('"The Gaard node fails": each failure, in the words of one row', () => {
	const table = rowsOf('The Gaard node fails', () => true, 0);

	const credentials = (token = sim.token, tenant = '') => ({
		gaardApi: gaardCredential(sim.url, token, tenant),
	});
	const getResult = (resultId: string): INodeParameters => ({
		resource: 'classification',
		operation: 'getResult',
		resultId,
	});
	const classifyUrl = (videoUrl: string, downloadOptions = {}): INodeParameters => ({
		resource: 'classification',
		operation: 'classify',
		videoSource: 'url',
		videoUrl,
		waitMode: 'none',
		downloadOptions,
	});
	const clip = (name: string, bytes = Buffer.from(`bytes of ${name}`)): INodeExecutionData => ({
		json: {},
		binary: { data: memoryBinary(bytes, name) },
	});
	const classifyBinary: INodeParameters = {
		resource: 'classification',
		operation: 'classify',
		binaryPropertyName: 'data',
		waitMode: 'none',
	};

	/** The message the node fails with. */
	async function messageOf(
		parameters: INodeParameters,
		options: {
			items?: INodeExecutionData[];
			credentials?: ReturnType<typeof credentials>;
			abortSignal?: AbortSignal;
		} = {},
	): Promise<string> {
		const error = await failure(
			runGaardNode({
				parameters,
				items: options.items,
				credentials: options.credentials ?? credentials(),
				abortSignal: options.abortSignal,
			}),
		);
		return error.message;
	}
	const pendingResult = async () =>
		(
			await runGaardNode({
				parameters: classifyBinary,
				items: [clip('intrusion.mp4')],
				credentials: credentials(),
			})
		)[0][0].json.id as string;

	it.each([
		{
			failure: 'a token Gaard refuses',
			get: () =>
				messageOf(getResult('65f0c1d2e3f4a5b6c7d8e9f0'), {
					credentials: credentials('gaard_pat_expired'),
				}),
		},
		{
			failure: 'a tenant the token may not use',
			get: () =>
				messageOf(getResult('65f0c1d2e3f4a5b6c7d8e9f0'), {
					credentials: credentials(sim.token, 'someone_else'),
				}),
		},
		{ failure: 'an unknown result', get: () => messageOf(getResult('65f0c1d2e3f4a5b6c7d8e9f0')) },
		{
			failure: 'an upload to no Gaard',
			get: () => (
				sim.addFault({ kind: 'status', status: 404, route: 'classify' }),
				messageOf(classifyBinary, { items: [clip('a.mp4')] })
			),
		},
		{
			failure: 'a video too large',
			get: () => (
				sim.addFault({ kind: 'status', status: 413, route: 'classify' }),
				messageOf(classifyBinary, { items: [clip('a.mp4')] })
			),
		},
		{
			failure: 'too many requests',
			get: () => (
				sim.addFault({ kind: 'status', status: 429, route: 'result', times: 10 }),
				messageOf(getResult('x'))
			),
		},
		{
			failure: 'Gaard unavailable',
			get: () => (
				sim.addFault({ kind: 'status', status: 503, route: 'result', times: 10 }),
				messageOf(getResult('x'))
			),
		},
		{
			failure: 'no answer',
			get: () => (
				sim.addFault({ kind: 'silence', route: 'result', times: 10 }),
				whileTimingOut(messageOf(getResult('x')), () => sim.heldRequests > 0)
			),
		},
		{
			failure: 'a result not final in time',
			get: async () =>
				messageOf({
					resource: 'classification',
					operation: 'waitForResult',
					resultId: await pendingResult(),
					options: { timeout: 1 },
				}),
		},
		{
			failure: 'a connection dropped',
			get: () => (
				sim.addFault({ kind: 'reset', route: 'result', times: 10 }),
				messageOf(getResult('x'))
			),
		},
		{
			failure: 'an answer that is not JSON',
			get: () => (
				sim.addFault({ kind: 'malformedJson', route: 'result' }),
				messageOf(getResult('x'))
			),
		},
		{
			failure: 'a clip URL that answers 404',
			get: () => messageOf(classifyUrl(`${clips.url}/clips/gone.mp4`)),
		},
		{
			failure: 'a clip URL that does not answer until the timeout',
			get: () =>
				whileTimingOut(
					messageOf(classifyUrl(clips.add('silent.mp4', Buffer.alloc(1000), { silent: true }))),
					() => clips.heldRequests > 0,
				),
		},
		{
			failure: 'a clip URL where nothing listens',
			get: async () => messageOf(classifyUrl(`http://127.0.0.1:${await freePort()}/clip.mp4`)),
		},
		{
			failure: 'a clip server that hangs up before answering',
			get: () =>
				messageOf(classifyUrl(clips.add('hangup.mp4', Buffer.alloc(1000), { hangUp: true }))),
		},
		{
			failure: 'a login page instead of the clip',
			get: () =>
				messageOf(
					classifyUrl(clips.add('login.mp4', Buffer.from('<html>'), { type: 'text/html' })),
				),
		},
		{
			failure: 'a clip over Max Size',
			get: () =>
				messageOf(
					classifyUrl(clips.add('big.mp4', Buffer.alloc(2 * 1024 * 1024)), { maxSizeMb: 1 }),
				),
		},
		{
			failure: 'an empty clip',
			get: () => messageOf(classifyUrl(clips.add('empty.mp4', Buffer.alloc(0)))),
		},
		{
			failure: 'a download cut short',
			get: () =>
				messageOf(classifyUrl(clips.add('cut.mp4', Buffer.alloc(300_000), { breakAt: 100_000 }))),
		},
		{
			failure: 'a clip compressed although asked not to',
			get: () =>
				messageOf(classifyUrl(clips.add('packed.mp4', Buffer.alloc(300_000), { gzip: true }))),
		},
		{
			failure: 'a clip that stops coming until the timeout',
			get: () =>
				whileTimingOut(
					messageOf(
						classifyUrl(clips.add('stalled.mp4', Buffer.alloc(300_000), { stallAt: 100_000 })),
					),
					uploadWaitsOnStalledClip(clips, testClockInUse()),
				),
		},
		{
			failure: 'an execution cancelled during the download',
			get: async () => {
				const cancel = new AbortController();
				const message = messageOf(
					classifyUrl(clips.add('stuck.mp4', Buffer.alloc(1000), { silent: true })),
					{ abortSignal: cancel.signal },
				);
				await when(() => clips.heldRequests > 0);
				cancel.abort();
				return await message;
			},
		},
		{
			failure: 'a Video URL that is no URL',
			get: () => messageOf(classifyUrl('recorder/clip.mp4')),
		},
		{
			failure: 'an empty binary field',
			get: () => messageOf(classifyBinary, { items: [clip('nothing.mp4', Buffer.alloc(0))] }),
		},
		{
			failure: 'a cancelled execution',
			get: () => messageOf(getResult('x'), { abortSignal: AbortSignal.abort() }),
		},
	])('$failure', async ({ get }) => {
		const message = await get();
		expect({ message, rows: table.matching(message).length }).toEqual({ message, rows: 1 });
	});

	it('every row is a failure the node has', () => {
		expect(table.unmatched()).toEqual([]);
	});

	it("docs/node.md's download failures are each in the words of one row", () => {
		const downloads = docTableRows('node.md', '| The download | Error |');
		expect(downloads.length).toBeGreaterThan(0);
		expect(
			downloads.map(([download, error]) => ({
				download,
				rows: table.rows.filter((cells) => messagePattern(cells[0]).test(codeSpans(error)[0]))
					.length,
			})),
		).toEqual(downloads.map(([download]) => ({ download, rows: 1 })));
	});
});
