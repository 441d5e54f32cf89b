/** End-to-end tests: a real n8n with the packed package, the simulator and recording servers. */
const { N8N_MAJOR } = require('./test/e2e/install-n8n.js');

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// The load and hostile-delivery tests measure n8n under the package: they run once, on the 2.x
	// line (the newest release that installs); n8n 1.x runs the functional tests and the canaries.
	testPathIgnorePatterns: ['/node_modules/', ...(N8N_MAJOR < 2 ? ['trigger-load\\.e2e\\.test\\.ts$'] : [])],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	testTimeout: 120000,
	maxWorkers: 1,
};
