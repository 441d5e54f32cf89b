/**
 * The package in n8n's queue mode: deliveries to a webhook processor, executions in two workers,
 * the Gaard node classifying there, a worker killed mid-run, and what deduplication holds across
 * processes. Prints its figures as `[queue]` lines.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { docExampleBody } from '../fixtures';
import type { Execution, RealN8n } from '../harness/realN8n';
import { N8N_VERSION, nodeOutput, triggerResultId } from '../harness/realN8n';
import { writeQueueBenchmarks } from '../harness/benchmarksFile';
import { sampleVideo } from '../harness/stack';
import { inParallel } from '../harness/load';
import { postJson } from '../helpers/loopback';
import { MiB, peakRssGrowth, writeBigFile } from '../harness/processUsage';
import type { QueueStack } from '../harness/queueStack';
import { QUEUE_WORKFLOWS, startQueueStack } from '../harness/queueStack';

const BENCHMARKING = process.env.GAARD_QUEUE_BENCHMARKS === 'write';
// What holds (each delivery one successful execution, both workers busy) holds at 300; npm run
// bench:queue measures the rate over 1,000.
const DELIVERIES = BENCHMARKING ? 1000 : 300;
const CONCURRENCY = 20;

let stack: QueueStack;

beforeAll(
	async () => {
		stack = await startQueueStack({
			webhookProcessors: 2,
			workers: 2,
			log: (message) => process.stderr.write(`[queue] ${message}\n`),
		});
		// The table the unique-id workflow records ids in (an operator creates it once).
		stack.services.postgres.sql(
			'CREATE TABLE gaard_alarm_ids (id text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now())',
		);
	},
	10 * 60 * 1000,
);

const figures: string[] = [];
const started = Date.now();

afterAll(async () => {
	await stack?.stop();
	if (BENCHMARKING) writeQueueBenchmarks(benchmarksSection());
});

const report = (text: string) => {
	figures.push(text);
	process.stdout.write(`[queue] ${text}\n`);
};

function benchmarksSection(): string[] {
	return [
		'## 6. Queue mode',
		'',
		`Written by \`npm run bench:queue\` (the queue-mode tests, \`npm run test:queue\`) on ${new Date().toISOString().slice(0, 10)}, ` +
			`in ${((Date.now() - started) / 60000).toFixed(1)} min, on the machine above. n8n ${N8N_VERSION} in queue mode: main process ` +
			'(production webhooks off), two webhook processors, two workers (concurrency 10 each), PostgreSQL ' +
			`${stack.services.postgres.version} and Redis from Debian's packages, binary data in filesystem mode on a shared folder, ` +
			'executions saved. Each line is what one test measured.',
		'',
		...figures.map((figure) => `- ${figure}`),
	];
}

const deliver = async (processor: RealN8n, webhook: string, id: string) =>
	await postJson(processor.webhookUrl(webhook), docExampleBody(id));

/** How many of these executions each worker started (from the workers' own log lines). */
function splitOverWorkers(executions: Execution[]): number[] {
	const ids = new Set(executions.map((execution) => execution.id));
	return stack
		.executionsStartedBy()
		.map((started) => new Set(started.filter((id) => ids.has(id))).size);
}

/** Waits until a workflow's executions stop changing for `quietMs`, and returns them with their data; throws if they do not within `timeoutMs`. */
async function settledExecutions(
	workflowId: string,
	quietMs = 3000,
	timeoutMs = 120_000,
): Promise<Execution[]> {
	const until = Date.now() + timeoutMs;
	let last = '';
	let since = Date.now();
	for (;;) {
		// Watched without their data; read with it once, when they have settled.
		const executions = await stack.main.allExecutions(workflowId, false);
		const state = executions.map((execution) => `${execution.id}:${execution.status}`).join(',');
		const running = executions.some((execution) =>
			['new', 'running', 'waiting'].includes(execution.status),
		);
		if (state !== last) {
			last = state;
			since = Date.now();
		} else if (!running && Date.now() - since >= quietMs) {
			break;
		}
		if (Date.now() > until) {
			throw new Error(
				`workflow ${workflowId}: its executions did not settle within ${timeoutMs / 1000} s (${running ? 'some still running' : 'still changing'}: ${state})`,
			);
		}
		await sleep(500);
	}
	return await stack.main.allExecutions(workflowId);
}

