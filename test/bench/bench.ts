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
 * 3. Upload: Classify Video on a 1 GiB file (filesystem binary mode) to the simulator, beside n8n's
 *    HTTP Request node sending the same file as multipart form data: the n8n process's RSS growth
 *    (sampled) and MiB/s, beside `curl -F` sending the same file.
 * 4. Polling: Wait for Result on jobs that finish after 1, 10 and 60 s.
 * 5. Batches: Classify Video on 20 clips that take 5 s each in Gaard, beside the same 20 one by one.
 *
 * `npm run bench -- --quick` runs shorter loads, a 256 MiB upload and 1/5/10 s polls (a smoke run,
 * not for BENCHMARKS.md unless said); `-- --only=webhook,webhook1,cpu,upload,polling,batches` some
 * sections (webhook1: section 1 on the 1.x line).
 */
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { POLL_SCHEDULE } from '../../nodes/Gaard/actions/waitForFinalResult';
import { MAX_DEDUP_WINDOW, remember, storedWindowIds, writeWindow } from '../../nodes/Gaard/trigger/dedup';
import { docExamplePayload } from '../fixtures';
import { N8N_VERSION, SUPPORTED_N8N_VERSIONS, nodeItems } from '../e2e/n8n';
import type { Stack, StackWorkflow } from '../e2e/stack';
import { startStack } from '../e2e/stack';
import { writeRegularBenchmarks } from '../helpers/benchmarksFile';
import { MiB, cpuMsOf, peakRssGrowth, writeBigFile } from '../helpers/processUsage';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
/** `--only=upload,batches`: run only these sections (for working on one; never written to BENCHMARKS.md). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (section: string) => !only || only.includes(section);
const out = (line = '') => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

interface BenchWorkflow extends StackWorkflow {
	json: object;
}

/** A workflow to import: its nodes (ids given), their connections, the webhook path it answers at. */
function benchWorkflow(id: string, webhook: string, nodes: object[], connections: Record<string, object>, staticData?: IDataObject): BenchWorkflow {
	return {
		id,
		file: `${id}.json`,
		webhooks: [webhook],
		json: { id, name: `Bench: ${id}`, nodes, connections, settings: { executionOrder: 'v1' }, active: false, ...(staticData ? { staticData } : {}) },
	};
}

/**
 * A workflow of one trigger node and a No Operation node after it, answering at `webhook` (its
 * path as n8n registers it): the least a workflow started by a delivery does.
 */
