/** Section 5, batches: Classify Video on many clips in one run, beside one item and one by one. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { nodeItems } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { postJson } from '../helpers/loopback';
import { f, out, quick, ratio, verdict } from './report';
import { ACTIONS } from './workflows';

export async function batches(stack: Stack, lines: string[]): Promise<void> {
	const count = 20;
	const processingSeconds = quick ? 2 : 5;
	const folder = path.join(stack.videosFolder, 'batch');
	mkdirSync(folder, { recursive: true });
	for (let i = 0; i < count; i++)
		writeFileSync(
			path.join(folder, `clip-${String(i).padStart(2, '0')}-person.mp4`),
			Buffer.alloc(200_000 + i, i),
		);
	stack.simulator.processingMs = processingSeconds * 1000;
	const requestsNow = () => stack.simulator.requests.length;

	const before1 = requestsNow();
	const one = await postJson(stack.n8n.webhookUrl('bench-batch'), {
		pattern: path.join(folder, 'clip-00-*.mp4'),
	});
	const oneRequests = requestsNow() - before1;

	let sequentialMs = 0;
	const beforeSeq = requestsNow();
	for (let i = 0; i < count; i++) {
		const answer = await postJson(stack.n8n.webhookUrl('bench-batch'), {
			pattern: path.join(folder, `clip-${String(i).padStart(2, '0')}-*.mp4`),
		});
		sequentialMs += answer.ms;
	}
	const sequentialRequests = requestsNow() - beforeSeq;

	const beforeBatch = requestsNow();
	const batch = await postJson(stack.n8n.webhookUrl('bench-batch'), {
		pattern: path.join(folder, 'clip-*.mp4'),
	});
	const batchRequests = requestsNow() - beforeBatch;
	const batchItems = (await stack.n8n.executions(ACTIONS.batch.id)).at(-1)!;
	const classified = nodeItems(batchItems, 'Classify');
	if (
		classified.length !== count ||
		classified.some((item) => item.json.status?.classify !== 'done')
	) {
		throw new Error(`the batch gave ${classified.length} items, not ${count} final results`);
	}
	stack.simulator.processingMs = 400;
	out(
		`  batch of ${count}: ${f(batch.ms)} ms (one: ${f(one.ms)} ms, one by one: ${f(sequentialMs)} ms)`,
	);
	lines.push(
		'## 5. Batches',
		'',
		`Classify Video (Wait (Polling), Parallel Uploads 4) on ${count} clips that each take ${processingSeconds} s in the simulator,`,
		'read by Read/Write Files from Disk, through a Webhook workflow (times include n8n). "One by one": the same workflow',
		`run ${count} times with one clip each, as items were handled before.`,
		'',
		'| Run | Time | Requests to Gaard | Ratio to one item | Target |',
		'| --- | --- | --- | --- | --- |',
		`| One item | ${f(one.ms / 1000, 1)} s | ${oneRequests} | 1.00 | |`,
		`| ${count} items, one by one | ${f(sequentialMs / 1000, 1)} s | ${sequentialRequests} | ${ratio(sequentialMs, one.ms)} | |`,
		`| ${count} items in one run | ${f(batch.ms / 1000, 1)} s | ${batchRequests} | ${ratio(batch.ms, one.ms)} | < 2.00, requests <= one by one: ${verdict(batch.ms < 2 * one.ms && batchRequests <= sequentialRequests)} |`,
		'',
		`Output items in input order, each paired with its input: checked (${classified.length} final results).`,
		'',
	);
}