describe('the Gaard Trigger in queue mode', () => {
	it(`turns ${DELIVERIES} distinct results sent to a webhook processor into ${DELIVERIES} successful executions, run by both workers`, async () => {
		const ids = Array.from(
			{ length: DELIVERIES },
			(_, index) => `queue${String(index).padStart(19, '0')}`,
		);
		const started = Date.now();
		const answers = await inParallel(
			DELIVERIES,
			CONCURRENCY,
			async (index) =>
				await deliver(stack.webhookProcessors[0], QUEUE_WORKFLOWS.trigger.webhook, ids[index]),
		);
		const seconds = (Date.now() - started) / 1000;
		expect(
			answers.filter((answer) => answer.status !== 200 || answer.text !== '{"ok":true}'),
		).toEqual([]);

		await stack.main.waitForExecutionCount(QUEUE_WORKFLOWS.trigger.id, DELIVERIES, 300_000);
		const executions = await stack.main.allExecutions(QUEUE_WORKFLOWS.trigger.id);
		expect(executions.length).toBe(DELIVERIES);
		expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
		expect(executions.map(triggerResultId).sort()).toEqual([...ids].sort());
		const split = splitOverWorkers(executions);
		expect(split.reduce((sum, count) => sum + count, 0)).toBe(DELIVERIES);
		for (const count of split) expect(count).toBeGreaterThan(0);
		const latencies = answers.map((answer) => answer.ms).sort((a, b) => a - b);
		report(
			`${DELIVERIES} deliveries to one webhook processor at concurrency ${CONCURRENCY} in ${seconds.toFixed(1)} s ` +
				`(${(DELIVERIES / seconds).toFixed(1)}/s, answer p50 ${latencies[DELIVERIES / 2].toFixed(0)} ms, p99 ${latencies[Math.floor(DELIVERIES * 0.99)].toFixed(0)} ms); ` +
				`${executions.length} successful executions, ${new Set(executions.map(triggerResultId)).size} distinct ids; split over the workers: ${split.join(' / ')}`,
		);
	}, 600_000);
});

describe('the Gaard node in queue mode', () => {
	it('classifies clips uploaded to a webhook processor in the workers, with polling', async () => {
		const clips = Array.from(
			{ length: 12 },
			(_, index) => `${['intrusion', 'rain', 'person', 'spider'][index % 4]}-queue-cam${index}.mp4`,
		);
		const answers = await inParallel(clips.length, 6, async (index) => {
			const form = new FormData();
			form.append(
				'video',
				new Blob([sampleVideo(clips[index])], { type: 'video/mp4' }),
				clips[index],
			);
			const response = await fetch(
				stack.webhookProcessors[index % 2].webhookUrl(QUEUE_WORKFLOWS.classifyUpload.webhook),
				{ method: 'POST', body: form },
			);
			return { status: response.status, json: (await response.json()) as Record<string, any> };
		});
		for (const [index, answer] of answers.entries()) {
			expect(answer.status).toBe(200);
			expect(answer.json).toMatchObject({ status: { classify: 'done' } });
			const upload = stack.simulator.uploads.find((candidate) => candidate.id === answer.json.id);
			expect(upload).toMatchObject({
				filename: clips[index],
				sha256: createHash('sha256').update(sampleVideo(clips[index])).digest('hex'),
			});
		}
		const executions = (
			await stack.main.allExecutions(QUEUE_WORKFLOWS.classifyUpload.id, false)
		).filter((execution) => execution.status === 'success');
		const split = splitOverWorkers(executions);
		expect(split.reduce((sum, count) => sum + count, 0)).toBe(executions.length);
		report(
			`${clips.length} clips uploaded to the webhook processors, classified in the workers with polling: all byte-identical at Gaard; split over the workers: ${split.join(' / ')}`,
		);
	}, 300_000);

	it('streams a 512 MiB clip from a worker to Gaard: the worker grows by far less than the clip', async () => {
		const file = path.join(stack.filesFolder, 'big-queue-clip.mp4');
		await writeBigFile(file, 512);
		const expected = await new Promise<string>((resolve, reject) => {
			const hash = createHash('sha256');
			createReadStream(file)
				.on('data', (chunk) => hash.update(chunk))
				.on('end', () => resolve(hash.digest('hex')))
				.on('error', reject);
		});
		const started = performance.now();
		const classified = fetch(
			stack.webhookProcessors[0].webhookUrl(QUEUE_WORKFLOWS.classifyFile.webhook),
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ path: file }),
			},
		).then(async (response) => ({
			status: response.status,
			json: (await response.json()) as Record<string, any>,
		}));
		// Either worker may take it: both are sampled while it runs.
		const growth = await Promise.all(
			stack.workers.map(
				async (worker) => await peakRssGrowth(worker.pid!, async () => await classified),
			),
		);
		const answer = await classified;
		const seconds = (performance.now() - started) / 1000;
		expect(answer.status).toBe(200);
		const upload = stack.simulator.uploads.find((candidate) => candidate.id === answer.json.id);
		expect(upload).toMatchObject({ size: 512 * MiB, sha256: expected });
		// Held whole, the clip alone would add 512 MiB.
		const largest = Math.max(...growth.map(({ growthMiB }) => growthMiB));
		expect(largest).toBeLessThan(256);
		report(
			`a 512 MiB clip read from disk in a worker and uploaded: ${seconds.toFixed(1)} s end to end (${(512 / seconds).toFixed(0)} MiB/s), ` +
				`worker RSS growth ${growth.map(({ growthMiB }) => `${growthMiB.toFixed(0)} MiB`).join(' / ')}`,
		);
	}, 300_000);
});