function triggerWorkflow(
	id: string,
	webhook: string,
	node: { type: string; typeVersion: number; webhookId: string; parameters: IDataObject },
	nodeStaticData?: IDataObject,
): BenchWorkflow {
	return benchWorkflow(
		id,
		webhook,
		[
			{ id: `${node.webhookId}-n`, name: 'Trigger', position: [0, 0], ...node },
			{ id: `${node.webhookId}-next`, name: 'Next', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		{ Trigger: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		nodeStaticData ? { 'node:Trigger': nodeStaticData } : undefined,
	);
}

/** A community trigger node; n8n registers it at `<webhookId>/<its path>`. */
function communityTrigger(
	id: string,
	type: string,
	typeVersion: number,
	webhookId: string,
	path: string,
	parameters: IDataObject = {},
	nodeStaticData?: IDataObject,
): BenchWorkflow {
	return triggerWorkflow(id, `${webhookId}/${path}`, { type, typeVersion, webhookId, parameters }, nodeStaticData);
}

/**
 * The static data a trigger has after `size` deliveries with a window of `size` ids: full, as
 * the trigger's own code writes it. A bench run alone sends too few deliveries to fill it.
 */
function fullDedupWindow(size: number): IDataObject {
	const staticData: IDataObject = {};
	const window = { trigger: 'bench-full-window', staticData, size };
	for (let i = 0; i < size; i++) remember(window, (0x4f00000000 + i).toString(16).padStart(24, '0'));
	writeWindow(window, Date.now());
	return staticData;
}

const gaardCredential = { gaardApi: { id: 'gaardSimulatorCr', name: 'Gaard (local simulator)' } };

function actionWorkflow(id: string, webhookPath: string, nodes: Array<{ name: string; type: string; typeVersion: number; parameters: IDataObject; credentials?: object }>): BenchWorkflow {
	const all = [
		{ name: 'Request', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} }, webhookId: `${id}-hook` },
		...nodes,
	];
	const connections: Record<string, object> = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return benchWorkflow(
		id,
		webhookPath,
		all.map((node, index) => ({ id: `${id}-${index}`, position: [index * 220, 0], ...node })),
		connections,
	);
}

const GAARD_TRIGGER = 'n8n-nodes-gaard.gaardTrigger';
const MINIMAL_TRIGGER = 'n8n-nodes-bench-minimal.minimalTrigger';

/** The webhook path's subjects, each with its label in BENCHMARKS.md. */
const TRIGGERS = {
	webhook: {
		label: "n8n's Webhook node (v2)",
		workflow: triggerWorkflow('benchN8nWebhook1', 'bench-webhook', {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'b0000000-0000-4000-8000-000000000005',
			parameters: { httpMethod: 'POST', path: 'bench-webhook', responseMode: 'onReceived', options: {} },
		}),
	},
	minimalV1: {
		label: 'Minimal community trigger, v1',
		workflow: communityTrigger('benchMinimalTrig', MINIMAL_TRIGGER, 1, 'b0000000-0000-4000-8000-000000000004', 'minimal'),
	},
	minimal: {
		label: 'Minimal community trigger, v1.1',
		workflow: communityTrigger('benchMinimalV1p1', MINIMAL_TRIGGER, 1.1, 'b0000000-0000-4000-8000-000000000006', 'minimal'),
	},
	gaardV1: {
		label: 'Gaard Trigger v1 (saved workflows), defaults',
		workflow: communityTrigger('benchGaardSaved1', GAARD_TRIGGER, 1, 'b0000000-0000-4000-8000-000000000007', 'gaard'),
	},
	gaard: {
		label: 'Gaard Trigger v1.1, defaults (validation, dedup 1,000)',
		workflow: communityTrigger('benchGaardDefaul', GAARD_TRIGGER, 1.1, 'b0000000-0000-4000-8000-000000000001', 'gaard'),
	},
	gaardNoDedup: {
		label: 'Gaard Trigger v1.1, dedup off',
		workflow: communityTrigger('benchGaardNoDedp', GAARD_TRIGGER, 1.1, 'b0000000-0000-4000-8000-000000000002', 'gaard', { deduplicate: false }),
	},
	gaardWindow10k: {
		label: 'Gaard Trigger v1.1, dedup window 10,000 (full)',
		workflow: communityTrigger('benchGaardWin10k', GAARD_TRIGGER, 1.1, 'b0000000-0000-4000-8000-000000000003', 'gaard', { dedupWindow: MAX_DEDUP_WINDOW }, fullDedupWindow(MAX_DEDUP_WINDOW)),
	},
} satisfies Record<string, { label: string; workflow: BenchWorkflow }>;

type TriggerKey = keyof typeof TRIGGERS;

/** The Gaard node with the simulator's credential. */
const gaardNode = (name: string, parameters: IDataObject) => ({
	name,
	type: 'n8n-nodes-gaard.gaard',
	typeVersion: 1,
	credentials: gaardCredential,
	parameters: { resource: 'classification', ...parameters },
});

/** Webhook > Read/Write Files from Disk (`fileSelector` from the request) > Classify Video. */
const readAndClassify = (id: string, webhookPath: string, fileSelector: string, classify: IDataObject) =>
	actionWorkflow(id, webhookPath, [
		{ name: 'Read video', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, parameters: { fileSelector, options: {} } },
		gaardNode('Classify', { operation: 'classify', binaryPropertyName: 'data', ...classify }),
	]);

/**
 * What a user without this package would build to send a video to Gaard: Webhook > Read/Write
 * Files from Disk > n8n's HTTP Request node posting the file as multipart form data, on its
 * defaults (the request names the file, Gaard's address and the token).
 */
const readAndPostWithHttpRequest = (id: string, webhookPath: string) =>
	actionWorkflow(id, webhookPath, [
		{ name: 'Read video', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, parameters: { fileSelector: '={{ $json.body.path }}', options: {} } },
		{
			name: 'Upload',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: "={{ $('Request').first().json.body.url }}",
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: "={{ 'Bearer ' + $('Request').first().json.body.token }}" }] },
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'video', inputDataFieldName: 'data' }] },
				options: {},
			},
		},
	]);

const ACTIONS = {
	upload: readAndClassify('benchUploadOneG', 'bench-upload', '={{ $json.body.path }}', { waitMode: 'none', options: { timeout: 3600 } }),
	uploadWithHttpRequest: readAndPostWithHttpRequest('benchUploadHttpR', 'bench-upload-http-request'),
	batch: readAndClassify('benchBatchClips1', 'bench-batch', '={{ $json.body.pattern }}', { waitMode: 'poll', options: { timeout: 600 } }),
	poll: actionWorkflow('benchPollResult1', 'bench-poll', [
		gaardNode('Wait', { operation: 'waitForResult', resultId: '={{ $json.body.id }}', options: { timeout: 600 } }),
	]),
} satisfies Record<string, BenchWorkflow>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

let idCounter = 0x5f00000000;
function freshPayload(): string {
	const payload = docExamplePayload();
	payload.id = (idCounter++).toString(16).padStart(24, '0');
	return JSON.stringify(payload);
}

interface LoadFigures {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	errors: number;
}

/** One slice of load: how many answers, in how long, and each answer's latency (ms). */
interface LoadSlice {
	answers: number;
	seconds: number;
	latencies: number[];
	errors: number;
}

async function load(url: string, connections: number, seconds: number): Promise<LoadSlice> {
	const latencies: number[] = [];
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url,
				method: 'POST',
				connections,
				duration: seconds,
				headers: { 'content-type': 'application/json' },
				requests: [{ setupRequest: (request) => ({ ...request, body: freshPayload() }) }],
			},
			(error, finished) => (error ? reject(error) : resolve(finished)),
		);
		instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
	});
	return { answers: latencies.length, seconds: result.duration, latencies, errors: result.non2xx + result.errors + result.timeouts };
}

function percentile(sorted: number[], fraction: number): number {
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] : Number.NaN;
}

