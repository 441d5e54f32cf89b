/**
 * Mutation testing of the core files (npm run test:mutation, not part of npm test): StrykerJS with
 * the unit and integration tests, each mutant run only against the tests that cover it. Incremental:
 * the results of the last run are kept in reports/ (out of git), so a change re-tests only the
 * mutants in code it touched, or in code whose tests it touched.
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'jest',
	jest: { projectType: 'custom', configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
	coverageAnalysis: 'perTest',
	mutate: [
		'nodes/Gaard/GaardResult.ts',
		// What left GaardResult.ts for files of their own: the alarm rules and the n8n item.
		'nodes/Gaard/alarmRules.ts',
		'nodes/Gaard/gaardItem.ts',
		'nodes/Gaard/transport/*.ts',
		'nodes/Gaard/trigger/*.ts',
		'nodes/Gaard/actions/*.ts',
		// What only describes the editor's fields has no behaviour a test of the node could see.
		'!nodes/Gaard/trigger/description.ts',
		'!nodes/Gaard/actions/common.description.ts',
	],
	incremental: true,
	incrementalFile: 'reports/stryker-incremental.json',
	reporters: ['clear-text', 'progress', 'json'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	thresholds: { high: 95, low: 90, break: null },
	concurrency: 2,
	timeoutMS: 20000,
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
	ignoreStatic: true,
};
