import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';

import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { failure } from '../helpers/failure';
import { router } from '../../nodes/Gaard/actions/router';
import {
	filesystemBinary,
	gaardCredential,
	gaardExecuteContext,
	memoryBinary,
	runGaardNode,
	runGaardNodeAgainst,
} from '../helpers/n8nCore';
import { testClockInUse, useTestClock, whileTimingOut } from '../helpers/testClock';
import { clock as packageClock } from '../../nodes/Gaard/clock';
import { POLL_SCHEDULE, pollDelayMs } from '../../nodes/Gaard/actions/waitForFinalResult';
import { when } from '../helpers/when';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 300 });
});

afterEach(async () => {
	await sim.stop();
});

const credentials = () => ({ gaardApi: gaardCredential(sim.url, sim.token) });
const videoBytes = (name: string) => Buffer.from(`video bytes of ${name}`);
const videoItem = (name: string): INodeExecutionData => ({
	json: { name },
	binary: { data: memoryBinary(videoBytes(name), name) },
});

const run = (parameters: INodeParameters, items?: INodeExecutionData[], continueOnFail = false) =>
	runGaardNodeAgainst(sim, parameters, items, continueOnFail);

const classify = (waitMode: string, extra: INodeParameters = {}) => ({
	resource: 'classification',
	operation: 'classify',
	binaryPropertyName: 'data',
	waitMode,
	...extra,
});

async function submitted(name = 'intrusion.mp4'): Promise<string> {
	const [item] = await run(classify('none'), [videoItem(name)]);
	return item.json.id as string;
}