/** Slices pooled: throughput over their whole time, percentiles over all their answers. */
function pooled(slices: LoadSlice[]): LoadFigures {
	const latencies = slices.flatMap((slice) => slice.latencies).sort((x, y) => x - y);
	const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
	return {
		requestsPerSecond: latencies.length / seconds,
		p50: percentile(latencies, 0.5),
		p99: percentile(latencies, 0.99),
		errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
	};
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: any; ms: number }> {
	let started = performance.now();
	let response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	let text = await response.text();
	// Just after publishing, n8n can answer 404 for a moment (see the e2e harness's waitForWebhook).
	for (let tries = 0; response.status === 404 && /not registered/.test(text) && tries < 40; tries++) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		started = performance.now();
		response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
		text = await response.text();
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, json, ms: performance.now() - started };
}

const f = (value: number, digits = 0) => value.toFixed(digits);
const ratio = (value: number, base: number) => (base ? value / base : Number.NaN).toFixed(2);
/** A target's verdict, as every target row gives it. */
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

// ---------------------------------------------------------------------------------------------
// 1. Webhook path
// ---------------------------------------------------------------------------------------------

/** The settings of n8n's expression engine each webhook-path run is measured under. */
const ENGINE_SETTINGS = [
	{ key: 'defaults', label: "n8n's defaults", env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: undefined } },
	{ key: 'lazy', label: 'lazy acquisition', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
] as const;

type EngineSetting = (typeof ENGINE_SETTINGS)[number]['key'];

/** A slice of load with what n8n's process spent on it. */
interface MeasuredSlice extends LoadSlice {
	cpuMs: number;
	isolates: number;
}

interface PathFigures extends LoadFigures {
	cpuMsPerDelivery: number;
	isolatesPerDelivery: number;
}

/** n8n's CPU rate while it serves nothing (timers, its database), in ms of CPU per ms. */
async function idleCpuRate(pid: number): Promise<number> {
	const cpuBefore = cpuMsOf(pid);
	const started = performance.now();
	await sleep(3000);
	return (cpuMsOf(pid) - cpuBefore) / (performance.now() - started);
}

/**
 * Resolves once n8n's process has settled after a load: two 100 ms samples in a row with at most
 * one clock tick of CPU each (the executions a load started run on after their answers).
 */
async function untilIdle(pid: number, timeoutMs = 60_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	let quiet = 0;
	let last = cpuMsOf(pid);
	while (quiet < 2 && Date.now() < until) {
		await sleep(100);
		const now = cpuMsOf(pid);
		quiet = now - last <= 10 ? quiet + 1 : 0;
		last = now;
	}
}

/** A slice of load, with n8n's CPU (less its idle rate) and isolates from its start until n8n is idle again. */
async function measuredLoad(stack: Stack, url: string, connections: number, seconds: number, idleRate: number): Promise<MeasuredSlice> {
	const pid = stack.n8n.pid!;
	const isolatesBefore = await stack.n8n.expressionIsolates();
	const cpuBefore = cpuMsOf(pid);
	const started = performance.now();
	const slice = await load(url, connections, seconds);
	await untilIdle(pid);
	const cpuMs = cpuMsOf(pid) - cpuBefore - idleRate * (performance.now() - started);
	return { ...slice, cpuMs, isolates: (await stack.n8n.expressionIsolates()) - isolatesBefore };
}

/**
 * A subject's slices pooled (throughput, percentiles, isolates), and its CPU per delivery as the
 * median of the slices', so that one of n8n's pauses (a collection of its heap, a checkpoint of its
 * database) landing in a slice does not decide a row.
 */
function pooledPath(slices: MeasuredSlice[]): PathFigures {
	const answers = slices.reduce((sum, slice) => sum + slice.answers, 0);
	const cpuPerDelivery = slices.map((slice) => slice.cpuMs / slice.answers).sort((a, b) => a - b);
	const middle = Math.floor(cpuPerDelivery.length / 2);
	return {
		...pooled(slices),
		cpuMsPerDelivery: cpuPerDelivery.length % 2 ? cpuPerDelivery[middle] : (cpuPerDelivery[middle - 1] + cpuPerDelivery[middle]) / 2,
		isolatesPerDelivery: slices.reduce((sum, slice) => sum + slice.isolates, 0) / answers,
	};
}

/** Figures by engine setting, trigger and concurrency. */
type PathResults = Map<EngineSetting, SettingFigures>;
/** One engine setting's figures, by trigger and concurrency. */
type SettingFigures = Map<TriggerKey, Map<number, PathFigures>>;

/** A trigger's figures at concurrency `c`. */
const figuresAt = (figures: SettingFigures, key: TriggerKey, c: number): PathFigures => figures.get(key)!.get(c)!;

/**
 * Loads each subject under each engine setting (n8n restarted between them), in short slices
 * taking turns in a rotating order, pooled: n8n slows a little as saved executions pile up, and a
 * machine has passing hiccups; neither may favour one trigger.
 */
/** Section 1's slices: many short ones, so that the median of each subject's stands on enough of them. */
const PATH_SLICES = quick ? { rounds: 2, seconds: 2 } : { rounds: 8, seconds: 3 };

