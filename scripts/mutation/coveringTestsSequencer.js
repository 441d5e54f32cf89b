/**
 * Jest's test sequencer for mutation runs: only the test files that can hold one of the tests
 * asked for, the quick ones first. StrykerJS runs each mutant with the tests that cover it as a name pattern, and jest
 * would still load every related test file to find them (a few seconds each for the integration
 * files, most of a mutant's time); a file is left out when none of its top-level titles begins
 * the name of a test asked for.
 *
 * Whatever this cannot read keeps the file in: a wrong guess can only let a mutant survive,
 * never kill one.
 */
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/** The test names in a pattern made as Stryker makes it: `(escaped name)|(escaped name)|...`. */
function namesIn(pattern) {
	const names = [];
	let name;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') {
			if (name === undefined) return undefined;
			name += pattern[++i];
		} else if (char === '(' && name === undefined) name = '';
		else if (char === ')' && name !== undefined) {
			names.push(name);
			name = undefined;
		} else if (char === '|' && name === undefined) continue;
		else if (name !== undefined) name += char;
		else return undefined;
	}
	return name === undefined ? names : undefined;
}

const TOP_LEVEL_TITLE =
	/^(?:describe|it|test)(?:\.each\([^\n]*?\))?\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\\n]|\\.)*)`)/gm;

/**
 * What each top-level test or group of a file is named as far as it is fixed in the source: the
 * title up to its first escape, `${`, `%` or `$` (what `each` and templates fill in).
 */
function titlePrefixes(source) {
	return [...source.matchAll(TOP_LEVEL_TITLE)].map(([, single, double, template]) => {
		const title = single ?? double ?? template;
		return title.split(/\\|\$|%/)[0];
	});
}

/** The test files that take longest, run after all others. */
const SLOWEST = ['faultMatrix.test.ts', 'triggerFuzz.test.ts'];

/**
 * The test files that compare the nodes' and the credential's descriptions whole with a recorded
 * file: a mutant of a description (code run once, as a module loads) fails there first.
 */
const WHOLE_DESCRIPTIONS = ['editorDescriptions.test.ts', 'publicInterface.test.ts'];

/** The files that check whole descriptions, other unit tests (milliseconds each), integration tests, the slowest. */
function runOrder(file) {
	if (WHOLE_DESCRIPTIONS.some((name) => file.endsWith(`/unit/${name}`))) return 0;
	if (SLOWEST.some((name) => file.endsWith(name))) return 3;
	return file.includes('/unit/') ? 1 : 2;
}

const quickFirst = (a, b) => runOrder(a.path) - runOrder(b.path) || a.path.localeCompare(b.path);

class CoveringTestsSequencer extends Sequencer {
	constructor(options) {
		super(options);
		this.pattern = options.globalConfig.testNamePattern;
	}

	sort(tests) {
		// No pattern: a mutant in code run as a module loads (static), run against every file.
		if (!this.pattern) return [...tests].sort(quickFirst);
		const names = namesIn(this.pattern);
		const holdsOneAskedFor = (test) => {
			const prefixes = titlePrefixes(readFileSync(test.path, 'utf8'));
			return (
				!names ||
				prefixes.length === 0 ||
				prefixes.some((prefix) => names.some((name) => name.startsWith(prefix)))
			);
		};
		// The quick files first: the run stops at the first failure (bailingTestRunner.js).
		return tests.filter(holdsOneAskedFor).sort(quickFirst);
	}
}

module.exports = CoveringTestsSequencer;
module.exports.namesIn = namesIn;
module.exports.titlePrefixes = titlePrefixes;
