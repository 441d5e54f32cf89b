/**
 * Jest's node environment for mutation runs, made to stop at a mutant's first failing test: the
 * tests after it in its file are skipped (bailingTestRunner.js does not load the files after it).
 * One failure kills the mutant; StrykerJS's jest runner cannot ask jest to bail, and without this
 * every covering test ran to its end, killed mutant or not. Outside a mutant's run (the coverage
 * run, a plain jest run) it changes nothing.
 */
const { TestEnvironment } = require('jest-environment-node');

/** The variable StrykerJS sets to the mutant under test for the length of its run. */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class BailingTestEnvironment extends TestEnvironment {
	/** Whether a test of this file failed under the mutant now running. */
	failed = false;

	handleTestEvent(event) {
		if (process.env[ACTIVE_MUTANT] === undefined) return;
		if (event.name === 'test_start' && this.failed) event.test.mode = 'skip';
		if (event.name === 'test_done' && event.test.errors.length > 0) this.failed = true;
	}
}

BailingTestEnvironment.ACTIVE_MUTANT = ACTIVE_MUTANT;
module.exports = BailingTestEnvironment;