async function measurePaths(stack: Stack, subjects: TriggerKey[], concurrencies: number[]): Promise<PathResults> {
	const { rounds, seconds } = PATH_SLICES;
	const results: PathResults = new Map();
	for (const setting of ENGINE_SETTINGS) {
		await stack.restartN8n(setting.env);
		const pid = stack.n8n.pid!;
		const url = (key: TriggerKey) => stack.n8n.webhookUrl(TRIGGERS[key].workflow.webhooks[0]);
		for (const key of subjects) await load(url(key), 4, 1); // warm-up
		await untilIdle(pid);
		const idleRate = await idleCpuRate(pid);
		const slices = new Map(subjects.map((key) => [key, new Map(concurrencies.map((c) => [c, [] as MeasuredSlice[]]))]));
		for (let round = 0; round < rounds; round++) {
			for (let i = 0; i < subjects.length; i++) {
				const key = subjects[(i + round) % subjects.length];
				for (const c of concurrencies) slices.get(key)!.get(c)!.push(await measuredLoad(stack, url(key), c, seconds, idleRate));
			}
			out(`  n8n ${stack.n8n.version}, ${setting.label}: round ${round + 1} of ${rounds}`);
		}
		const figures = new Map(subjects.map((key) => [key, new Map(concurrencies.map((c) => [c, pooledPath(slices.get(key)!.get(c)!)]))]));
		results.set(setting.key, figures);
		for (const key of subjects) {
			for (const c of concurrencies) {
				const x = figuresAt(figures, key, c);
				out(`  ${TRIGGERS[key].label}, ${setting.label}, c=${c}: ${f(x.cpuMsPerDelivery, 1)} ms CPU, ${f(x.isolatesPerDelivery, 2)} isolates, ${f(x.requestsPerSecond, 1)}/s, p99 ${f(x.p99)} ms`);
			}
		}
	}
	return results;
}

/** The minimal trigger at the same version as a community trigger, the floor for its CPU. */
const floorOf: Partial<Record<TriggerKey, TriggerKey>> = {
	minimalV1: 'minimalV1',
	minimal: 'minimal',
	gaardV1: 'minimalV1',
	gaard: 'minimal',
	gaardNoDedup: 'minimal',
	gaardWindow10k: 'minimal',
};

function pathTable(results: PathResults, subjects: TriggerKey[], concurrencies: number[]): string[] {
	const lines = [
		'| Trigger | n8n setting | c | CPU ms per delivery | isolates per delivery | req/s | p50 ms | p99 ms | non-2xx/errors | CPU / Webhook node | CPU / minimal trigger, same version |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const setting of ENGINE_SETTINGS) {
		const figures = results.get(setting.key)!;
		for (const key of subjects) {
			for (const c of concurrencies) {
				const x = figuresAt(figures, key, c);
				const webhookNode = figuresAt(figures, 'webhook', c);
				const floor = floorOf[key] ? figuresAt(figures, floorOf[key], c) : undefined;
				lines.push(
					`| ${TRIGGERS[key].label} | ${setting.label} | ${c} | ${f(x.cpuMsPerDelivery, 1)} | ${f(x.isolatesPerDelivery, 2)} | ${f(x.requestsPerSecond, 1)} | ${f(x.p50)} | ${f(x.p99)} | ${x.errors} | ` +
						`${ratio(x.cpuMsPerDelivery, webhookNode.cpuMsPerDelivery)} | ${floor ? ratio(x.cpuMsPerDelivery, floor.cpuMsPerDelivery) : ''} |`,
				);
			}
		}
	}
	return lines;
}

