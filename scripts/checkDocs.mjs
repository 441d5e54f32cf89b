#!/usr/bin/env node
/**
 * `npm run check:docs` (in `npm test`): the documentation holds together, in the repository and in
 * the packed tarball that users get.
 *
 * - README.md is under README_MAX_BYTES: it starts with the user's task, the reference is in docs/;
 * - every relative link and picture in the Markdown files resolves: the file exists, and an
 *   `#anchor` names a heading of it (GitHub's slugs);
 * - in the tarball (`npm pack --dry-run`), every Markdown file that ships links only to files that ship;
 * - every picture in docs/images is shown somewhere (npm run docs:screenshots writes them);
 * - every word of the editor that the README, docs/, the examples' notes and the trigger's notice
 *   name is n8n's own as test/browser/editor-words.json holds it (the browser suite asserts each),
 *   the package's own, or an example's node (scripts/editorWords.js says how words are told);
 * - no figure that a measurement gives (milliseconds, rates, percentiles) is copied into what
 *   users read: BENCHMARKS.md, which `npm run bench` writes, is their one home, to be linked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import editorWords from './editorWords.js';
import markdownAnchors from './markdownAnchors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README_MAX_BYTES = 12 * 1024;

const markdownFiles = [
	...[
		'README.md',
		'CONTRIBUTING.md',
		'SECURITY.md',
		'CHANGELOG.md',
		'BENCHMARKS.md',
		'RELEASING.md',
		'TESTING.md',
	].filter((file) => existsSync(path.join(ROOT, file))),
	...readdirSync(path.join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`),
];

/** The anchors of a repository file's headings. */
const anchorsOf = (file) => markdownAnchors.anchorsOf(path.join(ROOT, file));

/** Relative links and pictures of a Markdown file (code blocks and inline code left out). */
function linksOf(file) {
	const text = readFileSync(path.join(ROOT, file), 'utf8')
		.replace(/```[\s\S]*?```/g, '')
		.replace(/`[^`\n]*`/g, '');
	return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The file a link of `file` points at, relative to the repository (the file itself for `#anchor`). */
function linkTarget(file, link) {
	const target = link.split('#')[0];
	return target ? path.normalize(path.join(path.dirname(file), decodeURI(target))) : file;
}

const problems = [];
const shown = new Set();
for (const file of markdownFiles) {
	for (const link of linksOf(file)) {
		const anchor = link.split('#')[1];
		const resolved = linkTarget(file, link);
		if (!existsSync(path.join(ROOT, resolved))) {
			problems.push(`${file}: ${link} does not exist`);
			continue;
		}
		shown.add(resolved);
		if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
			problems.push(`${file}: ${link} names no heading of ${resolved}`);
	}
}

const readmeBytes = statSync(path.join(ROOT, 'README.md')).size;
if (readmeBytes >= README_MAX_BYTES)
	problems.push(`README.md is ${readmeBytes} bytes, not under ${README_MAX_BYTES}`);

for (const picture of readdirSync(path.join(ROOT, 'docs/images'))) {
	if (!shown.has(`docs/images/${picture}`))
		problems.push(`docs/images/${picture} is shown nowhere`);
}

problems.push(...editorWords.wordProblems());

/** A measured figure: a duration in ms or µs, a rate, a percentile. */
const MEASURED_FIGURE =
	/\b\d[\d,.]*\s?(?:ms|µs|MiB\/s|MB\/s|req\/s|requests\/s|deliveries\/s)\b|\bp(?:50|95|99)\b/g;
for (const file of [
	'README.md',
	'CHANGELOG.md',
	'SECURITY.md',
	...markdownFiles.filter((candidate) => candidate.startsWith('docs/')),
]) {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	for (const [figure] of text.matchAll(MEASURED_FIGURE))
		problems.push(
			`${file}: "${figure}" is a measured figure: link to its row in BENCHMARKS.md instead`,
		);
}

const [{ files }] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	}),
);
const shipped = new Set(files.map((entry) => entry.path));
for (const file of markdownFiles.filter((candidate) => shipped.has(candidate))) {
	for (const link of linksOf(file)) {
		const resolved = linkTarget(file, link);
		if (!shipped.has(resolved))
			problems.push(`${file} ships, and links to ${resolved}, which does not`);
	}
}

if (problems.length) {
	process.stderr.write(`check:docs:\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`);
	process.exit(1);
}
process.stdout.write(
	`check:docs: README.md ${readmeBytes} bytes; ${markdownFiles.length} Markdown files, their links resolve in the repository and in the tarball (${shipped.size} files)\n`,
);