describe('Classify Video', () => {
	it("without waiting, returns Gaard's accepted job at once", async () => {
		const [item] = await run(classify('none'), [videoItem('intrusion-gate.mp4')]);
		expect(item.json).toMatchObject({
			status: { classify: 'pending', video: 'pending' },
			_derived: { isFinal: false, isAlarm: false, source: 'api' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(sim.uploads[0]).toMatchObject({ filename: 'intrusion-gate.mp4', mimeType: 'video/mp4' });
	});

	it('waiting with the sync API, returns the final result from one request', async () => {
		const [item] = await run(classify('sync'), [videoItem('rain.mov')]);
		expect(item.json).toMatchObject({
			status: { classify: 'done' },
			risk: 'safe',
			labels: ['rain'],
			_derived: { isFinal: true },
		});
		expect(sim.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /api/classify',
		]);
	});

	it('waiting by polling, submits and then polls until the result is final', async () => {
		const [item] = await run(classify('poll'), [videoItem('intrusion.mp4')]);
		expect(item.json).toMatchObject({
			status: { classify: 'done' },
			risk: 'intrusion',
			labels: ['intrusion', 'person'],
			_derived: { isFinal: true, isAlarm: true, topLabel: expect.any(String), source: 'api' },
		});
		const polls = sim.requests.filter((request) => request.path.startsWith('/api/result/'));
		expect(polls.length).toBeGreaterThanOrEqual(1);
	});

	it('returns an error result (error_code != 0) as a result, not a failure', async () => {
		const [item] = await run(classify('sync'), [videoItem('corrupt.mp4')]);
		expect(item.json).toMatchObject({ error_code: 2, _derived: { isError: true, isAlarm: false } });
	});

	it('sends camera, site, analyse id, flow and metadata pairs', async () => {
		const [item] = await run(
			classify('sync', {
				additionalFields: {
					cameraId: 'VI08',
					siteId: '134188',
					analyseId: 3373550353,
					flow: 'night-shift',
					metadata: {
						values: [
							{ key: 'zone', value: 'north gate' },
							{ key: ' ', value: 'ignored' },
						],
					},
				},
			}),
			[videoItem('person.mp4')],
		);
		expect(sim.uploads[0].fields).toEqual({
			camera_id: 'VI08',
			site_id: '134188',
			analyse_id: '3373550353',
			flow: 'night-shift',
			metadata: JSON.stringify({ zone: 'north gate', camera_id: 'VI08', site_id: '134188' }),
		});
		expect(item.json).toMatchObject({
			camera_id: '134188-VI08',
			analyse_id: 3373550353,
			metadata: { zone: 'north gate', camera_id: 'VI08', site_id: 134188 },
			_derived: { cameraId: 'VI08', siteId: '134188' },
		});
	});

	it('trims the fields it sends, sends none left blank, and no metadata pair without a key', async () => {
		await run(
			classify('none', {
				additionalFields: {
					cameraId: '  VI08 ',
					siteId: '   ',
					flow: ' ',
					metadata: {
						values: [{ value: 'no key' }, { key: ' zone ', value: 'north' }, { key: 'note' }],
					},
				},
			}),
			[videoItem('person.mp4')],
		);
		await run(classify('none', { additionalFields: { cameraId: '', siteId: '' } }), [
			videoItem('wind.mp4'),
		]);
		// An Analyse ID of 0 is the field's default: none set.
		await run(classify('none', { additionalFields: { analyseId: 0 } }), [videoItem('rain.mp4')]);
		expect(sim.uploads.map((upload) => upload.fields)).toEqual([
			{
				camera_id: 'VI08',
				metadata: JSON.stringify({ zone: 'north', note: '', camera_id: 'VI08' }),
			},
			{},
			{},
		]);
	});

	it.each([
		['parallelUploads', 0, 'Parallel Uploads must be a whole number from 1 to 16'],
		['parallelUploads', 17, 'Parallel Uploads must be a whole number from 1 to 16'],
		['parallelUploads', 2.5, 'Parallel Uploads must be a whole number from 1 to 16'],
		['parallelUploads', 'many', 'Parallel Uploads must be a whole number from 1 to 16'],
		['timeout', 0, 'Timeout must be a number of seconds from 1 to 86400'],
		['timeout', -5, 'Timeout must be a number of seconds from 1 to 86400'],
		['timeout', 86_401, 'Timeout must be a number of seconds from 1 to 86400'],
		['timeout', 'soon', 'Timeout must be a number of seconds from 1 to 86400'],
	])('refuses the option %s of %p, naming it, before any upload', async (option, value, rule) => {
		const error = await failure(
			run(classify('none', { options: { [option]: value } }), [videoItem('person.mp4')]),
		);
		expect(error.message).toBe(`${rule}, not "${value}"`);
		expect(sim.jobCount).toBe(0);
	});

	it('takes the largest Parallel Uploads and Timeout offered', async () => {
		const [item] = await run(
			classify('none', { options: { parallelUploads: 16, timeout: 86_400 } }),
			[videoItem('person.mp4')],
		);
		expect(item.json.id).toEqual(expect.any(String));
	});

	it("sends the file from n8n's filesystem binary store, byte for byte", async () => {
		const content = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
		const binary = await filesystemBinary(Readable.from([content]), 'archive-cam2.mp4');
		expect(binary.id).toMatch(/^filesystem-v2:/);
		const [streamed] = await run({ ...classify('none'), binaryPropertyName: 'video' }, [
			{ json: {}, binary: { video: binary } },
		]);
		expect(streamed.json.id).toBeDefined();
		expect(sim.uploads[0]).toMatchObject({
			filename: 'archive-cam2.mp4',
			size: content.length,
			sha256: createHash('sha256').update(content).digest('hex'),
		});
	});

	it('sends a file held in memory (n8n in-memory binary mode), byte for byte', async () => {
		await run(classify('none'), [videoItem('memory.mp4')]);
		expect(sim.uploads[0]).toMatchObject({
			size: videoBytes('memory.mp4').length,
			sha256: createHash('sha256').update(videoBytes('memory.mp4')).digest('hex'),
		});
	});

	it('names a missing binary field, and refuses an empty video', async () => {
		const missing = await failure(run(classify('none'), [{ json: {} }]));
		expect(missing.message).toMatch(/data/);
		const empty = await failure(
			run(classify('none'), [
				{ json: {}, binary: { data: memoryBinary(Buffer.alloc(0), 'empty.mp4') } },
			]),
		);
		expect(empty.message).toBe('The video "empty.mp4" is empty');
		expect(sim.jobCount).toBe(0);
	});

	it('reads the binary field named with spaces around it', async () => {
		await run(classify('none', { binaryPropertyName: ' clip ' }), [
			{ json: {}, binary: { clip: memoryBinary(videoBytes('spaced.mp4'), 'spaced.mp4') } },
		]);
		expect(sim.uploads[0]).toMatchObject({ filename: 'spaced.mp4' });
	});

	it('names and types a video whose binary has no file name or type', async () => {
		const unnamed = (fileExtension?: string) => ({
			data: videoBytes('x').toString('base64'),
			mimeType: '',
			fileExtension,
		});
		await run(classify('none'), [
			{ json: {}, binary: { data: unnamed('mp4') } },
			{ json: {}, binary: { data: unnamed() } },
		]);
		expect(sim.uploads.map((upload) => [upload.filename, upload.mimeType]).sort()).toEqual([
			['video', 'application/octet-stream'],
			['video.mp4', 'application/octet-stream'],
		]);
	});

	it('streams a video n8n keeps on disk, never reading it whole into memory', async () => {
		const bytes = videoBytes('on-disk.mp4');
		const context = gaardExecuteContext({
			parameters: classify('none'),
			items: [{ json: {}, binary: { data: await filesystemBinary(bytes, 'on-disk.mp4') } }],
			credentials: credentials(),
		});
		context.helpers.getBinaryDataBuffer = async () => {
			throw new Error('the whole file was read into memory');
		};
		await router.call(context);
		expect(sim.uploads[0]).toMatchObject({
			filename: 'on-disk.mp4',
			sha256: createHash('sha256').update(bytes).digest('hex'),
		});
	});

	it.each([429, 503])('sends the upload again after %i, creating one job', async (status) => {
		sim.addFault({ kind: 'status', status, route: 'classify', retryAfter: '0' });
		const [item] = await run(classify('none'), [videoItem('a.mp4')]);
		expect(item.json.id).toBeDefined();
		expect(sim.jobCount).toBe(1);
	});

	it('does not send the upload again after a 500, a 502 or a dropped connection', async () => {
		const faults = [
			{ kind: 'status', status: 500 },
			{ kind: 'status', status: 502 },
			{ kind: 'reset', when: 'before' },
			{ kind: 'reset', when: 'after' },
		] as const;
		for (const fault of faults) {
			sim.addFault({ ...fault, route: 'classify' });
			await failure(run(classify('none'), [videoItem('a.mp4')]));
		}
		expect(sim.requests.filter((request) => request.path === '/api/classify')).toHaveLength(
			faults.length,
		);
		expect(sim.jobCount).toBe(1);
	});

	it('keeps polling through a rate limit, waiting as Gaard asks', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '1', route: 'result', times: 1 });
		const [item] = await run(classify('poll'), [videoItem('intrusion.mp4')]);
		expect(item.json).toMatchObject({ status: { classify: 'done' } });
		expect(testClockInUse().waits).toContain(1000);
	});

	it('copes with latency and a slow body', async () => {
		sim.addFault({ kind: 'latency', ms: 200, route: 'classify' });
		sim.addFault({ kind: 'slowBody', ms: 200, route: 'result', times: 10 });
		const [item] = await run(classify('poll'), [videoItem('intrusion.mp4')]);
		expect(item.json).toMatchObject({ status: { classify: 'done' } });
	});

	it('times out the sync API wait with the node timeout', async () => {
		sim.processingMs = 5000;
		const error = await failure(
			whileTimingOut(
				run(classify('sync', { options: { timeout: 1 } }), [videoItem('slow.mp4')]),
				() => sim.heldRequests > 0,
			),
		);
		expect(error.message).toBe('Gaard did not answer within 1 s');
	});
});