async function webhookPath(stack: Stack, lines: string[]): Promise<{ cpuMsPerDelivery: number }> {
	const subjects = Object.keys(TRIGGERS) as TriggerKey[];
	const concurrencies = [1, 16];
	const fullWindow = storedWindowIds((await stack.n8n.staticData(TRIGGERS.gaardWindow10k.workflow.id))['node:Trigger'] ?? {});
	if (fullWindow.length !== MAX_DEDUP_WINDOW) throw new Error(`the 10,000-id window was imported with ${fullWindow.length} ids`);
	const results = await measurePaths(stack, subjects, concurrencies);
	const lazy = results.get('lazy')!;
	const defaults = results.get('defaults')!;
	const target = (label: string, figure: number, limit: number, digits = 2) =>
		`| ${label} | ${f(figure, digits)} | ${digits === 2 ? `<= ${f(limit, 2)}` : f(limit, digits)} | ${verdict(figure <= limit)} |`;
	const c1 = (figures: SettingFigures, key: TriggerKey) => figuresAt(figures, key, 1);
	const c16 = (figures: SettingFigures, key: TriggerKey) => figuresAt(figures, key, 16);
	lines.push(
		'## 1. Webhook path',
		'',
		"Each trigger in a workflow of its own, followed by a No Operation node, loaded with autocannon with the docs' example",
		`payload under a fresh id per request (every request starts an execution, saved by n8n), in ${PATH_SLICES.rounds} slices of ${PATH_SLICES.seconds} s per`,
		'concurrency, the triggers taking turns in a rotating order. **CPU per delivery** is the CPU time of the n8n process',
		'(user and system, all its threads, from `/proc/<pid>/stat`) from the start of a slice until n8n is idle again (its',
		"executions run on after their answers), less n8n's idle rate measured before, divided by the slice's answers: the",
		"median over a subject's slices, so that one of n8n's pauses (a collection of its heap, a checkpoint of its",
		'database) landing in a slice does not decide a row.',
		"**Isolates per delivery** is n8n's own count of expression sandboxes handed out (`n8n_expression_pool_acquired_total` on",
		'its `/metrics`, so these runs have `N8N_METRICS=true`), divided likewise. Throughput over all slices, percentiles over',
		"all answers. Each setting is a restart of the same n8n: its defaults, then `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`.",
		'',
		`### n8n ${stack.n8n.version}`,
		'',
		...pathTable(results, subjects, concurrencies),
		'',
		'| Target (c=1; c=16 in brackets) | Figure | Target | |',
		'| --- | --- | --- | --- |',
		target(`Lazy acquisition: Gaard Trigger v1.1 CPU / Webhook node (c=16: ${ratio(c16(lazy, 'gaard').cpuMsPerDelivery, c16(lazy, 'webhook').cpuMsPerDelivery)})`, c1(lazy, 'gaard').cpuMsPerDelivery / c1(lazy, 'webhook').cpuMsPerDelivery, 1.0),
		target('Lazy acquisition: Gaard Trigger v1.1 isolates per delivery', c1(lazy, 'gaard').isolatesPerDelivery, 0),
		target(`Defaults: Gaard Trigger v1.1 CPU / minimal trigger v1.1 (c=16: ${ratio(c16(defaults, 'gaard').cpuMsPerDelivery, c16(defaults, 'minimal').cpuMsPerDelivery)})`, c1(defaults, 'gaard').cpuMsPerDelivery / c1(defaults, 'minimal').cpuMsPerDelivery, 1.05),
		'',
		...whyEachRow(lazy),
		'',
	);
	return { cpuMsPerDelivery: c1(lazy, 'gaard').cpuMsPerDelivery };
}

/**
 * Why each row of section 1 costs what it costs: the places in n8n that decide it, and what the
 * deduplication window weighed in this run.
 */
const whyEachRow = (lazy: SettingFigures): string[] => [
	"**Why each row costs what it costs.** Most of a delivery's CPU, under n8n's defaults, is n8n building *expression",
	'isolates*: fresh isolated-vm sandboxes, one handed out per acquisition and rebuilt for the pool after it. Three',
	'places in n8n 2.41 acquire one for a delivery:',
	'',
	'1. `n8n/dist/webhooks/live-webhooks.js`, `webhookPhaseNeedsIsolate`: before a production webhook\'s node runs, n8n',
	"   acquires one unless the node is n8n's own Webhook node (`n8n-nodes-base.webhook`) above version 1 with static",
	'   parameters: its setting `N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP` is, in n8n\'s words, "whether a',
	'   production webhook request may skip acquiring an isolate when its trigger provably evaluates no expression during',
	'   the webhook phase", and the check is on the type name. Every community trigger gets one.',
	'2. `n8n/dist/webhooks/webhook-helpers.js`, `parseRequestBody`: for **any webhook node at typeVersion 1** n8n evaluates',
	'   `$parameter["options"]["binaryData"]` (an option of its own Webhook node) on every request, in the sandbox.',
	'3. `n8n-core/dist/execution-engine/workflow-execute.js`, `initializeExecution`: every execution acquires one, so',
	"   under the defaults a community trigger's delivery takes two (the column above) and the Webhook node's one.",
	'',
	'`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` is, in n8n\'s words, "lazy isolate acquisition (experimental): acquire',
	'calls only open a scope, and an isolate is created on the first expression that actually needs the engine". Places',
	'1 and 3 then cost nothing until an expression is evaluated, and place 2 is such an evaluation: a trigger at version',
	'1 still builds one isolate per delivery, and the same trigger at version 1.1 none. That is why the Gaard Trigger is',
	'at version 1.1 for new workflows (workflows saved at version 1 keep it and work unchanged, at the v1 rows\' cost).',
	"What remains then is n8n's own work for a request and an execution (loading the workflow, saving the execution,",
	"with the trigger's item in it); section 2 measures the Gaard Trigger's own handler apart. Its dedup window lives in",
	'the static data as one string of ids (25 bytes an id), which n8n loads with the workflow for every request. In this',
	`run, with lazy acquisition at c=1, a delivery cost n8n ${f(figuresAt(lazy, 'gaardNoDedup', 1).cpuMsPerDelivery, 1)} ms with dedup off, ${f(figuresAt(lazy, 'gaard', 1).cpuMsPerDelivery, 1)} ms with the default`,
	`window of 1,000 ids and ${f(figuresAt(lazy, 'gaardWindow10k', 1).cpuMsPerDelivery, 1)} ms with the full window of 10,000.`,
	'',
	'The Gaard node stays at version 1: places 1 and 2 are about webhook nodes, and under lazy acquisition its',
	'execution builds an isolate only when one of its parameters is an expression, whatever its version.',
	'',
	'At c=16 n8n counts more acquisitions per delivery than the three places give: its count is what the table shows,',
	'not explained here. n8n, autocannon and the simulator share the machine, so absolute figures move from run to run;',
	'read the ratios, which come from the same run.',
];

