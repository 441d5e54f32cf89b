/**
 * Many items in one run: their uploads (bounded by Parallel Uploads) and waits overlap, results
 * keep input order and pairing, Continue On Fail keeps the others, a failure without it stops the
 * rest, and no item makes more requests than it would alone. n8n-core's context, the simulator.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { failure } from '../helpers/failure';
import { memoryBinary, runGaardNodeAgainst } from '../helpers/n8nCore';
import { useTestClock } from '../helpers/testClock';
import { when } from '../helpers/when';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 1000 });
});

afterEach(async () => {
	await sim.stop();
});

const clip = (name: string): INodeExecutionData => ({
	json: { name },
	binary: { data: memoryBinary(Buffer.from(`bytes of ${name}`), name) },
});

const CLIPS = [
	'intrusion-gate.mp4',
	'rain-yard.mp4',
	'person-dock.mp4',
	'spider-cam3.mp4',
	'vehicle-lot.mp4',
	'wind-fence.mp4',
];

const run = (parameters: INodeParameters, items: INodeExecutionData[], continueOnFail = false) =>
	runGaardNodeAgainst(sim, parameters, items, continueOnFail);

const classify = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'classification',
	operation: 'classify',
	binaryPropertyName: 'data',
	waitMode: 'poll',
	options: { timeout: 60, ...options },
});

const requestsTo = (path: string) =>
	sim.requests.filter((request) => request.path.startsWith(path)).length;

describe('Classify Video on many items', () => {
	const clock = useTestClock();
	it('uploads at most Parallel Uploads at once, and uses them', async () => {
		sim.addFault({ kind: 'latency', ms: 300, route: 'classify', times: CLIPS.length });
		await run(classify({ parallelUploads: 3 }), CLIPS.map(clip));
		expect(sim.maxUploadsInFlight).toBe(3);
		expect(sim.jobCount).toBe(CLIPS.length);
	});

	it('with Parallel Uploads 1, uploads one after the other', async () => {
		sim.addFault({ kind: 'latency', ms: 200, route: 'classify', times: 3 });
		await run(classify({ parallelUploads: 1 }), CLIPS.slice(0, 3).map(clip));
		expect(sim.maxUploadsInFlight).toBe(1);
	});

	it('returns the results in input order, each paired with its input, whatever order they finish in', async () => {
		// The first upload is held back, so the first item's job is the last to finish.
		sim.addFault({ kind: 'latency', ms: 600, route: 'classify', times: 1 });
		const output = await run(classify(), CLIPS.map(clip));
		expect(output.map((item) => item.pairedItem)).toEqual(CLIPS.map((_, item) => ({ item })));
		expect(output.map((item) => item.json.labels)).toEqual([
			['intrusion', 'person'],
			['rain'],
			['person'],
			['spider', 'web'],
			['vehicule'],
			['wind', 'flag'],
		]);
		expect(sim.uploads.at(-1)?.filename).toBe('intrusion-gate.mp4');
	});

	it('makes the requests to Gaard one item at a time would: one upload each, and as many polls (give or take one)', async () => {
		await run(classify(), [clip('intrusion-gate.mp4')]);
		const alone = { uploads: requestsTo('/api/classify'), polls: requestsTo('/api/result/') };
		sim.requests.length = 0;
		await run(
			classify(),
			CLIPS.map(() => clip('intrusion-gate.mp4')),
		);
		expect(requestsTo('/api/classify')).toBe(alone.uploads * CLIPS.length);
		// Each item polls on its own schedule from its own upload; a poll may land either side of
		// the moment its job finishes.
		expect(requestsTo('/api/result/')).toBeLessThanOrEqual((alone.polls + 1) * CLIPS.length);
	});

	it('with Continue On Fail, a failing item becomes an error item and the others are classified', async () => {
		const items = [
			clip('intrusion-gate.mp4'),
			{ json: { name: 'no video' } },
			clip('rain-yard.mp4'),
		];
		const output = await run(classify(), items, true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ risk: 'intrusion' });
		expect(output[1].json.error).toMatch(/data/);
		expect(output[2].json).toMatchObject({ risk: 'safe' });
	});

	it('without Continue On Fail, the first failure stops the items still waiting, and names its item', async () => {
		sim.processingMs = 60_000;
		const items = [
			clip('intrusion-gate.mp4'),
			clip('rain-yard.mp4'),
			{ json: { name: 'no video' } },
			clip('person-dock.mp4'),
		];
		const error = await failure(run(classify(), items));
		expect((error as unknown as { context: { itemIndex?: number } }).context.itemIndex).toBe(2);
		// Nothing goes on polling for a run that has already failed: by the time the node fails, no
		// item is waiting for its next poll.
		expect(clock.current.waitsUnderWay).toBe(0);
	});
	it('without Continue On Fail, the first failure aborts the uploads still under way, at once: not at their time limit', async () => {
		sim.addFault({ kind: 'silence', route: 'classify', times: 1 });
		sim.addFault({ kind: 'status', status: 400, route: 'classify', times: 1 });
		const startedAt = clock.current.now();
		const error = await failure(
			run(classify(), [clip('intrusion-gate.mp4'), clip('rain-yard.mp4')]),
		);
		expect(error.message).toMatch(/400/);
		// The upload Gaard holds open is given up by the node, not ended by its limit: no time passed
		// (on this clock, a time limit fires only when time is moved on).
		await when(() => sim.heldRequests === 0);
		expect(clock.current.now()).toBe(startedAt);
	});
});

describe('Wait for Result and Get Result on many items', () => {
	it('wait for all the results together, in input order', async () => {
		const submitted = await run({ ...classify(), waitMode: 'none' }, CLIPS.map(clip));
		const ids = submitted.map((item) => ({ json: { id: item.json.id } }));
		const output = await run(
			{
				resource: 'classification',
				operation: 'waitForResult',
				resultId: '={{ $json.id }}',
				options: { timeout: 60 },
			},
			ids,
		);
		expect(output.map((item) => item.json.id)).toEqual(ids.map((item) => item.json.id));
		expect(output.map((item) => item.pairedItem)).toEqual(CLIPS.map((_, item) => ({ item })));
		expect(
			output.every((item) => (item.json.status as { classify: string }).classify === 'done'),
		).toBe(true);
	});
});