describe('Get Result', () => {
	it('returns the result as it is now: pending, then final', async () => {
		const id = await submitted();
		const [pending] = await run({
			resource: 'classification',
			operation: 'getResult',
			resultId: id,
		});
		expect(pending.json).toMatchObject({
			id,
			status: { classify: 'pending' },
			_derived: { isFinal: false },
		});
		await sim.finished(id);
		const [done] = await run({
			resource: 'classification',
			operation: 'getResult',
			resultId: ` ${id} `,
		});
		expect(done.json).toMatchObject({
			id,
			status: { classify: 'done' },
			risk: 'intrusion',
			_derived: { isFinal: true },
		});
	});

	it('fails clearly for an unknown id', async () => {
		const error = await failure(
			run({ resource: 'classification', operation: 'getResult', resultId: 'nope' }),
		);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe('Gaard has no result with ID "nope"');
	});

	it('fails clearly when Gaard answers something that is not a valid result', async () => {
		sim.addFault({
			kind: 'status',
			status: 200,
			route: 'result',
			body: JSON.stringify({ id: 5, status: 'done' }),
		});
		const error = await failure(
			run({ resource: 'classification', operation: 'getResult', resultId: 'x' }),
		);
		expect(error.message).toBe('Gaard answered GET /api/result/x with an invalid result');
		expect(error.description).toMatch(/^Not a valid Gaard result: id: .+ \(and 1 more\)$/);
	});

	it('fails clearly on malformed JSON', async () => {
		sim.addFault({ kind: 'malformedJson', route: 'result' });
		const error = await failure(
			run({ resource: 'classification', operation: 'getResult', resultId: 'x' }),
		);
		expect(error.message).toMatch(/with something that is not a JSON result$/);
	});
});

