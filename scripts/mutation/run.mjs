#!/usr/bin/env node
/**
 * `npm run test:mutation [-- <stryker args>]`: StrykerJS over all shipped code (stryker.config.mjs:
 * `nodes/**` and `credentials/`), incremental; then each file's score goes into TESTING.md's table
 * (files this run did not mutate keep their last row), and the run fails under 90 % overall or
 * 85 % for any file, or when shipped code silences a mutant with a `Stryker disable` comment.
 * `-- --force` runs every mutant (how the score in TESTING.md is measured); `-- --mutate <file>`
 * one file (a quick run after a change).
 *
 * The score is Stryker's: mutants killed (or timed out) among all those that ran or had no test,
 * static mutants (in code run once, when a module loads) included. A survivor is a behaviour no
 * test pins, or a mutant that changes nothing: TESTING.md lists the latter with why; both count.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT = path.join(ROOT, 'reports/mutation/mutation.json');
const TESTING = path.join(ROOT, 'TESTING.md');
const OVERALL_FLOOR = 90;
const FILE_FLOOR = 85;
const START = '<!-- mutation scores: written by npm run test:mutation -->';
const END = '<!-- end of mutation scores -->';
const SHIPPED = ['nodes', 'credentials'];

/** The shipped TypeScript files under `folder`, as paths from the root. */
function shippedFiles(folder) {
	return readdirSync(path.join(ROOT, folder)).flatMap((name) => {
		const file = `${folder}/${name}`;
		if (statSync(path.join(ROOT, file)).isDirectory()) return shippedFiles(file);
		return name.endsWith('.ts') ? [file] : [];
	});
}

const silenced = SHIPPED.flatMap(shippedFiles).filter((file) =>
	/Stryker (disable|restore)/.test(readFileSync(path.join(ROOT, file), 'utf8')),
);
if (silenced.length) {
	process.stderr.write(
		`[mutation] shipped code may not silence a mutant (a Stryker disable comment): ${silenced.join(', ')}\n`,
	);
	process.exit(1);
}

// `--scores-only`: the table from the last run's report, without running Stryker.
if (!process.argv.includes('--scores-only')) {
	const stryker = spawnSync(
		path.join(ROOT, 'node_modules/.bin/stryker'),
		['run', 'stryker.config.mjs', ...process.argv.slice(2)],
		{
			cwd: ROOT,
			stdio: 'inherit',
		},
	);
	if (stryker.status !== 0) process.exit(stryker.status ?? 1);
}

/**
 * The shipped files this run mutated: those named by `--mutate` (comma-separated, as Stryker takes
 * them), or all of them. A file in scope that holds no mutant at all (types only) has no entry in
 * Stryker's report: it is measured too, with 0 / 0.
 */
function runScope(argv, scope) {
	const at = argv.findIndex((arg) => arg === '--mutate' || arg === '-m');
	if (at === -1) return scope;
	const named = argv[at + 1].split(',').map((file) => file.split(':')[0]);
	return scope.filter((file) => named.includes(file));
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const { files } = JSON.parse(readFileSync(REPORT, 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const measured = Object.entries(files).map(([file, { mutants }]) => {
	const counted = mutants.filter((mutant) => COUNTED.has(mutant.status));
	const detected = counted.filter((mutant) => DETECTED.has(mutant.status));
	return {
		file: path.relative(ROOT, path.resolve(ROOT, file)),
		counted: counted.length,
		detected: detected.length,
		staticCounted: counted.filter((mutant) => mutant.static).length,
		staticDetected: detected.filter((mutant) => mutant.static).length,
		date: today,
	};
});
const scope = SHIPPED.flatMap(shippedFiles);
const mutatedNow = runScope(process.argv.slice(2), scope);
// The report also holds the files an earlier run measured (Stryker's incremental results, without
// their static marks): only the files this run mutated get new rows.
for (let index = measured.length - 1; index >= 0; index--)
	if (!mutatedNow.includes(measured[index].file)) measured.splice(index, 1);
for (const file of mutatedNow) {
	if (!measured.some((row) => row.file === file)) {
		measured.push({
			file,
			counted: 0,
			detected: 0,
			staticCounted: 0,
			staticDetected: 0,
			date: today,
		});
	}
}

/** The table's rows as TESTING.md has them. */
function rowsOf(markdown) {
	const table = markdown.slice(markdown.indexOf(START), markdown.indexOf(END));
	return [
		...table.matchAll(
			/^\| `([^`]+)` \| [\d.]+ % \| (\d+) \/ (\d+) \| (\d+) \/ (\d+) \| (\S+) \|$/gm,
		),
	].map(([, file, detected, counted, staticDetected, staticCounted, date]) => ({
		file,
		detected: Number(detected),
		counted: Number(counted),
		staticDetected: Number(staticDetected),
		staticCounted: Number(staticCounted),
		date,
	}));
}

const score = ({ detected, counted }) => (counted ? (100 * detected) / counted : 100);
const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);
const markdown = readFileSync(TESTING, 'utf8');
const rows = new Map(rowsOf(markdown).map((row) => [row.file, row]));
for (const row of measured) rows.set(row.file, row);
for (const file of rows.keys()) if (!scope.includes(file)) rows.delete(file);
const all = [...rows.values()].sort((a, b) => a.file.localeCompare(b.file));
const overall = score({ detected: sum(all, 'detected'), counted: sum(all, 'counted') });
const unmeasured = scope.filter((file) => !rows.has(file)).sort();
const table = [
	START,
	'',
	'| File | Score | Killed / counted | Of them static: killed / counted | Measured |',
	'| --- | --- | --- | --- | --- |',
	...all.map(
		(row) =>
			`| \`${row.file}\` | ${score(row).toFixed(1)} % | ${row.detected} / ${row.counted} | ${row.staticDetected} / ${row.staticCounted} | ${row.date} |`,
	),
	...unmeasured.map((file) => `| \`${file}\` | not measured yet | | | |`),
	'',
	`Overall: **${overall.toFixed(1)} %**, ${sum(all, 'detected')} of ${sum(all, 'counted')} mutants killed, over the ${all.length} files measured of ${scope.length} ` +
		`(floor ${OVERALL_FLOOR} %, ${FILE_FLOOR} % for any file); ${sum(all, 'staticCounted')} of the mutants are static ` +
		`(${((100 * sum(all, 'staticCounted')) / Math.max(1, sum(all, 'counted'))).toFixed(0)} %), ${sum(all, 'staticDetected')} of them killed.`,
	'',
	END,
].join('\n');
writeFileSync(
	TESTING,
	markdown.slice(0, markdown.indexOf(START)) +
		table +
		markdown.slice(markdown.indexOf(END) + END.length),
);

const low = all.filter((row) => score(row) < FILE_FLOOR);
process.stdout.write(
	`\n[mutation] overall ${overall.toFixed(1)} % over ${all.length} files; this run: ${measured.map((row) => `${row.file} ${score(row).toFixed(1)} %`).join(', ')}\n`,
);
const shortfalls = [
	...(overall < OVERALL_FLOOR ? [`overall ${overall.toFixed(1)} % < ${OVERALL_FLOOR} %`] : []),
	...low.map((row) => `${row.file} ${score(row).toFixed(1)} % < ${FILE_FLOOR} %`),
	...(unmeasured.length ? [`not measured: ${unmeasured.join(', ')}`] : []),
];
if (shortfalls.length) {
	process.stderr.write(`[mutation] under the floor: ${shortfalls.join('; ')}\n`);
	process.exit(1);
}
