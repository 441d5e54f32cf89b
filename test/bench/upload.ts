/**
 * Section 3, upload: Classify Video sending a large file from n8n's binary store to the simulator,
 * beside n8n's HTTP Request node and `curl -F`: n8n's RSS growth and the throughput.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { nodeItems } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { MiB, peakRssGrowth, writeBigFile } from '../harness/processUsage';
import type { Answer } from '../helpers/loopback';
import { postJson } from '../helpers/loopback';
import { f, out, quick, ratio, verdict } from './report';
import type { BenchWorkflow } from './workflows';
import { ACTIONS } from './workflows';

const run = promisify(execFile);

/** Why the HTTP Request node's upload costs what it costs. */
const WHY_HTTP_REQUEST_UPLOAD = [
	"n8n's HTTP Request node also reads the file from n8n's binary store as a stream (`getBinaryStream`), into the",
	"`form-data` package, but it follows redirects by default (version 4 and later), and n8n's request helper then hands",
	'the body to a redirect follower that keeps a copy of every byte it sends, to send them again after a redirect. The',
	'Gaard node turns redirect following off for its uploads (`disableFollowRedirect`), which keeps the process small.',
];

/** Runs an upload workflow on `file` and returns the n8n process's peak RSS growth and the named node's MiB/s. */
async function uploadThroughN8n(
	stack: Stack,
	workflow: BenchWorkflow,
	nodeName: string,
	file: string,
	mib: number,
): Promise<{ growthMiB: number; seconds: number; rate: number }> {
	let answer: Answer | undefined;
	const { growthMiB } = await peakRssGrowth(stack.n8n.pid!, async () => {
		answer = await postJson(stack.n8n.webhookUrl(workflow.webhooks[0]), {
			path: file,
			url: `${stack.simulator.url}/api/classify`,
			token: stack.simulator.token,
		});
	});
	if (answer?.status !== 200)
		throw new Error(`${workflow.id} answered ${answer?.status}: ${JSON.stringify(answer?.json)}`);
	const received = stack.simulator.uploads.at(-1);
	if (received?.size !== mib * MiB)
		throw new Error(`${workflow.id}: Gaard received ${received?.size} bytes, not ${mib * MiB}`);
	const execution = (await stack.n8n.executions(workflow.id)).at(-1)!;
	if (!nodeItems(execution, nodeName).length)
		throw new Error(`${workflow.id}: the ${nodeName} node produced no item`);
	const run = execution.data?.resultData.runData[nodeName]?.[0] as unknown as
		| { executionTime?: number }
		| undefined;
	const seconds = (run?.executionTime ?? answer.ms) / 1000;
	return { growthMiB, seconds, rate: mib / seconds };
}

export async function upload(stack: Stack, lines: string[]): Promise<void> {
	const mib = quick ? 256 : 1024;
	const file = path.join(stack.videosFolder, 'archive-1g.mp4');
	await writeBigFile(file, mib);
	const node = await uploadThroughN8n(stack, ACTIONS.upload, 'Classify', file, mib);
	const httpRequest = await uploadThroughN8n(
		stack,
		ACTIONS.uploadWithHttpRequest,
		'Upload',
		file,
		mib,
	);

	const curlStarted = performance.now();
	await run('curl', [
		'-s',
		'-o',
		'/dev/null',
		'-H',
		`Authorization: Bearer ${stack.simulator.token}`,
		'-F',
		`video=@${file};type=video/mp4`,
		`${stack.simulator.url}/api/classify`,
	]);
	const curlSeconds = (performance.now() - curlStarted) / 1000;
	const nodeRate = node.rate;
	const curlRate = mib / curlSeconds;
	out(
		`  upload ${mib} MiB: Classify Video RSS +${f(node.growthMiB)} MiB ${f(nodeRate)} MiB/s; HTTP Request RSS +${f(httpRequest.growthMiB)} MiB ${f(httpRequest.rate)} MiB/s; curl ${f(curlRate)} MiB/s`,
	);
	lines.push(
		'## 3. Upload inside n8n',
		'',
		`A ${mib} MiB file read by Read/Write Files from Disk (filesystem binary mode) and sent to the simulator on 127.0.0.1 by`,
		"Classify Video (Don't Wait), and by what a user without this package would build: n8n's HTTP Request node (4.2, its",
		'defaults) posting the file as multipart form data. RSS of the n8n process sampled every 50 ms over the whole',
		"execution, file read included; a node's time is n8n's own execution time of that node. Baseline: `curl -F` sending",
		'the same file to the same simulator.',
		'',
		'| Sender | n8n peak RSS growth | Throughput | Ratio to curl | Target |',
		'| --- | --- | --- | --- | --- |',
		`| Classify Video | ${f(node.growthMiB)} MiB | ${f(nodeRate)} MiB/s (${f(node.seconds, 1)} s) | ${ratio(nodeRate, curlRate)} | <= 100 MiB, >= 0.70: ${verdict(node.growthMiB <= 100 && nodeRate / curlRate >= 0.7)} |`,
		`| n8n's HTTP Request node | ${f(httpRequest.growthMiB)} MiB | ${f(httpRequest.rate)} MiB/s (${f(httpRequest.seconds, 1)} s) | ${ratio(httpRequest.rate, curlRate)} | |`,
		`| curl -F | | ${f(curlRate)} MiB/s (${f(curlSeconds, 1)} s) | 1.00 | |`,
		'',
		...WHY_HTTP_REQUEST_UPLOAD,
		'',
	);
	if (nodeRate / curlRate < 0.7) {
		lines.push(
			"**What limits the throughput.** curl reuses one buffer; the node reads n8n's binary store in buffers that are",
			"new memory each time, which n8n's large heap makes costly to collect, and on this 2-core machine the simulator's",
			"hashing of every byte shares the CPU with the sender (`GAARD_BENCH_N8N_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=DIR'",
			'npm run bench -- --only=upload` writes a CPU profile of n8n during the upload).',
			'',
		);
	}
}
