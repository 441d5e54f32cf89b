/**
 * The unit and integration tests as StrykerJS runs them: transpiled without type checks (a mutant
 * need not type-check to be a behaviour change), each mutant's run loading only the test files
 * that hold a test covering it, the quick ones first, and stopping at its first failure; the fuzz
 * test at a tenth of its size with a fixed seed (the same deliveries in the coverage run as in
 * each mutant's). Everything else as in jest.config.js.
 */
const path = require('node:path');

const base = require('./jest.config.js');

process.env.FUZZ_RUNS ??= '1000';
process.env.FUZZ_SEED ??= '1';

module.exports = {
	...base,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true, diagnostics: false }],
	},
	// The code under test among the roots too: jest finds a mutant's related test files through
	// the imports it has mapped, and with test/ alone it saw only the tests importing that file.
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testSequencer: '<rootDir>/test/tools/coveringTestsSequencer.js',
	runner: '<rootDir>/test/tools/bailingTestRunner.js',
	// An absolute path: StrykerJS loads the environment itself, without jest's <rootDir>.
	testEnvironment: path.join(__dirname, 'test/tools/bailingTestEnvironment.js'),
};
