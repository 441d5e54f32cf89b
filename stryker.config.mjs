/**
 * Mutation testing of all shipped code (npm run test:mutation, not part of npm test): StrykerJS with
 * the unit and integration tests, each mutant run only against the tests that cover it. Incremental:
 * the results of the last run are kept in reports/ (out of git), so a change re-tests only the
 * mutants in code it touched, or in code whose tests it touched. `--force` runs every mutant, and
 * is how the score in TESTING.md is measured: an incremental run may skip static mutants.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const { projects, testTimeout } = createRequire(import.meta.url)('./jest.config.js');
const [unit, integration] = ['unit', 'integration'].map((name) =>
	projects.find((project) => project.displayName === name),
);

/**
 * The unit and integration projects as one, the way StrykerJS runs jest: transpiled without type
 * checks (a mutant need not type-check to be a behaviour change); the code under test among the
 * roots too (jest finds a mutant's related test files through the imports it has mapped, and with
 * test/ alone it saw only the tests importing that file); each mutant's run loading only the test
 * files that hold a test covering it, the unit tests first, and stopping at its first failure
 * (scripts/mutation/); the fuzz test at a tenth of its size with a fixed seed (the same deliveries
 * in the coverage run as in each mutant's).
 */
process.env.FUZZ_RUNS ??= '1000';
process.env.FUZZ_SEED ??= '1';
const mutationJestConfig = {
	...integration,
	displayName: undefined,
	testTimeout,
	// No rootDir: StrykerJS sets it to its sandbox, where the mutated code is (given here, it made
	// every test run against the repository's own code, so that no mutant could be killed).
	roots: [...unit.roots, ...integration.roots, '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/integration/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true, diagnostics: false },
		],
	},
	testSequencer: '<rootDir>/scripts/mutation/coveringTestsSequencer.js',
	runner: '<rootDir>/scripts/mutation/bailingTestRunner.js',
	// An absolute path: StrykerJS loads the environment itself, without jest's <rootDir>.
	testEnvironment: path.join(ROOT, 'scripts/mutation/bailingTestEnvironment.js'),
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'jest',
	// package.json holds no jest config: the whole of it is the one above.
	jest: {
		projectType: 'custom',
		configFile: 'package.json',
		config: mutationJestConfig,
		// Off: with it, a run of some files (`--mutate <file>`) found no test at all ("No tests were
		// found" in the initial run). Each mutant's test files are chosen by coveringTestsSequencer.js.
		enableFindRelatedTests: false,
	},
	coverageAnalysis: 'perTest',
	// All shipped code: both nodes, their descriptions, the credential.
	mutate: ['nodes/**/*.ts', 'credentials/*.ts'],
	incremental: true,
	incrementalFile: 'reports/stryker-incremental.json',
	reporters: ['clear-text', 'progress', 'json'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	thresholds: { high: 95, low: 90, break: null },
	concurrency: 2,
	timeoutMS: 20000,
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
	ignoreStatic: false,
};
