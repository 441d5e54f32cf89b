/**
 * `npm run bench`: the package's figures inside the real n8n of the end-to-end harness, each beside
 * a baseline measured in the same run, printed and written to BENCHMARKS.md.
 *
 * 1. Webhook path: n8n's CPU per delivery (from /proc), isolates per delivery (n8n's own count),
 *    req/s and p50/p99 for n8n's Webhook node, a minimal community trigger at versions 1 and 1.1
 *    and the Gaard Trigger (1.1 on its defaults, dedup off, a full 10,000-id window; 1, as saved
 *    workflows have it), each followed by a No Operation node, at concurrency 1 and 16, under
 *    n8n's defaults and under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true; then the same at c=1 on
 *    the 1.x line, in an n8n of its own.
 * 2. Handler CPU: the trigger's own work for one delivery, beside JSON.parse of the same body.
 * 3. Upload: Classify Video sending a 1 GiB clip to the simulator (counting, not hashing), from a
 *    file and from a recorder's URL, beside its floors in the same run: a minimal community node
 *    inside n8n, a minimal Node.js sender outside it, curl; and n8n's HTTP Request node (upload.ts).
 * 4. Polling: Wait for Result on jobs that finish after 1, 10 and 60 s.
 * 5. Batches: Classify Video on 20 clips that take 5 s each in Gaard, beside the same 20 one by one.
 *
 * `npm run bench -- --quick` runs shorter loads, a 256 MiB upload and 1/5/10 s polls (a smoke run,
 * not for BENCHMARKS.md unless said); `-- --only=webhook,webhook1,cpu,upload,polling,batches` some
 * sections (webhook1: section 1 on the 1.x line), with `--write` replacing those in BENCHMARKS.md.
 */
import os from 'node:os';

import { N8N_VERSION } from '../harness/realN8n';
import { writeBenchmarkSections, writeRegularBenchmarks } from '../harness/benchmarksFile';
import { batches } from './batches';
import { startBenchStack } from './benchStack';
import { handlerCpu } from './handlerCpu';
import { polling } from './polling';
import { f, only, out, quick, runs } from './report';
import { upload } from './upload';
import { webhookPath, webhookPathOnN8n1 } from './webhookPath';
import { ACTIONS, TRIGGERS } from './workflows';

async function machine(): Promise<string> {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${f(os.totalmem() / 1024 ** 3)} GiB, ${os.type()} ${os.release()}`;
}

async function main(): Promise<void> {
	const started = Date.now();
	const stack = await startBenchStack(undefined, [
		...Object.values(TRIGGERS).map((trigger) => trigger.workflow),
		...Object.values(ACTIONS),
	]);
	// Section 1 on the 1.x line goes right after section 1, though it runs last, in an n8n of its own.
	const lines: string[] = [];
	const n8n1Lines: string[] = [];
	let webhookLineCount = 0;
	try {
		let n8nCpuMsPerDelivery = Number.NaN;
		if (runs('webhook')) {
			out('1. webhook path');
			({ cpuMsPerDelivery: n8nCpuMsPerDelivery } = await webhookPath(stack, lines));
			webhookLineCount = lines.length;
		}
		if (runs('cpu')) {
			out('2. handler CPU');
			await handlerCpu(lines, n8nCpuMsPerDelivery);
		}
		if (runs('upload')) {
			out('3. upload');
			await upload(stack, lines);
		}
		if (runs('polling')) {
			out('4. polling');
			await polling(stack, lines);
		}
		if (runs('batches')) {
			out('5. batches');
			await batches(stack, lines);
		}
	} finally {
		await stack.stop();
	}
	if (runs('webhook1')) {
		out('1. webhook path on n8n 1.x');
		await webhookPathOnN8n1(n8n1Lines);
	}
	lines.splice(webhookLineCount, 0, ...n8n1Lines);
	const header = [
		'# Benchmarks',
		'',
		`Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, in ${f((Date.now() - started) / 60000, 1)} min.`,
		`Machine: ${await machine()}. n8n ${N8N_VERSION} (regular mode, SQLite, executions saved) on Node 24, started by the`,
		'end-to-end harness with this package installed as a community package; the Gaard simulator on 127.0.0.1. Every',
		'figure sits beside its baseline from the same run; compare ratios, not absolute figures, across machines.',
		'',
	];
	const text = [...header, ...lines].join('\n');
	out();
	out(text);
	if (!quick && !only) writeRegularBenchmarks(text);
	// Some sections, with --write: those sections replace theirs, the rest of the file stays.
	else if (only && process.argv.includes('--write')) writeBenchmarkSections(lines);
	else if (process.argv.includes('--write')) writeRegularBenchmarks(text);
}

void main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
