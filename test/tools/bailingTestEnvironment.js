/**
 * Jest's node environment for mutation runs, made to stop at a mutant's first failing test: the
 * tests after it, in its file and in the files run after it, are skipped. One failure kills the
 * mutant; StrykerJS's jest runner cannot ask jest to bail, and without this every covering test
 * ran to its end, killed mutant or not. Outside a mutant's run (the coverage run, a plain jest
 * run) it changes nothing.
 */
const { TestEnvironment } = require('jest-environment-node');

/** The variable StrykerJS sets to the mutant under test for the length of its run. */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

/** The mutant under which a test failed. Module state: kept from one test file to the next. */
let failedUnder;

class BailingTestEnvironment extends TestEnvironment {
	handleTestEvent(event) {
		const mutant = process.env[ACTIVE_MUTANT];
		if (mutant === undefined) return;
		if (event.name === 'test_start' && failedUnder === mutant) event.test.mode = 'skip';
		if (event.name === 'test_done' && event.test.errors.length > 0) failedUnder = mutant;
	}
}

module.exports = BailingTestEnvironment;
