#!/usr/bin/env node
/**
 * `npm test`: every check and every suite, in stages that keep a 2-core machine busy without
 * letting anything run beside the test that measures n8n under load.
 *
 *   1. build
 *   2. side by side: the static checks, then the unit and integration tests | the machine's installs
 *      (n8n releases, Chromium, PostgreSQL, Redis), then the end-to-end suite on 1.x
 *   3. side by side: the end-to-end suite on the newest 2.x that installs, then the browser tests on
 *      both lines | queue mode
 *   4. alone: the load and hostile-delivery tests on 2.x, whose figures a busy machine would spoil
 *
 * Each lane's output is kept in a log file and printed whole when the lane ends, so that lanes
 * running at once do not interleave; a failed step stops its lane, the stage ends, and the run
 * fails. The end prints how long each step took.
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

const npmRun = (script, env = {}, label = '') => ({
	name: `${script}${label ? ` ${label}` : ''}${env.GAARD_N8N_VERSION ? ` (n8n ${env.GAARD_N8N_VERSION})` : ''}`,
	command: 'npm',
	args: ['run', '--silent', script],
	env,
});

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
			npmRun('test:unit'),
			npmRun('test:integration'),
		],
		[
			{
				name: 'prepare the machine',
				command: 'node',
				args: ['-r', 'ts-node/register/transpile-only', 'scripts/prepareMachine.ts'],
				env: {
					TS_NODE_PROJECT: 'test/tsconfig.json',
					GAARD_N8N_VERSIONS: [newest2x, oneX].join(','),
				},
			},
			npmRun('test:e2e', onN8n(oneX)),
		],
	],
	[
		[
			npmRun('test:e2e', { ...onN8n(newest2x), GAARD_E2E_TESTS: 'functional' }, 'functional'),
			npmRun('test:browser', onN8n(newest2x)),
			npmRun('test:browser', onN8n(oneX)),
		],
		[npmRun('test:queue', onN8n(newest2x))],
	],
	[
		[
			npmRun(
				'test:e2e',
				{ ...onN8n(newest2x), GAARD_E2E_TESTS: 'load' },
				'load and hostile deliveries',
			),
		],
	],
];

const timings = [];

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
	for (const step of steps) {
		say(`${step.name}: started`);
		status = await runStep(step, log);
		if (status !== 0) break;
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