/** What applies on the 1.x line, as section 1b measures it. */
const WHY_ON_N8N1 = [
	'n8n 1.123 has the same expression engine on by default (`N8N_EXPRESSION_ENGINE=vm`) but neither of the 2.x',
	'settings: its `live-webhooks.js` acquires an isolate for every production webhook request, its own Webhook node',
	'included, and every execution acquires another. `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE` does not exist there (the',
	"rows under that label are the same n8n with the variable set, and measure the same within the run's spread), and",
	'the version step saves only the evaluation of place 2, which then runs in an isolate already built.',
];

/** Why the HTTP Request node's upload costs what it costs. */
const WHY_HTTP_REQUEST_UPLOAD = [
	"n8n's HTTP Request node also reads the file from n8n's binary store as a stream (`getBinaryStream`), into the",
	"`form-data` package, but it follows redirects by default (version 4 and later), and n8n's request helper then hands",
	'the body to a redirect follower that keeps a copy of every byte it sends, to send them again after a redirect. The',
	'Gaard node turns redirect following off for its uploads (`disableFollowRedirect`), which keeps the process small.',
];

/** Section 1b: the same on the 1.x line, in an n8n of its own. */
async function webhookPathOnN8n1(lines: string[]): Promise<void> {
	const version = SUPPORTED_N8N_VERSIONS.find((candidate) => candidate.startsWith('1.'))!;
	const subjects: TriggerKey[] = ['webhook', 'minimalV1', 'minimal', 'gaardV1', 'gaard'];
	const stack = await startBenchStack(version, subjects.map((key) => TRIGGERS[key].workflow));
	try {
		const results = await measurePaths(stack, subjects, [1]);
		lines.push(
			`### n8n ${version}`,
			'',
			'The same measure, c=1, in an n8n of the 1.x line started for it.',
			'',
			...pathTable(results, subjects, [1]),
			'',
			...WHY_ON_N8N1,
			'',
		);
	} finally {
		await stack.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// 2. Handler CPU
// ---------------------------------------------------------------------------------------------

async function handlerCpu(lines: string[], n8nCpuMsPerDelivery: number): Promise<void> {
	const trigger = new GaardTrigger();
	// 20,000 timed deliveries after 2,000 for warm-up, each with its own id (a repeat would be a duplicate).
	const timed = 20_000;
	const bodies = Array.from({ length: timed + 2_000 }, () => freshPayload());
	const parsed = bodies.map((body) => JSON.parse(body) as IDataObject);
	const staticData: IDataObject = {};
	const parameters: IDataObject = {};
	let current: IDataObject = {};
	const context = {
		getBodyData: () => current,
		getHeaderData: () => ({ 'content-type': 'application/json' }),
		getQueryData: () => ({}),
		getRequestObject: () => ({ ip: '127.0.0.1', headers: { 'content-type': 'application/json' }, query: {} }),
		getResponseObject: () => ({}),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'bench' }),
		getNode: () => ({ id: 'bench-node', name: 'Gaard Trigger', type: GAARD_TRIGGER, typeVersion: 1.1, parameters: {} }),
		getMode: () => 'webhook',
		getWebhookName: () => 'default',
		getNodeWebhookUrl: () => 'http://127.0.0.1/webhook/x/gaard',
		logger: { info: () => undefined, warn: () => undefined },
	} as unknown as IWebhookFunctions;
	const time = async (work: (index: number) => unknown | Promise<unknown>) => {
		for (let i = timed; i < bodies.length; i++) await work(i);
		const started = process.hrtime.bigint();
		for (let i = 0; i < timed; i++) await work(i);
		return Number(process.hrtime.bigint() - started) / 1000 / timed;
	};
	const handlerUs = await time(async (i) => {
		current = parsed[i];
		const answer = await trigger.webhook.call(context);
		if (!answer.workflowData) throw new Error(`the handler did not accept delivery ${i}: ${JSON.stringify(answer.webhookResponse)}`);
	});
	const parseUs = await time((i) => JSON.parse(bodies[i]));
	{
		out(`  handler ${f(handlerUs, 1)} µs, JSON.parse ${f(parseUs, 1)} µs`);
		lines.push(
			'## 2. Handler CPU',
			'',
			"The trigger's own work for one accepted delivery (settings, sender checks, bounds and schema validation, filters,",
			'dedup with a 1,000-id window, the item), on the docs\' example with fresh ids, in this process; n8n parses the body',
			'before the trigger runs, so JSON.parse of the same body is shown beside it.',
			'',
			"| Work | µs per delivery | share of n8n's CPU per delivery (section 1: Gaard Trigger v1.1, lazy acquisition, c=1) |",
			'| --- | --- | --- |',
			`| Gaard Trigger handler | ${f(handlerUs, 1)} | ${f((handlerUs / 1000 / n8nCpuMsPerDelivery) * 100, 2)} % of ${f(n8nCpuMsPerDelivery, 1)} ms |`,
			`| JSON.parse of the body | ${f(parseUs, 1)} | ${f((parseUs / 1000 / n8nCpuMsPerDelivery) * 100, 2)} % |`,
			'',
		);
	}
}

