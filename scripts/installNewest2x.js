#!/usr/bin/env node
/**
 * Installs the newest 2.x n8n that installs into the n8n cache, as npm test's first install step
 * does. .ci/run starts it beside `npm ci`, both waiting mostly on the network and the disk, so that
 * the first end-to-end suite can start as soon as the static checks and the unit and integration
 * tests are done; npm test's own step finds it installed, or waits for it (install-n8n.js's lock).
 * Plain node: it runs before the package's dependencies are installed.
 */
'use strict';
const { ensureN8n } = require('../test/harness/install-n8n.js');
const { resolveVersion } = require('../test/harness/n8n-releases.js');

const say = (message) => process.stderr.write(`[n8n-cache] ${message}\n`);
const version = resolveVersion('newest', say);
const started = Date.now();
ensureN8n(version);
say(`n8n ${version} is ready (${Math.round((Date.now() - started) / 1000)} s)`);