describe('Wait for Result', () => {
	it('polls until the result is final', async () => {
		const id = await submitted('vehicle.mp4');
		const [item] = await run({
			resource: 'classification',
			operation: 'waitForResult',
			resultId: id,
		});
		expect(item.json).toMatchObject({
			id,
			status: { classify: 'done' },
			risk: 'danger',
			labels: ['vehicule'],
		});
	});

	it('fails after the timeout, naming the id and the last status', async () => {
		sim.processingMs = 60_000;
		const id = await submitted();
		const started = packageClock.now();
		const error = await failure(
			run({
				resource: 'classification',
				operation: 'waitForResult',
				resultId: id,
				options: { timeout: 1 },
			}),
		);
		expect(error.message).toBe(
			`Gaard did not finish result "${id}" within 1 s (last status: pending)`,
		);
		expect(packageClock.now() - started).toBe(1000);
	});

	describe("on the package's clock", () => {
		const clock = useTestClock();

		/** A simulator whose jobs stay pending, calling `onPoll` with each poll's time. */
		async function pendingGaard(onPoll: (at: number, gaard: GaardSimulator) => void) {
			const gaard: GaardSimulator = await startSimulator({
				processingMs: 60_000,
				onRequest: (request) => {
					if (request.method === 'GET') onPoll(clock.current.now(), gaard);
				},
			});
			const [accepted] = await runGaardNodeAgainst(gaard, classify('none'), [
				videoItem('slow.mp4'),
			]);
			return { gaard, id: accepted.json.id as string };
		}

		async function waitFor(gaard: GaardSimulator, id: string) {
			const parameters = {
				resource: 'classification',
				operation: 'waitForResult',
				resultId: id,
				options: { timeout: 1 },
			};
			return await failure(
				runGaardNode({
					parameters,
					credentials: { gaardApi: gaardCredential(gaard.url, gaard.token) },
				}),
			);
		}

		it('polls as the schedule says, the last wait cut to the timeout, and fails exactly then on the last status seen', async () => {
			const polledAt: number[] = [];
			const { gaard, id } = await pendingGaard((at) => polledAt.push(at));
			try {
				const startedAt = clock.current.now();
				const error = await waitFor(gaard, id);
				expect(error.message).toBe(
					`Gaard did not finish result "${id}" within 1 s (last status: pending)`,
				);
				expect(error.description).toBe(
					'Raise Timeout in the options, or fetch the result later with Get Result (the Gaard Trigger also receives it when it is done).',
				);
				// Each wait the schedule's fraction of the time waited so far, within its bounds; the last cut to the timeout.
				const scheduled = [0];
				for (let at = 0; at < 1000; ) scheduled.push((at += Math.min(pollDelayMs(at), 1000 - at)));
				expect(polledAt.map((at) => at - startedAt)).toEqual(scheduled.slice(0, -1));
				expect(scheduled.slice(0, 4)).toEqual([
					0,
					POLL_SCHEDULE.minMs,
					2 * POLL_SCHEDULE.minMs,
					3 * POLL_SCHEDULE.minMs,
				]);
				expect(clock.current.now() - startedAt).toBe(1000);
			} finally {
				await gaard.stop();
			}
		});

		it("fails with Gaard's own error when a poll after a pending one fails before the timeout", async () => {
			let polls = 0;
			const { gaard, id } = await pendingGaard((_, simulator) => {
				if (++polls === 1) simulator.addFault({ kind: 'status', status: 500, route: 'result' });
			});
			try {
				expect((await waitFor(gaard, id)).message).toBe('Gaard is busy or unavailable (HTTP 500)');
				expect(polls).toBe(2);
			} finally {
				await gaard.stop();
			}
		});
	});

	it('keeps polling through 503s and connection resets', async () => {
		const id = await submitted();
		sim.addFault({ kind: 'status', status: 503, route: 'result', times: 2 });
		sim.addFault({ kind: 'reset', route: 'result' });
		const [item] = await run({
			resource: 'classification',
			operation: 'waitForResult',
			resultId: id,
		});
		expect(item.json).toMatchObject({ status: { classify: 'done' } });
	});
});

