/**
 * Jest's test runner for mutation runs, made to stop at a mutant's first failing test file: the
 * files after it are not loaded (loading one takes a second or two). With bailingTestEnvironment.js,
 * which skips the tests after a failure within a file, a mutant's run ends soon after the first
 * test that kills it. StrykerJS's jest runner cannot ask jest to bail (jest would exit the process).
 * Outside a mutant's run (the coverage run, a plain jest run) it runs every file, as jest does.
 */
const TestRunner = require('jest-runner').default;
const { ACTIVE_MUTANT } = require('./bailingTestEnvironment');

class BailingTestRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		if (process.env[ACTIVE_MUTANT] === undefined || !options.serial)
			return super.runTests(tests, watcher, options);
		let failed = false;
		const stops = [
			this.on('test-file-success', ([, result]) => {
				failed ||= result.numFailingTests > 0 || Boolean(result.testExecError);
			}),
			this.on('test-file-failure', () => {
				failed = true;
			}),
		];
		try {
			for (const test of tests) {
				if (failed) break;
				await super.runTests([test], watcher, options);
			}
		} finally {
			for (const stop of stops) stop();
		}
	}
}

module.exports = BailingTestRunner;
