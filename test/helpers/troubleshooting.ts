/**
 * The tables of docs/troubleshooting.md as tests read them against what the code answers: each
 * row's cells, and a cell's message (its code spans) as a pattern, `<...>` standing for what
 * differs from one answer to the next and each further span, in brackets, for a part that may
 * follow it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const docLines = (file: string) =>
	readFileSync(path.resolve(__dirname, '../../docs', file), 'utf8').split('\n');

/** The rows of the table whose header is `lines[header]`, each as its cells (header and rule left out). */
function tableRows(lines: string[], header: number): string[][] {
	const end = lines.findIndex((line, index) => index > header && !line.startsWith('|'));
	return lines.slice(header + 2, end < 0 ? undefined : end).map((line) => splitCells(line));
}

/** The rows of the table under the heading `heading` of docs/troubleshooting.md. */
export function troubleshootingRows(heading: string): string[][] {
	const lines = docLines('troubleshooting.md');
	const start = lines.indexOf(`## ${heading}`);
	if (start < 0) throw new Error(`docs/troubleshooting.md has no section "${heading}"`);
	const header = lines.findIndex((line, index) => index > start && line.startsWith('|'));
	const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
	if (header < 0 || (next >= 0 && header > next))
		throw new Error(`docs/troubleshooting.md has no table under "${heading}"`);
	return tableRows(lines, header);
}

/** The rows of the table of docs/`file` whose header line is `header`. */
export function docTableRows(file: string, header: string): string[][] {
	const lines = docLines(file);
	const start = lines.indexOf(header);
	if (start < 0) throw new Error(`docs/${file} has no table headed "${header}"`);
	return tableRows(lines, start);
}

/** A table line's cells, trimmed; a `|` inside a code span stays in its cell. */
function splitCells(line: string): string[] {
	const cells: string[] = [];
	let cell = '';
	let ticks = 0;
	for (let index = 1; index < line.length; index++) {
		const char = line[index];
		if (char === '`') {
			let run = 0;
			while (line[index + run] === '`') run++;
			ticks = ticks === 0 ? run : ticks === run ? 0 : ticks;
			cell += '`'.repeat(run);
			index += run - 1;
		} else if (char === '|' && ticks === 0) {
			cells.push(cell.trim());
			cell = '';
		} else {
			cell += char;
		}
	}
	return cells;
}

/** The code spans of a cell, as written (a span may be ``fenced by two`` to hold a backtick). */
export function codeSpans(cell: string): string[] {
	return [...cell.matchAll(/(`+)(.+?)\1(?!`)/g)].map((match) => match[2].trim());
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withWildcards = (text: string) =>
	text
		.split(/<[^>]+>/)
		.map(escape)
		.join('.+?');

/**
 * The message a cell writes: its first code span, then each further span as an optional part; the
 * whole answer, or (`within`) somewhere in a longer text.
 */
export function messagePattern(cell: string, { within = false } = {}): RegExp {
	const [message, ...optional] = codeSpans(cell);
	if (message === undefined) throw new Error(`no message in "${cell}"`);
	const pattern = `${withWildcards(message)}${optional.map((part) => `(?: ${withWildcards(part)})?`).join('')}`;
	return new RegExp(within ? pattern : `^${pattern}$`);
}
