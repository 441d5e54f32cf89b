/**
 * Each integration test runs on a TestClock in `auto` mode (jest's setupFilesAfterEnv): the nodes'
 * retries, polls and intervals take no real time, and the Gaard simulator's jobs follow the same
 * clock. A describe that needs another calls useTestClock itself.
 */
import { TestClock, installTestClock } from './testClock';

let restore = () => {};
beforeEach(() => {
	restore = installTestClock(new TestClock('auto'));
});
afterEach(() => restore());
