#!/usr/bin/env node
/**
 * `npm run test:mutation [-- <stryker args>]`: StrykerJS over the core files (stryker.config.mjs),
 * incremental; then the score of each file goes into TESTING.md's table (files this run did not
 * mutate keep their last row), and the run fails under 90 % overall or 85 % for any file.
 * `-- --mutate nodes/Gaard/trigger/ipAllowlist.ts` mutates one file (a quick run after a change).
 *
 * The score is Stryker's: mutants killed (or timed out) among those that ran or had no test at
 * all; a mutant marked equivalent in the code (`// Stryker disable ...: why`) does not count.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT = path.join(ROOT, 'reports/mutation/mutation.json');
const TESTING = path.join(ROOT, 'TESTING.md');
const OVERALL_FLOOR = 90;
const FILE_FLOOR = 85;
const START = '<!-- mutation scores: written by npm run test:mutation -->';
const END = '<!-- end of mutation scores -->';

// `--scores-only`: the table from the last run's report, without running Stryker.
if (!process.argv.includes('--scores-only')) {
	const stryker = spawnSync(path.join(ROOT, 'node_modules/.bin/stryker'), ['run', 'stryker.config.mjs', ...process.argv.slice(2)], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	if (stryker.status !== 0) process.exit(stryker.status ?? 1);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const { files } = JSON.parse(readFileSync(REPORT, 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const measured = Object.entries(files).map(([file, { mutants }]) => {
	const counted = mutants.filter((mutant) => COUNTED.has(mutant.status));
	const detected = counted.filter((mutant) => DETECTED.has(mutant.status)).length;
	// Ignored for a reason written in the code (a disable comment), not as a static mutant.
	const equivalent = mutants.filter((mutant) => mutant.status === 'Ignored' && !/^Static mutant/.test(mutant.statusReason ?? '')).length;
	return { file: path.relative(ROOT, path.resolve(ROOT, file)), counted: counted.length, detected, equivalent, date: today };
});

/** The table's rows as TESTING.md has them: file, detected, counted, equivalent, date. */
function rowsOf(markdown) {
	const table = markdown.slice(markdown.indexOf(START), markdown.indexOf(END));
	return [...table.matchAll(/^\| `([^`]+)` \| [\d.]+ % \| (\d+) \/ (\d+) \| (\d+) \| (\S+) \|$/gm)].map(([, file, detected, counted, equivalent, date]) => ({
		file,
		detected: Number(detected),
		counted: Number(counted),
		equivalent: Number(equivalent),
		date,
	}));
}

/** The core files stryker.config.mjs mutates (its `mutate` globs, which are one folder deep). */
async function coreFiles() {
	const { default: config } = await import(path.join(ROOT, 'stryker.config.mjs'));
	const excluded = new Set(config.mutate.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1)));
	return config.mutate
		.filter((glob) => !glob.startsWith('!'))
		.flatMap((glob) => {
			if (!glob.includes('*')) return [glob];
			const folder = path.dirname(glob);
			return readdirSync(path.join(ROOT, folder))
				.filter((name) => name.endsWith('.ts'))
				.map((name) => `${folder}/${name}`);
		})
		.filter((file) => !excluded.has(file));
}

const score = ({ detected, counted }) => (counted ? (100 * detected) / counted : 100);
const markdown = readFileSync(TESTING, 'utf8');
const rows = new Map(rowsOf(markdown).map((row) => [row.file, row]));
for (const row of measured) rows.set(row.file, row);
const all = [...rows.values()].sort((a, b) => a.file.localeCompare(b.file));
const overall = score(all.reduce((sum, row) => ({ detected: sum.detected + row.detected, counted: sum.counted + row.counted }), { detected: 0, counted: 0 }));
const unmeasured = (await coreFiles()).filter((file) => !rows.has(file)).sort();
const table = [
	START,
	'',
	'| File | Score | Killed / counted | Marked equivalent | Measured |',
	'| --- | --- | --- | --- | --- |',
	...all.map((row) => `| \`${row.file}\` | ${score(row).toFixed(1)} % | ${row.detected} / ${row.counted} | ${row.equivalent} | ${row.date} |`),
	...unmeasured.map((file) => `| \`${file}\` | not measured yet | | | |`),
	'',
	`Overall: **${overall.toFixed(1)} %** over the ${all.length} files measured, of ${all.length + unmeasured.length} (floor ${OVERALL_FLOOR} %, ${FILE_FLOOR} % for any file).`,
	'',
	END,
].join('\n');
writeFileSync(TESTING, markdown.slice(0, markdown.indexOf(START)) + table + markdown.slice(markdown.indexOf(END) + END.length));

const low = all.filter((row) => score(row) < FILE_FLOOR);
process.stdout.write(`\n[mutation] overall ${overall.toFixed(1)} % over ${all.length} files; this run: ${measured.map((row) => `${row.file} ${score(row).toFixed(1)} %`).join(', ')}\n`);
if (overall < OVERALL_FLOOR || low.length) {
	process.stderr.write(`[mutation] under the floor: ${overall < OVERALL_FLOOR ? `overall ${overall.toFixed(1)} % < ${OVERALL_FLOOR} %; ` : ''}${low.map((row) => `${row.file} ${score(row).toFixed(1)} %`).join(', ')}\n`);
	process.exit(1);
}