describe('deduplication across n8n processes', () => {
	const executionsPerId = (executions: Execution[], ids: string[]) =>
		ids.map((id) => executions.filter((execution) => triggerResultId(execution) === id).length);
	const count = (values: number[], value: number) =>
		values.filter((candidate) => candidate === value).length;

	it('one webhook processor: a repeated id starts one execution, whether the two arrive together or one after the other', async () => {
		const together = Array.from(
			{ length: 10 },
			(_, index) => `dup-together-${index}-${Date.now()}`,
		);
		const oneAfterOther = Array.from(
			{ length: 10 },
			(_, index) => `dup-sequential-${index}-${Date.now()}`,
		);
		const processor = stack.webhookProcessors[0];
		const togetherAnswers = (
			await Promise.all(
				together.map(
					async (id) =>
						await Promise.all([
							deliver(processor, QUEUE_WORKFLOWS.trigger.webhook, id),
							deliver(processor, QUEUE_WORKFLOWS.trigger.webhook, id),
						]),
				),
			)
		).flat();
		for (const id of oneAfterOther) {
			expect(await deliver(processor, QUEUE_WORKFLOWS.trigger.webhook, id)).toMatchObject({
				status: 200,
				text: '{"ok":true}',
			});
			expect(await deliver(processor, QUEUE_WORKFLOWS.trigger.webhook, id)).toMatchObject({
				status: 200,
				text: '{"ok":true,"duplicate":true}',
			});
		}
		expect(
			togetherAnswers.filter((answer) => answer.text === '{"ok":true,"duplicate":true}'),
		).toHaveLength(together.length);
		const executions = await settledExecutions(QUEUE_WORKFLOWS.trigger.id);
		expect(executionsPerId(executions, [...together, ...oneAfterOther])).toEqual(Array(20).fill(1));
		report(
			'one webhook processor: 10 ids sent twice at once and 10 sent twice one after the other: 20 executions, 20 answered as duplicates',
		);
	}, 300_000);

	it('two webhook processors: what a repeated id does (measured), one after the other and at once', async () => {
		const [first, second] = stack.webhookProcessors;
		const stamp = Date.now();
		const oneAfterOther = Array.from(
			{ length: 10 },
			(_, index) => `dup-two-sequential-${index}-${stamp}`,
		);
		const together = Array.from({ length: 10 }, (_, index) => `dup-two-together-${index}-${stamp}`);
		const sequentialAnswers: string[] = [];
		for (const id of oneAfterOther) {
			expect(await deliver(first, QUEUE_WORKFLOWS.trigger.webhook, id)).toMatchObject({
				status: 200,
				text: '{"ok":true}',
			});
			sequentialAnswers.push((await deliver(second, QUEUE_WORKFLOWS.trigger.webhook, id)).text);
		}
		const togetherAnswers = await Promise.all(
			together.map(
				async (id) =>
					await Promise.all([
						deliver(first, QUEUE_WORKFLOWS.trigger.webhook, id),
						deliver(second, QUEUE_WORKFLOWS.trigger.webhook, id),
					]),
			),
		);
		for (const answer of togetherAnswers.flat()) expect(answer.status).toBe(200);
		const executions = await settledExecutions(QUEUE_WORKFLOWS.trigger.id);
		const sequential = executionsPerId(executions, oneAfterOther);
		const atOnce = executionsPerId(executions, together);
		// Nothing is lost either way: every id started at least one execution.
		expect(Math.min(...sequential, ...atOnce)).toBeGreaterThanOrEqual(1);
		report(
			`two webhook processors, 10 ids sent to one then the other: ${count(sequential, 1)} ran once, ${count(sequential, 2)} twice ` +
				`(${sequentialAnswers.filter((text) => text.includes('duplicate')).length} answered as duplicates); ` +
				`10 ids sent to both at once: ${count(atOnce, 1)} ran once, ${count(atOnce, 2)} twice`,
		);
	}, 300_000);

	/** Sends each id three times at once: twice to the first webhook processor, once to the second. */
	async function deliverThreeTimesAtOnce(webhook: string, ids: string[]): Promise<void> {
		const [first, second] = stack.webhookProcessors;
		const answers = await Promise.all(
			ids.map(
				async (id) =>
					await Promise.all([
						deliver(first, webhook, id),
						deliver(first, webhook, id),
						deliver(second, webhook, id),
					]),
			),
		);
		expect(answers.flat().filter((answer) => answer.status !== 200)).toEqual([]);
	}

	const itemsOut = (executions: Execution[], nodeName: string) =>
		executions.flatMap((execution) => nodeOutput(execution, nodeName));

	it('where duplicates must never pass: a unique id recorded in PostgreSQL lets each id through once, whatever the processes', async () => {
		const stamp = Date.now();
		const ids = Array.from({ length: 20 }, (_, index) => `unique-${index}-${stamp}`);
		await deliverThreeTimesAtOnce(QUEUE_WORKFLOWS.uniqueId.webhook, ids);
		// And once more each, later, to the second processor.
		for (const id of ids)
			await deliver(stack.webhookProcessors[1], QUEUE_WORKFLOWS.uniqueId.webhook, id);
		const executions = await settledExecutions(QUEUE_WORKFLOWS.uniqueId.id);
		expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
		const passed = itemsOut(executions, 'New alarm').map((item) => item.id as string);
		expect(passed.sort()).toEqual([...ids].sort());
		report(
			`unique id in PostgreSQL after the trigger: 20 ids sent 3 times at once over two webhook processors, then once more: ` +
				`${executions.length} executions, ${passed.length} items past "Record id once" (one per id)`,
		);
	}, 300_000);

	it("n8n's Remove Duplicates node (across executions, on id) stops repeats that come one at a time; measured when copies come at once", async () => {
		// This workflow's trigger does not deduplicate: every copy reaches Remove Duplicates.
		const stamp = Date.now();
		const oneAtATime = Array.from(
			{ length: 10 },
			(_, index) => `remove-dups-sequential-${index}-${stamp}`,
		);
		for (const round of [1, 2]) {
			for (const [index, id] of oneAtATime.entries()) {
				expect(
					await deliver(
						stack.webhookProcessors[(index + round) % 2],
						QUEUE_WORKFLOWS.removeDuplicates.webhook,
						id,
					),
				).toMatchObject({ status: 200 });
				// One at a time: each execution ends before the next delivery.
				await stack.main.waitForExecutionCount(
					QUEUE_WORKFLOWS.removeDuplicates.id,
					(round - 1) * oneAtATime.length + index + 1,
					60_000,
				);
			}
		}
		const sequential = await settledExecutions(QUEUE_WORKFLOWS.removeDuplicates.id);
		expect(sequential).toHaveLength(20);
		expect(sequential.filter((execution) => execution.status !== 'success')).toEqual([]);
		expect(
			itemsOut(sequential, 'New alarm')
				.map((item) => item.id)
				.sort(),
		).toEqual([...oneAtATime].sort());

		const atOnceIds = Array.from(
			{ length: 20 },
			(_, index) => `remove-dups-together-${index}-${stamp}`,
		);
		await deliverThreeTimesAtOnce(QUEUE_WORKFLOWS.removeDuplicates.webhook, atOnceIds);
		const atOnce = (await settledExecutions(QUEUE_WORKFLOWS.removeDuplicates.id)).slice(
			sequential.length,
		);
		const passedAtOnce = itemsOut(atOnce, 'New alarm').map((item) => item.id as string);
		// Every id got through at least once: nothing lost.
		expect(new Set(passedAtOnce)).toEqual(new Set(atOnceIds));
		for (const id of atOnceIds)
			await deliver(stack.webhookProcessors[0], QUEUE_WORKFLOWS.removeDuplicates.webhook, id);
		const later = (await settledExecutions(QUEUE_WORKFLOWS.removeDuplicates.id)).slice(
			sequential.length + atOnce.length,
		);
		report(
			`Remove Duplicates after a trigger that does not deduplicate: 10 ids sent twice, one at a time, over two webhook processors: ` +
				`10 items past it; 20 ids sent 3 times at once: ${atOnce.length} executions (${atOnce.filter((execution) => execution.status !== 'success').length} failed), ` +
				`${passedAtOnce.length} items past it (${passedAtOnce.length - atOnceIds.length} repeats); the same 20 again later, one at a time: ` +
				`${itemsOut(later, 'New alarm').length} items past it`,
		);
	}, 300_000);
});