describe('a cancelled execution', () => {
	// Manual: a wait between polls lasts until the test moves time on, or the execution is cancelled.
	const clock = useTestClock('manual');
	/** Runs the node and cancels the execution once `underWay()` holds; the error, and the time that passed after that. */
	async function cancelledWhen(
		underWay: () => boolean,
		parameters: INodeParameters,
		items?: INodeExecutionData[],
	) {
		const cancel = new AbortController();
		const running = failure(
			runGaardNode({ parameters, items, credentials: credentials(), abortSignal: cancel.signal }),
		);
		await when(underWay);
		const cancelledAt = clock.current.now();
		cancel.abort();
		const error = await running;
		return { error, msAfterCancel: clock.current.now() - cancelledAt };
	}

	it('stops Wait for Result at once and says it was cancelled, not that it timed out', async () => {
		sim.processingMs = 60_000;
		const id = await submitted();
		// Cancelled while it waits for its next poll (not during one, which the transport reports).
		const waitingToPollAgain = () =>
			sim.requests.some((request) => request.path.endsWith(`/${id}`)) &&
			clock.current.waitsUnderWay > 0;
		const { error, msAfterCancel } = await cancelledWhen(waitingToPollAgain, {
			resource: 'classification',
			operation: 'waitForResult',
			resultId: id,
			options: { timeout: 60 },
		});
		expect(error.message).toBe(`The execution was cancelled while waiting for result "${id}"`);
		expect(msAfterCancel).toBe(0);
	});

	it("stops a long sync classify during its request, which Gaard holds until the job's end", async () => {
		sim.processingMs = 60_000;
		const jobsBefore = sim.jobCount;
		const accepted = () => sim.jobCount > jobsBefore;
		const { error, msAfterCancel } = await cancelledWhen(
			accepted,
			classify('sync', { options: { timeout: 60 } }),
			[videoItem('slow.mp4')],
		);
		expect(error.message).toBe('The execution was cancelled while waiting for Gaard');
		expect(msAfterCancel).toBe(0);
	});
});

describe('many items', () => {
	it('pairs every output item with its input, and continue-on-fail keeps the others', async () => {
		const good = await submitted('rain.mp4');
		await sim.finished(good);
		const items = [{ json: { id: good } }, { json: { id: 'unknown-id' } }, { json: { id: good } }];
		const output = await run(
			{ resource: 'classification', operation: 'getResult', resultId: '={{ $json.id }}' },
			items,
			true,
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ id: good, risk: 'safe' });
		expect(output[1].json).toEqual({
			error: 'Gaard has no result with ID "unknown-id"',
			description: expect.stringContaining('Check the ID'),
		});
		expect(output[2].json).toMatchObject({ id: good });
	});

	it('without continue-on-fail, stops at the failing item with its index', async () => {
		const items = [{ json: { id: 'unknown-id' } }];
		const error = await failure(
			run(
				{ resource: 'classification', operation: 'getResult', resultId: '={{ $json.id }}' },
				items,
			),
		);
		expect(error.message).toBe('Gaard has no result with ID "unknown-id"');
		expect((error as unknown as { context: { itemIndex?: number } }).context.itemIndex).toBe(0);
	});

	it('classifies several videos, one output per input', async () => {
		const output = await run(classify('sync'), [videoItem('intrusion.mp4'), videoItem('wind.mp4')]);
		expect(output.map((item) => [item.json.risk, item.pairedItem])).toEqual([
			['intrusion', { item: 0 }],
			['safe', { item: 1 }],
		]);
	});
});

describe('description', () => {
	const { description } = new Gaard();
	const byName = (name: string) =>
		description.properties.filter((property) => property.name === name) as INodeProperties[];
	const values = (property: INodeProperties) =>
		(property.options as Array<{ value?: string; name: string }>).map(
			(option) => option.value ?? option.name,
		);

	it('is usable as a tool by AI agents, with an action for each operation', () => {
		expect(description.usableAsTool).toBe(true);
		const [operation] = byName('operation');
		for (const option of operation.options as Array<{ action?: string; description?: string }>) {
			expect(option.action).toBeTruthy();
			expect(option.description).toBeTruthy();
		}
	});

	it('keeps the names saved workflows depend on', () => {
		expect(description.name).toBe('gaard');
		expect(values(byName('resource')[0])).toEqual(['classification']);
		expect(values(byName('operation')[0]).sort()).toEqual([
			'classify',
			'getResult',
			'waitForResult',
		]);
		expect(byName('binaryPropertyName')[0].default).toBe('data');
		expect(values(byName('waitMode')[0]).sort()).toEqual(['none', 'poll', 'sync']);
		expect(values(byName('additionalFields')[0]).sort()).toEqual([
			'analyseId',
			'cameraId',
			'flow',
			'metadata',
			'siteId',
		]);
		expect(byName('resultId').map((property) => property.displayOptions?.show?.operation)).toEqual([
			['getResult'],
			['waitForResult'],
		]);
		expect(byName('options').map(values)).toEqual([
			['keepInputBinary', 'parallelUploads', 'timeout'],
			['timeout'],
		]);
		expect(values(byName('videoSource')[0])).toEqual(['binary', 'url']);
	});
});
