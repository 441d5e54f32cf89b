/**
 * What the suites need from the machine, installed before they start (npm test runs it beside the
 * unit and integration tests): the n8n releases under test, in the n8n cache (GAARD_N8N_VERSIONS,
 * comma-separated), and Debian's Chromium, PostgreSQL and Redis. Suites that later run side by
 * side then never install at once (apt-get takes one lock).
 */
import { ensureChromium } from '../test/browser/editor';
import { ensureQueueServicePackages } from '../test/harness/services';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureN8n } = require('../test/harness/install-n8n.js') as {
	ensureN8n: (version: string) => unknown;
};

const log = (message: string) => process.stderr.write(`[prepare] ${message}\n`);

ensureChromium(log);
ensureQueueServicePackages(log);
for (const version of (process.env.GAARD_N8N_VERSIONS ?? '').split(',').filter(Boolean)) {
	ensureN8n(version);
	log(`n8n ${version} is ready`);
}