describe('mute links across n8n processes', () => {
	it('a mute set through one webhook processor, and its unmute through the other: what each processor answers next (measured)', async () => {
		const [first, second] = stack.webhookProcessors;
		const { id, webhook } = QUEUE_WORKFLOWS.muteLinks;
		const camera = `QMUTE${Date.now()}`;
		let sent = 0;
		const fromCamera = async (processor: RealN8n) =>
			(
				await postJson(
					processor.webhookUrl(webhook),
					JSON.stringify({
						...JSON.parse(docExampleBody(`${camera}-${++sent}`)),
						metadata: { camera_id: camera, site_id: 7 },
					}),
				)
			).text;
		expect(await fromCamera(first)).toBe('{"ok":true}');
		const [alarm] = await settledExecutions(id);
		const link = (
			nodeOutput(alarm, 'Gaard Trigger')[0]._derived.muteLinks as Record<string, string>
		)['1h'];
		// The link, through a given processor (each names its own address).
		const through = (processor: RealN8n) =>
			`${processor.webhookUrl(webhook.replace(/gaard$/, 'mute'))}${link.slice(link.indexOf('?'))}`;
		const press = async (processor: RealN8n, action: string) =>
			(await fetch(through(processor), { method: 'POST', body: new URLSearchParams({ action }) }))
				.status;

		expect(await press(first, 'mute')).toBe(200);
		const afterMute = { second: [] as string[], first: [] as string[] };
		for (let round = 0; round < 5; round++) {
			afterMute.second.push(await fromCamera(second));
			afterMute.first.push(await fromCamera(first));
		}
		expect(await press(second, 'unmute')).toBe(200);
		const afterUnmute = { first: [] as string[], second: [] as string[] };
		for (let round = 0; round < 5; round++) {
			afterUnmute.first.push(await fromCamera(first));
			afterUnmute.second.push(await fromCamera(second));
		}
		const muted = (answers: string[]) =>
			answers.filter((text) => text.includes('"muted":true')).length;
		// A mute or an unmute is written at once, and each processor loads the static data with each request.
		expect([muted(afterMute.second), muted(afterMute.first)]).toEqual([5, 5]);
		expect([muted(afterUnmute.first), muted(afterUnmute.second)]).toEqual([0, 0]);
		report(
			`mute links, two webhook processors: muted through the first, then 5 results from the camera to each, one after the other: ` +
				`${muted(afterMute.second)} of 5 held back by the second, ${muted(afterMute.first)} of 5 by the first; unmuted through the second, ` +
				`then 5 to each: ${muted(afterUnmute.first)} and ${muted(afterUnmute.second)} held back`,
		);
	}, 300_000);
});