// ---------------------------------------------------------------------------------------------
// 3. Upload
// ---------------------------------------------------------------------------------------------

/** Runs an upload workflow on `file` and returns the n8n process's peak RSS growth and the named node's MiB/s. */
async function uploadThroughN8n(
	stack: Stack,
	workflow: BenchWorkflow,
	nodeName: string,
	file: string,
	mib: number,
): Promise<{ growthMiB: number; seconds: number; rate: number }> {
	let answer: Awaited<ReturnType<typeof postJson>> | undefined;
	const { growthMiB } = await peakRssGrowth(stack.n8n.pid!, async () => {
		answer = await postJson(stack.n8n.webhookUrl(workflow.webhooks[0]), { path: file, url: `${stack.simulator.url}/api/classify`, token: stack.simulator.token });
	});
	if (answer?.status !== 200) throw new Error(`${workflow.id} answered ${answer?.status}: ${JSON.stringify(answer?.json)}`);
	const received = stack.simulator.uploads.at(-1);
	if (received?.size !== mib * MiB) throw new Error(`${workflow.id}: Gaard received ${received?.size} bytes, not ${mib * MiB}`);
	const execution = (await stack.n8n.executions(workflow.id)).at(-1)!;
	if (!nodeItems(execution, nodeName).length) throw new Error(`${workflow.id}: the ${nodeName} node produced no item`);
	const run = execution.data?.resultData.runData[nodeName]?.[0] as unknown as { executionTime?: number } | undefined;
	const seconds = (run?.executionTime ?? answer.ms) / 1000;
	return { growthMiB, seconds, rate: mib / seconds };
}

async function upload(stack: Stack, lines: string[]): Promise<void> {
	const mib = quick ? 256 : 1024;
	const file = path.join(stack.videosFolder, 'archive-1g.mp4');
	await writeBigFile(file, mib);
	const node = await uploadThroughN8n(stack, ACTIONS.upload, 'Classify', file, mib);
	const httpRequest = await uploadThroughN8n(stack, ACTIONS.uploadWithHttpRequest, 'Upload', file, mib);

	const curlStarted = performance.now();
	await run('curl', ['-s', '-o', '/dev/null', '-H', `Authorization: Bearer ${stack.simulator.token}`, '-F', `video=@${file};type=video/mp4`, `${stack.simulator.url}/api/classify`]);
	const curlSeconds = (performance.now() - curlStarted) / 1000;
	const nodeRate = node.rate;
	const curlRate = mib / curlSeconds;
	out(`  upload ${mib} MiB: Classify Video RSS +${f(node.growthMiB)} MiB ${f(nodeRate)} MiB/s; HTTP Request RSS +${f(httpRequest.growthMiB)} MiB ${f(httpRequest.rate)} MiB/s; curl ${f(curlRate)} MiB/s`);
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
			'**What limits the throughput.** curl reuses one buffer; the node reads n8n\'s binary store in buffers that are',
			"new memory each time, which n8n's large heap makes costly to collect, and on this 2-core machine the simulator's",
			'hashing of every byte shares the CPU with the sender (`GAARD_BENCH_N8N_NODE_OPTIONS=\'--cpu-prof --cpu-prof-dir=DIR\'',
			'npm run bench -- --only=upload` writes a CPU profile of n8n during the upload).',
			'',
		);
	}
}

// ---------------------------------------------------------------------------------------------
// 4. Polling
// ---------------------------------------------------------------------------------------------

async function polling(stack: Stack, lines: string[]): Promise<void> {
	const poll = POLL_SCHEDULE;
	const durations = quick ? [1, 5, 10] : [1, 10, 60];
	const jobs: Array<{ seconds: number; id: string; finishesAt: number }> = [];
	for (const seconds of durations) {
		stack.simulator.processingMs = seconds * 1000;
		const submittedAt = Date.now();
		const id = await stack.submitVideo('spider-web-cam3.mp4');
		jobs.push({ seconds, id, finishesAt: submittedAt + seconds * 1000 });
	}
	stack.simulator.processingMs = 400;
	const answered = await Promise.all(
		jobs.map(async (job) => {
			const answer = await postJson(stack.n8n.webhookUrl('bench-poll'), { id: job.id });
			if (answer.json?.status?.classify !== 'done') throw new Error(`poll of ${job.id}: ${JSON.stringify(answer.json)}`);
			const requests = stack.simulator.requests.filter((request) => request.path === `/api/result/${job.id}`).length;
			return { ...job, requests };
		}),
	);
	// When the node returned: its start plus its execution time, as n8n recorded them.
	const executions = await stack.n8n.executions(ACTIONS.poll.id);
	const results = answered.map((job) => {
		const execution = executions.find((candidate) => nodeItems(candidate, 'Wait')[0]?.json.id === job.id);
		const run = execution?.data?.resultData.runData.Wait?.[0] as unknown as { startTime: number; executionTime: number } | undefined;
		if (!run) throw new Error(`no execution of the poll workflow for ${job.id}`);
		return { ...job, delayMs: run.startTime + run.executionTime - job.finishesAt };
	});
	lines.push(
		'## 4. Polling',
		'',
		`Wait for Result started at once on jobs the simulator finishes after each duration; after each pending answer a poll`,
		`waits ${f(poll.fraction * 100)} % of the time waited so far, at least ${poll.minMs / 1000} s, at most ${poll.maxMs / 1000} s. The delay is from the job's end in the`,
		'simulator to the Wait for Result node returning (its start plus its execution time, as n8n recorded them).',
		'',
		'| Job takes | GET requests | Delay after the job ended | Delay / duration | Target |',
		'| --- | --- | --- | --- | --- |',
		...results.map(
			(x) =>
				`| ${x.seconds} s | ${x.requests} | ${f(x.delayMs / 1000, 2)} s | ${f((x.delayMs / (x.seconds * 1000)) * 100)} % | < 20 % and < 15 s: ${verdict(x.delayMs < 0.2 * x.seconds * 1000 && x.delayMs < 15_000)} |`,
		),
		'',
		`A job is then seen at most about ${f(poll.fraction * 100)} % of its duration after it ends, plus one poll's round trip through n8n,`,
		"whatever the duration: a schedule whose waits grow by a factor from the first would wait long next to the time",
		'waited near the start.',
		'',
	);
	for (const x of results) out(`  poll ${x.seconds} s: ${x.requests} requests, ${f(x.delayMs)} ms late`);
}

