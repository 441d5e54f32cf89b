/** The mutation runs' test sequencer (scripts/mutation/coveringTestsSequencer.js): which files a mutant's run loads. */
import type { Test } from '@jest/test-result';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CoveringTestsSequencer = require('../../scripts/mutation/coveringTestsSequencer.js');

/** A test name pattern as StrykerJS writes it for the tests covering a mutant. */
const strykerPattern = (names: string[]) =>
	names.map((name) => `(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`).join('|');

function testFile(source: string, name = 'some.test.ts'): Test {
	const folder = mkdtempSync(path.join(tmpdir(), 'gaard-sequencer-'));
	const file = path.join(folder, name);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, source);
	return { path: file, context: {} as Test['context'] } as Test;
}

const runOf = (pattern: string | undefined, tests: Test[]): Test[] =>
	new CoveringTestsSequencer({ contexts: [], globalConfig: { testNamePattern: pattern } }).sort(
		tests,
	);

describe("the mutation runs' test sequencer", () => {
	const retries = testFile(
		"describe('retries', () => {\n\tit.each([429, 503])('a read is retried after %i', () => {});\n});\n",
	);
	const quotes = testFile(
		"describe(\"Gaard's webhook (over HTTP) | raw\", () => {});\nit('a test at the top', () => {});\n",
	);
	const each = testFile("describe.each(['Get Result'])('%s', () => {});\n");
	const template = testFile('it(`the trigger takes ${RUNS} deliveries`, () => {});\n');

	it('reads back the names StrykerJS asked for, whatever they hold', () => {
		const names = [
			"Gaard's webhook (over HTTP) | raw a test",
			'retries a read is retried after 429',
			'x\\y [1] $1 ^ * +',
		];
		expect(CoveringTestsSequencer.namesIn(strykerPattern(names))).toEqual(names);
	});

	it('loads only the files whose top-level titles begin a test asked for', () => {
		expect(
			runOf(strykerPattern(['retries a read is retried after 429']), [retries, quotes, template]),
		).toEqual([retries]);
		expect(
			runOf(strykerPattern(["Gaard's webhook (over HTTP) | raw a test"]), [retries, quotes]),
		).toEqual([quotes]);
		expect(runOf(strykerPattern(['a test at the top']), [retries, quotes])).toEqual([quotes]);
		expect(
			runOf(strykerPattern(['the trigger takes 1000 deliveries']), [retries, template]),
		).toEqual([template]);
	});

	it('keeps what it cannot read: titles made by each, and a pattern it did not write', () => {
		expect(runOf(strykerPattern(['Get Result 404']), [retries, each])).toEqual([each]);
		expect(runOf('retries|other', [retries, quotes])).toEqual(
			expect.arrayContaining([retries, quotes]),
		);
	});

	it('runs a mutant asked of every file (no pattern) against the whole-description files first, then unit, integration, the slowest', () => {
		const named = (name: string) => testFile("it('x', () => {});\n", name);
		const fuzz = named('integration/triggerFuzz.test.ts');
		const integration = named('integration/Gaard.test.ts');
		const unit = named('unit/dedup.test.ts');
		const descriptions = named('unit/editorDescriptions.test.ts');
		const saved = named('unit/publicInterface.test.ts');
		const order = runOf(undefined, [fuzz, integration, unit, saved, descriptions]);
		expect(order.slice(0, 2)).toEqual(expect.arrayContaining([descriptions, saved]));
		expect(order.slice(2)).toEqual([unit, integration, fuzz]);
	});
});
