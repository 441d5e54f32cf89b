/**
 * Section 1, the webhook path: n8n's CPU and expression isolates per delivery, req/s and latency
 * for n8n's Webhook node, the minimal community trigger and the Gaard Trigger, under n8n's
 * expression engine settings; 1b, the same on the 1.x line in an n8n of its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { MAX_DEDUP_WINDOW, storedWindowIds } from '../../nodes/Gaard/trigger/dedup';
import { SUPPORTED_N8N_VERSIONS } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { cpuMsOf } from '../harness/processUsage';
import { startBenchStack } from './benchStack';
import type { LoadFigures, LoadSlice } from './deliveryLoad';
import { load, pooled } from './deliveryLoad';
import { f, out, quick, ratio, verdict } from './report';
import type { TriggerKey } from './workflows';
import { TRIGGERS } from './workflows';

/** The settings of n8n's expression engine each webhook-path run is measured under. */
const ENGINE_SETTINGS = [
	{
		key: 'defaults',
		label: "n8n's defaults",
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: undefined },
	},
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
async function measuredLoad(
	stack: Stack,
	url: string,
	connections: number,
	seconds: number,
	idleRate: number,
): Promise<MeasuredSlice> {
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
		cpuMsPerDelivery:
			cpuPerDelivery.length % 2
				? cpuPerDelivery[middle]
				: (cpuPerDelivery[middle - 1] + cpuPerDelivery[middle]) / 2,
		isolatesPerDelivery: slices.reduce((sum, slice) => sum + slice.isolates, 0) / answers,
	};
}

/** Figures by engine setting, trigger and concurrency. */
type PathResults = Map<EngineSetting, SettingFigures>;
/** One engine setting's figures, by trigger and concurrency. */
type SettingFigures = Map<TriggerKey, Map<number, PathFigures>>;

/** A trigger's figures at concurrency `c`. */
const figuresAt = (figures: SettingFigures, key: TriggerKey, c: number): PathFigures =>
	figures.get(key)!.get(c)!;

/**
 * Loads each subject under each engine setting (n8n restarted between them), in short slices
 * taking turns in a rotating order, pooled: n8n slows a little as saved executions pile up, and a
 * machine has passing hiccups; neither may favour one trigger.
 */
/** Section 1's slices: many short ones, so that the median of each subject's stands on enough of them. */
const PATH_SLICES = quick ? { rounds: 2, seconds: 2 } : { rounds: 8, seconds: 3 };

async function measurePaths(
	stack: Stack,
	subjects: TriggerKey[],
	concurrencies: number[],
): Promise<PathResults> {
	const { rounds, seconds } = PATH_SLICES;
	const results: PathResults = new Map();
	for (const setting of ENGINE_SETTINGS) {
		await stack.restartN8n(setting.env);
		const pid = stack.n8n.pid!;
		const url = (key: TriggerKey) => stack.n8n.webhookUrl(TRIGGERS[key].workflow.webhooks[0]);
		for (const key of subjects) await load(url(key), 4, 1); // warm-up
		await untilIdle(pid);
		const idleRate = await idleCpuRate(pid);
		const slices = new Map(
			subjects.map((key) => [key, new Map(concurrencies.map((c) => [c, [] as MeasuredSlice[]]))]),
		);
		for (let round = 0; round < rounds; round++) {
			for (let i = 0; i < subjects.length; i++) {
				const key = subjects[(i + round) % subjects.length];
				for (const c of concurrencies)
					slices
						.get(key)!
						.get(c)!
						.push(await measuredLoad(stack, url(key), c, seconds, idleRate));
			}
			out(`  n8n ${stack.n8n.version}, ${setting.label}: round ${round + 1} of ${rounds}`);
		}
		const figures = new Map(
			subjects.map((key) => [
				key,
				new Map(concurrencies.map((c) => [c, pooledPath(slices.get(key)!.get(c)!)])),
			]),
		);
		results.set(setting.key, figures);
		for (const key of subjects) {
			for (const c of concurrencies) {
				const x = figuresAt(figures, key, c);
				out(
					`  ${TRIGGERS[key].label}, ${setting.label}, c=${c}: ${f(x.cpuMsPerDelivery, 1)} ms CPU, ${f(x.isolatesPerDelivery, 2)} isolates, ${f(x.requestsPerSecond, 1)}/s, p99 ${f(x.p99)} ms`,
				);
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

function pathTable(
	results: PathResults,
	subjects: TriggerKey[],
	concurrencies: number[],
): string[] {
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

export async function webhookPath(
	stack: Stack,
	lines: string[],
): Promise<{ cpuMsPerDelivery: number }> {
	const subjects = Object.keys(TRIGGERS) as TriggerKey[];
	const concurrencies = [1, 16];
	const fullWindow = storedWindowIds(
		(await stack.n8n.staticData(TRIGGERS.gaardWindow10k.workflow.id))['node:Trigger'] ?? {},
	);
	if (fullWindow.length !== MAX_DEDUP_WINDOW)
		throw new Error(`the 10,000-id window was imported with ${fullWindow.length} ids`);
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
		'all answers. Each setting is a restart of the same n8n: its defaults, then `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`.',
		'',
		`### n8n ${stack.n8n.version}`,
		'',
		...pathTable(results, subjects, concurrencies),
		'',
		'| Target (c=1; c=16 in brackets) | Figure | Target | |',
		'| --- | --- | --- | --- |',
		target(
			`Lazy acquisition: Gaard Trigger v1.1 CPU / Webhook node (c=16: ${ratio(c16(lazy, 'gaard').cpuMsPerDelivery, c16(lazy, 'webhook').cpuMsPerDelivery)})`,
			c1(lazy, 'gaard').cpuMsPerDelivery / c1(lazy, 'webhook').cpuMsPerDelivery,
			1.0,
		),
		target(
			'Lazy acquisition: Gaard Trigger v1.1 isolates per delivery',
			c1(lazy, 'gaard').isolatesPerDelivery,
			0,
		),
		target(
			`Defaults: Gaard Trigger v1.1 CPU / minimal trigger v1.1 (c=16: ${ratio(c16(defaults, 'gaard').cpuMsPerDelivery, c16(defaults, 'minimal').cpuMsPerDelivery)})`,
			c1(defaults, 'gaard').cpuMsPerDelivery / c1(defaults, 'minimal').cpuMsPerDelivery,
			1.05,
		),
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
	"1. `n8n/dist/webhooks/live-webhooks.js`, `webhookPhaseNeedsIsolate`: before a production webhook's node runs, n8n",
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
	"at version 1.1 for new workflows (workflows saved at version 1 keep it and work unchanged, at the v1 rows' cost).",
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

/** Section 1b: the same on the 1.x line, in an n8n of its own. */
export async function webhookPathOnN8n1(lines: string[]): Promise<void> {
	const version = SUPPORTED_N8N_VERSIONS.find((candidate) => candidate.startsWith('1.'))!;
	const subjects: TriggerKey[] = ['webhook', 'minimalV1', 'minimal', 'gaardV1', 'gaard'];
	const stack = await startBenchStack(
		version,
		subjects.map((key) => TRIGGERS[key].workflow),
	);
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