// ---------------------------------------------------------------------------------------------
// 5. Batches
// ---------------------------------------------------------------------------------------------

async function batches(stack: Stack, lines: string[]): Promise<void> {
	const count = 20;
	const processingSeconds = quick ? 2 : 5;
	const folder = path.join(stack.videosFolder, 'batch');
	mkdirSync(folder, { recursive: true });
	for (let i = 0; i < count; i++) writeFileSync(path.join(folder, `clip-${String(i).padStart(2, '0')}-person.mp4`), Buffer.alloc(200_000 + i, i));
	stack.simulator.processingMs = processingSeconds * 1000;
	const requestsNow = () => stack.simulator.requests.length;

	const before1 = requestsNow();
	const one = await postJson(stack.n8n.webhookUrl('bench-batch'), { pattern: path.join(folder, 'clip-00-*.mp4') });
	const oneRequests = requestsNow() - before1;

	let sequentialMs = 0;
	const beforeSeq = requestsNow();
	for (let i = 0; i < count; i++) {
		const answer = await postJson(stack.n8n.webhookUrl('bench-batch'), { pattern: path.join(folder, `clip-${String(i).padStart(2, '0')}-*.mp4`) });
		sequentialMs += answer.ms;
	}
	const sequentialRequests = requestsNow() - beforeSeq;

	const beforeBatch = requestsNow();
	const batch = await postJson(stack.n8n.webhookUrl('bench-batch'), { pattern: path.join(folder, 'clip-*.mp4') });
	const batchRequests = requestsNow() - beforeBatch;
	const batchItems = (await stack.n8n.executions(ACTIONS.batch.id)).at(-1)!;
	const classified = nodeItems(batchItems, 'Classify');
	if (classified.length !== count || classified.some((item) => item.json.status?.classify !== 'done')) {
		throw new Error(`the batch gave ${classified.length} items, not ${count} final results`);
	}
	stack.simulator.processingMs = 400;
	out(`  batch of ${count}: ${f(batch.ms)} ms (one: ${f(one.ms)} ms, one by one: ${f(sequentialMs)} ms)`);
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

// ---------------------------------------------------------------------------------------------

async function machine(): Promise<string> {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${f(os.totalmem() / 1024 ** 3)} GiB, ${os.type()} ${os.release()}`;
}

/** Workflow files for n8n's import, written into `folder`. */
function workflowFiles(folder: string, workflows: BenchWorkflow[]): StackWorkflow[] {
	return workflows.map((workflow) => {
		const file = path.join(folder, workflow.file);
		writeFileSync(file, JSON.stringify(workflow.json, null, 2));
		return { id: workflow.id, file, webhooks: workflow.webhooks };
	});
}

/**
 * The end-to-end harness's n8n (with the minimal trigger installed beside this package) and these
 * workflows; N8N_METRICS for the count of expression isolates.
 */
async function startBenchStack(version: string | undefined, workflows: BenchWorkflow[]): Promise<Stack> {
	return await startStack({
		n8nVersion: version,
		workflows: [],
		extraWorkflows: workflowFiles(mkdtempSync(path.join(os.tmpdir(), 'gaard-bench-')), workflows),
		extraPackages: [path.join(__dirname, 'minimal-trigger')],
		log: (message) => process.stderr.write(`[bench] ${message}\n`),
		n8nEnv: {
			N8N_METRICS: 'true',
			// For finding where time goes: GAARD_BENCH_N8N_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/p'.
			...(process.env.GAARD_BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.GAARD_BENCH_N8N_NODE_OPTIONS } : {}),
		},
	});
}

async function main(): Promise<void> {
	const started = Date.now();
	const stack = await startBenchStack(undefined, [...Object.values(TRIGGERS).map((trigger) => trigger.workflow), ...Object.values(ACTIONS)]);
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
	if ((!quick && !only) || process.argv.includes('--write')) writeRegularBenchmarks(text);
}

void main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
