/**
 * Every test suite, each a jest project, run with `jest --selectProjects <name>` (the npm scripts):
 *
 * - unit, integration: the nodes in n8n-core's real contexts against the Gaard simulator, each test
 *   on a TestClock (test/helpers/clockPerTest.ts);
 * - e2e: a real n8n with the packed package, on the n8n line $GAARD_N8N_VERSION names
 *   (scripts/each-version.js runs it on each); the load and hostile-delivery tests run on 2.x only,
 *   and GAARD_E2E_TESTS=functional leaves them out, =load runs them alone (npm test runs the two apart);
 * - browser: n8n's editor in Chromium, against the same harness;
 * - queue: n8n's queue mode on PostgreSQL and Redis.
 *
 * The suites against a real n8n run one file at a time (`--runInBand` in their npm scripts).
 */
const { N8N_MAJOR } = require('./test/harness/install-n8n.js');

const LOAD_TEST_FILE = 'trigger-load.e2e.test.ts';
const e2eTests = process.env.GAARD_E2E_TESTS;
const withoutLoadTests = N8N_MAJOR < 2 || e2eTests === 'functional';

/** What every project shares: TypeScript through ts-jest with the tests' tsconfig. */
const project = (displayName, root, testMatch, extra = {}) => ({
	displayName,
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${root}`],
	testMatch,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	...extra,
});

/** The nodes in n8n-core's contexts: a fresh n8n user folder per file, a TestClock per test. */
const inN8nCore = {
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/helpers/clockPerTest.ts'],
};

/** Against a real n8n: minutes to start one, and every test's own waits (jest reads no project's testTimeout). */
const againstRealN8n = { setupFilesAfterEnv: ['<rootDir>/test/harness/againstRealN8n.ts'] };

module.exports = {
	// The unit and integration tests' limit; the projects against a real n8n set their own.
	testTimeout: 30_000,
	projects: [
		project('unit', 'unit', ['**/*.test.ts'], inN8nCore),
		project('integration', 'integration', ['**/*.test.ts'], inN8nCore),
		project('e2e', 'e2e', [e2eTests === 'load' ? `**/${LOAD_TEST_FILE}` : '**/*.e2e.test.ts'], {
			...againstRealN8n,
			testPathIgnorePatterns: [
				'/node_modules/',
				...(withoutLoadTests ? [`${LOAD_TEST_FILE.replaceAll('.', '\\.')}$`] : []),
			],
		}),
		project('browser', 'browser', ['**/*.browser.test.ts'], againstRealN8n),
		project('queue', 'queue', ['**/*.queue.test.ts'], againstRealN8n),
	],
};
