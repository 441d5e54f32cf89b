#!/usr/bin/env node
/**
 * `npm test`: every check and every suite, scheduled to keep a 2-core machine busy. No test
 * measures speed (`npm run bench` does, alone), so any two may run at once.
 *
 *   1. build
 *   2. two lanes side by side, a step that needs another's install waiting for it:
 *      - the static checks, the integration tests; then the end-to-end suite on the newest 2.x
 *        that installs (once it is installed), queue mode (once PostgreSQL and Redis are), and the
 *        load and hostile-delivery tests on 2.x
 *      - installing the newest 2.x alone (the first suites need it; .ci/run starts it beside npm ci,
 *        and this step then waits for it), the unit tests, then 1.x beside Debian's Chromium,
 *        PostgreSQL and Redis; then the end-to-end suite on 1.x, the browser tests on both
 *   The unit tests sit in the second lane so that, in CI, it works while the first waits for the
 *   newest 2.x's install; on a cold machine the two lanes then end about together.
 *
 * Each lane's output is kept in a log file and printed whole when the lane ends, so that lanes
 * running at once do not interleave; a failed step stops its lane and the steps that need it, the
 * stage ends, and the run fails. The end prints how long each step took.
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { SUPPORTED_N8N_VERSIONS } = require('../test/harness/install-n8n.js');
const { resolveVersion } = require('../test/harness/n8n-releases.js');

const ROOT = path.resolve(__dirname, '..');
const logFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'gaard-npm-test-'));
const say = (message) => process.stderr.write(`[npm test] ${message}\n`);

const newest2x = resolveVersion('newest', say);
const oneX = SUPPORTED_N8N_VERSIONS[1];
const onN8n = (version) => ({ GAARD_N8N_VERSION: version });

/** A step: `needs` names the steps (of any lane) that must have passed before it starts. */
const npmRun = (script, env = {}, { label = '', needs = [] } = {}) => ({
	name: `${script}${label ? ` ${label}` : ''}${env.GAARD_N8N_VERSION ? ` (n8n ${env.GAARD_N8N_VERSION})` : ''}`,
	command: 'npm',
	args: ['run', '--silent', script],
	env,
	needs,
});

const prepare = (name, args) => ({
	name,
	command: 'node',
	args: ['-r', 'ts-node/register/transpile-only', 'scripts/prepareMachine.ts', ...args],
	env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
	needs: [],
});
const INSTALL_2X = `install n8n ${newest2x}`;
const INSTALL_1X_AND_DEBIAN = `install n8n ${oneX} and Debian's packages`;

const STAGES = [
	[[npmRun('build')]],
	[
		[
			npmRun('lint'),
			npmRun('check:scanner'),
			npmRun('typecheck'),
			npmRun('check:layers'),
			npmRun('check:format'),
			npmRun('check:docs'),
			npmRun('test:integration'),
			npmRun(
				'test:e2e',
				{ ...onN8n(newest2x), GAARD_E2E_TESTS: 'functional' },
				{ label: 'functional', needs: [INSTALL_2X] },
			),
			npmRun('test:queue', onN8n(newest2x), { needs: [INSTALL_1X_AND_DEBIAN] }),
			npmRun(
				'test:e2e',
				{ ...onN8n(newest2x), GAARD_E2E_TESTS: 'load' },
				{ label: 'load and hostile deliveries' },
			),
		],
		[
			prepare(INSTALL_2X, [newest2x]),
			npmRun('test:unit'),
			prepare(INSTALL_1X_AND_DEBIAN, ['--debian', oneX]),
			npmRun('test:e2e', onN8n(oneX)),
			npmRun('test:browser', onN8n(newest2x)),
			npmRun('test:browser', onN8n(oneX)),
		],
	],
];

const timings = [];

/** Each step's exit status (1 when it was not run), by name, settled once the step ends. */
const endings = new Map(
	STAGES.flat(2).map(({ name }) => {
		let settle;
		const ended = new Promise((resolve) => (settle = resolve));
		return [name, { ended, settle }];
	}),
);
/** When the step named `name` ended; a name no step has is a mistake in STAGES, not a wait. */
function whenEnded(name) {
	if (!endings.has(name)) throw new Error(`no step is named "${name}"`);
	return endings.get(name).ended;
}
const stepEnded = (name, status) => endings.get(name).settle(status);

/** Runs one step, its output appended to `log`; resolves to its exit status. */
function runStep(step, log) {
	return new Promise((resolve) => {
		const started = Date.now();
		fs.appendFileSync(log, `\n> ${step.name}\n`);
		const out = fs.openSync(log, 'a');
		const child = spawn(step.command, step.args, {
			cwd: ROOT,
			stdio: ['ignore', out, out],
			env: { ...process.env, ...step.env },
		});
		child.on('close', (code, signal) => {
			fs.closeSync(out);
			const seconds = Math.round((Date.now() - started) / 1000);
			const status = code ?? (signal ? 1 : 0);
			timings.push({ name: step.name, seconds, status });
			say(`${step.name}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
			resolve(status);
		});
	});
}

/** Runs a lane's steps one after the other, stopping at the first failure; prints its log at the end. */
async function runLane(steps, stage, lane) {
	const log = path.join(logFolder, `stage-${stage + 1}-lane-${lane + 1}.log`);
	fs.writeFileSync(log, '');
	let status = 0;
	for (const [index, step] of steps.entries()) {
		const needed = await Promise.all(step.needs.map(whenEnded));
		if (needed.some((neededStatus) => neededStatus !== 0)) {
			say(`${step.name}: not run, a step it needs failed`);
			status = 1;
		} else {
			say(`${step.name}: started`);
			status = await runStep(step, log);
		}
		stepEnded(step.name, status);
		if (status !== 0) {
			// The steps after it in this lane will not run: a step of another lane waiting for one does not wait on.
			for (const skipped of steps.slice(index + 1)) stepEnded(skipped.name, 1);
			break;
		}
	}
	process.stdout.write(fs.readFileSync(log));
	return status;
}

async function main() {
	const started = Date.now();
	say(
		`n8n lines: ${newest2x} (the newest 2.x that installs) and ${oneX}; lane logs in ${logFolder}`,
	);
	let failed = false;
	for (const [stage, lanes] of STAGES.entries()) {
		const statuses = await Promise.all(lanes.map((steps, lane) => runLane(steps, stage, lane)));
		if (statuses.some((status) => status !== 0)) {
			failed = true;
			break;
		}
	}
	say('steps:');
	for (const { name, seconds, status } of timings)
		say(`  ${status === 0 ? 'ok  ' : 'FAIL'} ${String(seconds).padStart(5)} s  ${name}`);
	say(`${failed ? 'FAILED' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s`);
	process.exit(failed ? 1 : 0);
}

main();
