/**
 * BENCHMARKS.md is written by more than one command: `npm run bench` (regular mode) writes the
 * file, `npm run bench:queue` its queue-mode section. Each keeps the other's part.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = path.resolve(__dirname, '../../BENCHMARKS.md');
const QUEUE_START = '<!-- queue mode: written by npm run bench:queue -->';
const QUEUE_END = '<!-- end of queue mode -->';

function current(): string {
	return existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
}

function queuePart(text: string): string {
	const start = text.indexOf(QUEUE_START);
	const end = text.indexOf(QUEUE_END);
	return start >= 0 && end > start ? text.slice(start, end + QUEUE_END.length) : '';
}

/** Writes the regular-mode figures, keeping the queue-mode section. */
export function writeRegularBenchmarks(text: string): void {
	const queue = queuePart(current());
	writeFileSync(FILE, `${text.trimEnd()}\n${queue ? `\n${queue}\n` : ''}`);
}

/** Writes (or replaces) the queue-mode section, keeping the rest. */
export function writeQueueBenchmarks(lines: string[]): void {
	const text = current();
	const queue = [QUEUE_START, ...lines, QUEUE_END].join('\n');
	const existing = queuePart(text);
	writeFileSync(FILE, existing ? text.replace(existing, queue) : `${text.trimEnd()}\n\n${queue}\n`);
}

/**
 * Replaces the numbered sections (`## 3. ...` up to the next `## ` heading or the queue-mode part)
 * that `lines` hold, keeping the rest: what `npm run bench -- --only=<sections> --write` writes.
 */
export function writeBenchmarkSections(lines: string[]): void {
	let text = current();
	const sections = lines.join('\n').split(/\n(?=## \d+\. )/);
	for (const section of sections) {
		const number = /^## (\d+)\. /.exec(section)?.[1];
		if (!number) continue;
		const start = text.search(new RegExp(`^## ${number}\\. `, 'm'));
		if (start < 0) throw new Error(`BENCHMARKS.md has no section ${number} to replace`);
		const rest = text.slice(start + 1);
		const next = rest.search(/^(## |<!-- queue mode)/m);
		const end = next < 0 ? text.length : start + 1 + next;
		text = `${text.slice(0, start)}${section.trimEnd()}\n\n${text.slice(end)}`;
	}
	writeFileSync(FILE, text);
}
