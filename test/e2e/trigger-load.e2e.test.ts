/**
 * The Gaard Trigger's URL under load and under attack, in a real n8n: no delivery lost, and
 * hostile requests answered with a clean 4xx while normal deliveries still get through.
 * Prints what it sent and what came of it as `[load]` and `[hostile]` lines; no times: it runs
 * beside other suites, and what a delivery costs is measured by `npm run bench`.
 */
import net from 'node:net';

import { N8N_MAJOR, triggerResultId } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { WORKFLOWS, startStack, startedUpToMarker } from '../harness/stack';
import { docExampleBody } from '../fixtures';
import { inParallel } from '../harness/load';
import { postJson } from '../helpers/loopback';

// As many as the dedup window holds (1,000): the re-deliveries below come from its last 900.
const DELIVERIES = 1000;
const CONCURRENCY = 50;
const REDELIVERIES = 500;

let stack: Stack;
let url: string;

beforeAll(
	async () => {
		stack = await startStack({
			workflows: ['triggerPlain'],
			log: (message) => process.stderr.write(`[e2e load] ${message}\n`),
		});
		url = stack.webhookUrl('triggerPlain');
	},
	15 * 60 * 1000,
);

afterAll(async () => {
	await stack?.stop();
});

const report = (tag: string, text: string) => process.stdout.write(`[${tag}] ${text}\n`);

const post = async (body: string) => await postJson(url, body);

/** That the workflow has `count` executions and none to come (startedUpToMarker). */
async function expectNothingMoreStarted(count: number) {
	const { marker, started } = await startedUpToMarker(stack, 'triggerPlain', count);
	expect(started).toEqual([marker]);
}

/**
 * Delivers DELIVERIES distinct results at CONCURRENCY and checks that each was answered
 * `{"ok":true}` and started exactly one successful execution with its id; returns the ids.
 */
async function deliverDistinctResults(idPrefix: string, setting: string): Promise<string[]> {
	const executionsBefore = (await stack.n8n.allExecutions(WORKFLOWS.triggerPlain.id, false)).length;
	const ids = Array.from(
		{ length: DELIVERIES },
		(_, index) => `${idPrefix}${String(index).padStart(20, '0')}`,
	);
	const answers = await inParallel(DELIVERIES, CONCURRENCY, async (index) => ({
		id: ids[index],
		...(await post(docExampleBody(ids[index]))),
	}));
	expect(
		answers.filter((answer) => answer.status !== 200 || answer.text !== '{"ok":true}'),
	).toEqual([]);

	expect(
		await stack.n8n.waitForExecutionCount(WORKFLOWS.triggerPlain.id, executionsBefore + DELIVERIES),
	).toBe(executionsBefore + DELIVERIES);
	const all = (await stack.n8n.allExecutions(WORKFLOWS.triggerPlain.id)).slice(executionsBefore);
	expect(all.filter((execution) => execution.status !== 'success')).toEqual([]);
	const emitted = all.map(triggerResultId).sort();
	expect(emitted).toEqual([...ids].sort());
	report(
		'load',
		`${DELIVERIES} deliveries at concurrency ${CONCURRENCY} under ${setting}: ` +
			`${all.length} executions, all successful, ${new Set(emitted).size} distinct ids`,
	);
	return ids;
}

