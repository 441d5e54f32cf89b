#!/usr/bin/env node
/**
 * `npm run test:e2e [-- <jest args>]` and `npm run test:browser`: a jest project against a real n8n
 * (`e2e` or `browser`, jest.config.js), on each supported n8n line in turn: the newest 2.x release
 * that installs from the registry (at least the pinned one; the newer ones that do not install are
 * named, with why: test/harness/n8n-releases.js) and the pinned 1.x (SUPPORTED_N8N_VERSIONS in
 * test/harness/install-n8n.js). Only on $GAARD_N8N_VERSION when it is set (a version, a dist-tag
 * such as `latest`, or `newest`). Each version is installed into the cache on first use. Exits
 * non-zero if any run fails.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { SUPPORTED_N8N_VERSIONS } = require('../test/harness/install-n8n.js');
const { resolveVersion } = require('../test/harness/n8n-releases.js');

const [project, ...jestArguments] = process.argv.slice(2);
if (!['e2e', 'browser'].includes(project)) {
	process.stderr.write('usage: each-version.js <e2e|browser> [jest arguments]\n');
	process.exit(2);
}
// A dist-tag (`latest`) or `newest` becomes the exact release it names, once, before any suite.
const report = (message) => process.stderr.write(`[${project}] ${message}\n`);
const versions = process.env.GAARD_N8N_VERSION
	? [resolveVersion(process.env.GAARD_N8N_VERSION, report)]
	: [resolveVersion('newest', report), ...SUPPORTED_N8N_VERSIONS.slice(1)];
const ROOT = path.resolve(__dirname, '..');
const jest = path.join(ROOT, 'node_modules/.bin/jest');
const results = [];
for (const version of versions) {
	process.stderr.write(`\n[${project}] n8n ${version}\n`);
	const started = Date.now();
	const run = spawnSync(jest, ['--selectProjects', project, '--runInBand', ...jestArguments], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, GAARD_N8N_VERSION: version },
	});
	results.push({
		version,
		status: run.status ?? 1,
		seconds: Math.round((Date.now() - started) / 1000),
	});
}
for (const { version, status, seconds } of results) {
	process.stderr.write(
		`[${project}] n8n ${version}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`,
	);
}
process.exit(results.every(({ status }) => status === 0) ? 0 : 1);