describe('a worker stopped in the middle of a run', () => {
	const statuses = (list: Execution[]) =>
		Object.entries(
			list.reduce<Record<string, number>>(
				(counts, execution) => ({
					...counts,
					[execution.status]: (counts[execution.status] ?? 0) + 1,
				}),
				{},
			),
		)
			.map(([status, n]) => `${n} ${status}`)
			.join(', ');
	/** Waits until at least `count` slow alarms are running in the workers; throws after 30 s. */
	const waitForRunning = async (count: number) => {
		const running = async () =>
			(await stack.main.allExecutions(QUEUE_WORKFLOWS.slowAlarm.id, false)).filter(
				(execution) => execution.status === 'running',
			).length;
		const until = Date.now() + 30_000;
		for (let now = await running(); now < count; now = await running()) {
			if (Date.now() > until)
				throw new Error(`${now} slow alarms running after 30 s, not ${count}`);
			await sleep(200);
		}
	};
	const deliverSlowAlarms = async (ids: string[]) => {
		const answers = await Promise.all(
			ids.map(
				async (id) =>
					await deliver(stack.webhookProcessors[0], QUEUE_WORKFLOWS.slowAlarm.webhook, id),
			),
		);
		expect(answers.filter((answer) => answer.text !== '{"ok":true}')).toEqual([]);
	};

	it('killed (a crash): n8n fails the executions it was running and keeps no copy of their results; the others are untouched', async () => {
		const ids = Array.from({ length: 30 }, (_, index) => `killed-worker-${index}-${Date.now()}`);
		await deliverSlowAlarms(ids);
		await waitForRunning(10);
		const killedAt = Date.now();
		await stack.workers[0].kill();
		// (Read after the kill: the worker's last log lines may never have been written.)
		const startedOnVictim = new Set(stack.executionsStartedBy()[0]);

		const executions = await settledExecutions(QUEUE_WORKFLOWS.slowAlarm.id, 5000, 300_000);
		const seconds = (Date.now() - killedAt) / 1000;
		const handled = executions.filter(
			(execution) =>
				execution.status === 'success' && nodeOutput(execution, 'Alarm handled').length === 1,
		);
		const failed = executions.filter((execution) => execution.status !== 'success');
		// Every acknowledged delivery has an execution record; those the other worker ran succeeded.
		expect(executions).toHaveLength(ids.length);
		expect(handled.length + failed.length).toBe(ids.length);
		const handledIds = handled.map(triggerResultId);
		expect(new Set(handledIds).size).toBe(handled.length);
		expect(handledIds.filter((id) => !ids.includes(id!))).toEqual([]);
		expect(failed.length).toBeGreaterThan(0);
		expect(handled.filter((execution) => startedOnVictim.has(execution.id))).toEqual([]);
		// n8n does not run a stalled job again (its queue's maxStalledCount is 0): it marks the
		// execution failed, replacing its data with that error; the delivered result is gone from it.
		for (const execution of failed) {
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toMatch(
				/failed to be processed too many times/,
			);
		}
		const withoutResult = failed.filter(
			(execution) => triggerResultId(execution) === undefined,
		).length;
		report(
			`a worker killed (SIGKILL) while running five-second alarms (30 delivered): ${seconds.toFixed(0)} s later ` +
				`${statuses(executions)}; the ${failed.length} it had taken failed as "failed to be processed too many times" ` +
				`(not run again), ${withoutResult} of them with no copy of the delivered result left; ${handled.length} handled by the other worker`,
		);
	}, 600_000);

	it('stopped with SIGTERM (a restart): the worker finishes what it runs before it exits, nothing fails', async () => {
		const ids = Array.from({ length: 10 }, (_, index) => `stopped-worker-${index}-${Date.now()}`);
		const before = (await stack.main.allExecutions(QUEUE_WORKFLOWS.slowAlarm.id, false)).length;
		await deliverSlowAlarms(ids);
		await waitForRunning(ids.length);
		const stoppedAt = Date.now();
		await stack.workers[1].stop();
		const seconds = (Date.now() - stoppedAt) / 1000;
		const executions = (await settledExecutions(QUEUE_WORKFLOWS.slowAlarm.id, 3000, 120_000)).slice(
			before,
		);
		expect(executions.map((execution) => execution.status)).toEqual(
			Array(ids.length).fill('success'),
		);
		expect(new Set(executions.map(triggerResultId))).toEqual(new Set(ids));
		report(
			`a worker stopped with SIGTERM while running 10 five-second alarms: it exited after ${seconds.toFixed(1)} s, all 10 handled`,
		);
	}, 300_000);
});
