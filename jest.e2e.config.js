/** End-to-end tests: a real n8n with the packed package, the simulator and recording servers. */
const { N8N_MAJOR } = require('./test/e2e/install-n8n.js');

/**
 * The load and hostile-delivery tests measure n8n under the package: they run once, on the 2.x
 * line (the newest release that installs); n8n 1.x runs the functional tests and the canaries.
 * GAARD_E2E_TESTS=functional leaves them out, =load runs them alone (npm test runs the two apart).
 */
const LOAD_TEST_FILE = 'trigger-load.e2e.test.ts';
const tests = process.env.GAARD_E2E_TESTS;
const withoutLoadTests = N8N_MAJOR < 2 || tests === 'functional';

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: [tests === 'load' ? `**/${LOAD_TEST_FILE}` : '**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', ...(withoutLoadTests ? [`${LOAD_TEST_FILE.replaceAll('.', '\\.')}$`] : [])],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	testTimeout: 120000,
	maxWorkers: 1,
};