describe('the Gaard Trigger in a real n8n', () => {
	it(`loses no delivery: ${DELIVERIES} results at concurrency ${CONCURRENCY} give ${DELIVERIES} executions, each id once`, async () => {
		const ids = await deliverDistinctResults('load', "n8n's defaults");

		// Re-deliveries of ids well inside the dedup window of 1000: among the last 900 sent, whatever
		// order 50 deliveries at once reached the trigger in.
		const acknowledgedLast = ids.slice(DELIVERIES - 900);
		const again = Array.from(
			{ length: REDELIVERIES },
			(_, index) => acknowledgedLast[(index * 7) % acknowledgedLast.length],
		);
		const unique = new Set(again);
		const redelivered = await inParallel(
			again.length,
			CONCURRENCY,
			async (index) => await post(docExampleBody(again[index])),
		);
		expect(redelivered.filter((answer) => answer.status !== 200)).toEqual([]);
		const duplicates = redelivered.filter(
			(answer) => answer.text === '{"ok":true,"duplicate":true}',
		).length;
		const passed = redelivered.length - duplicates;
		// Every re-delivery is either answered as a duplicate or starts one execution: none is lost.
		const after = await stack.n8n.waitForExecutionCount(
			WORKFLOWS.triggerPlain.id,
			DELIVERIES + passed,
			120_000,
		);
		expect(after).toBe(DELIVERIES + passed);
		await expectNothingMoreStarted(after);
		report(
			'load',
			`${REDELIVERIES} re-deliveries of ${unique.size} ids among the last 900 sent, at concurrency ${CONCURRENCY}: ` +
				`${duplicates} answered as duplicates, ${passed} started an execution again`,
		);
		expect(duplicates).toBe(REDELIVERIES);
	}, 900_000);

	it('answers hostile requests with a clean 4xx, and a normal delivery meanwhile still gets through', async () => {
		const normal = async (label: string) => {
			const answer = await post(docExampleBody(`normal-${label}-${Date.now()}`));
			expect(answer).toMatchObject({ status: 200, text: '{"ok":true}' });
		};
		const executionsBefore = (await stack.n8n.allExecutions(WORKFLOWS.triggerPlain.id, false))
			.length;
		for (let n = 0; n < 5; n++) await normal(`before${n}`);

		// A body dripped one byte a second holds a connection, and nothing else.
		const { port } = new URL(url);
		const drip = net.connect(Number(port), '127.0.0.1');
		await new Promise((resolve) => drip.once('connect', resolve));
		drip.write(
			`POST ${new URL(url).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
		);
		const dripping = setInterval(() => drip.write('{'), 1000);

		try {
			// n8n refuses a body over its payload limit (N8N_PAYLOAD_SIZE_MAX, 16 MiB) before the trigger
			// runs; n8n 2.41 answers that with its own 500.
			const overLimit = await post(`{"id":"big","pad":"${'x'.repeat(17 * 1024 * 1024)}"}`);
			expect(overLimit).toMatchObject({
				status: 500,
				text: '{"code":0,"message":"There was a problem executing the workflow"}',
			});

			const amplification = await post(
				`{"id":"amp","status":{"classify":"done"},"labels":[${'0,'.repeat(999_999)}0]}`,
			);
			expect(amplification.status).toBe(400);
			expect(amplification.text.length).toBeLessThan(4096);
			expect(JSON.parse(amplification.text)).toMatchObject({
				ok: false,
				issues: [{ path: 'labels' }],
			});

			const hugeIds = await Promise.all(
				Array.from({ length: 4 }, async () => await post(docExampleBody('i'.repeat(1024 * 1024)))),
			);
			for (const answer of hugeIds) {
				expect(answer.status).toBe(400);
				expect(answer.text.length).toBeLessThan(4096);
			}

			for (let n = 0; n < 5; n++) await normal(`during${n}`);
			report(
				'hostile',
				`over n8n's payload limit: n8n's ${overLimit.status}; a million-number labels body ` +
					`(${(2_000_000 / 1e6).toFixed(0)} MB): ${amplification.status}, ${amplification.text.length} bytes; ` +
					`four 1 MiB ids: ${hugeIds.map((answer) => answer.status).join('/')}; ` +
					`5 normal deliveries before and 5 while a body drips: each {"ok":true}`,
			);
		} finally {
			clearInterval(dripping);
			drip.destroy();
		}
		// Only the ten normal deliveries started executions.
		await expectNothingMoreStarted(executionsBefore + 10);
	}, 300_000);

	// N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE exists on the 2.x line only (README, High alarm volumes).
	if (N8N_MAJOR >= 2) {
		it(`loses no delivery under lazy isolate acquisition either: ${DELIVERIES} more at concurrency ${CONCURRENCY}, each id once`, async () => {
			await stack.restartN8n({ N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' });
			await deliverDistinctResults('lazy', 'lazy acquisition');
		}, 900_000);
	}
});
