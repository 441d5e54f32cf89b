#!/usr/bin/env node
/**
 * `npm run test:e2e [-- <jest args>]`: the end-to-end suite on each supported n8n line in turn: the
 * newest 2.x release that installs from the registry (at least the pinned one; the newer ones that
 * do not install are named, with why: n8n-releases.js) and the pinned 1.x (SUPPORTED_N8N_VERSIONS in
 * install-n8n.js). Only on $GAARD_N8N_VERSION when it is set (a version, a dist-tag such as
 * `latest`, or `newest`);
 * `--config=jest.browser.config.js` runs the browser tests the same way (npm run test:browser).
 * Each version is installed into the cache on first use. Exits non-zero if any run fails.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { SUPPORTED_N8N_VERSIONS } = require('./install-n8n.js');
const { resolveVersion } = require('./n8n-releases.js');

// A dist-tag (`latest`) or `newest` becomes the exact release it names, once, before any suite.
const report = (message) => process.stderr.write(`[e2e] ${message}\n`);
const versions = process.env.GAARD_N8N_VERSION
	? [resolveVersion(process.env.GAARD_N8N_VERSION, report)]
	: [resolveVersion('newest', report), ...SUPPORTED_N8N_VERSIONS.slice(1)];
const jest = path.resolve(__dirname, '../../node_modules/.bin/jest');
// `--config=<jest config>`: another suite run the same way (the browser tests); the rest goes to jest.
const configArgument = process.argv.find((argument) => argument.startsWith('--config='));
const config = configArgument ? configArgument.slice('--config='.length) : 'jest.e2e.config.js';
const jestArguments = process.argv.slice(2).filter((argument) => argument !== configArgument);
const results = [];
for (const version of versions) {
	process.stderr.write(`\n[e2e] n8n ${version}\n`);
	const started = Date.now();
	const run = spawnSync(jest, ['-c', config, ...jestArguments], {
		cwd: path.resolve(__dirname, '../..'),
		stdio: 'inherit',
		env: { ...process.env, GAARD_N8N_VERSION: version },
	});
	results.push({ version, status: run.status ?? 1, seconds: Math.round((Date.now() - started) / 1000) });
}
for (const { version, status, seconds } of results) {
	process.stderr.write(`[e2e] n8n ${version}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
}
process.exit(results.every(({ status }) => status === 0) ? 0 : 1);
