/**
 * The lock of an n8n install (test/harness/install-n8n.js, withInstallLock): a second process
 * installing the same release waits for the first instead of sharing its folder (.ci/run starts
 * the newest 2.x's install beside npm ci, and npm test's install step meets it), and a lock left by
 * a process that has ended is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { when } from '../helpers/when';

const INSTALL_N8N = path.join(__dirname, '../harness/install-n8n.js');

/** A node process running `body` with the n8n folder `dir` and install-n8n.js's exports at hand; its output kept. */
function nodeWith(dir: string, body: string) {
	const child = spawn(
		process.execPath,
		[
			'-e',
			`const fs = require('node:fs'); const { withInstallLock } = require(${JSON.stringify(INSTALL_N8N)}); const dir = ${JSON.stringify(dir)}; ${body}`,
		],
		{ stdio: ['pipe', 'pipe', 'pipe'] },
	);
	const output = { out: '', err: '' };
	child.stdout.on('data', (chunk: Buffer) => (output.out += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
	return { child, output, exited };
}

const n8nFolder = () =>
	path.join(mkdtempSync(path.join(tmpdir(), 'gaard-install-lock-')), 'n8n-9.9.9');

describe('the lock of an n8n install', () => {
	it('makes a second process installing the same release wait until the first is done', async () => {
		const dir = n8nFolder();
		// Holds the lock until its stdin closes.
		const first = nodeWith(
			dir,
			"withInstallLock(dir, () => { process.stdout.write('holding\\n'); fs.readFileSync(0); process.stdout.write('done\\n'); });",
		);
		await when(() => first.output.out.includes('holding'));
		const second = nodeWith(
			dir,
			"withInstallLock(dir, () => process.stdout.write('installing\\n'));",
		);
		await when(() => second.output.err.includes(`waiting for process ${first.child.pid}`));
		expect(second.output.out).toBe('');

		first.child.stdin.end();
		expect(await first.exited).toBe(0);
		expect(await second.exited).toBe(0);
		expect(first.output.out).toBe('holding\ndone\n');
		expect(second.output.out).toBe('installing\n');
		expect(existsSync(`${dir}.lock`)).toBe(false);
	});

	it('takes over a lock whose process has ended, and leaves none', async () => {
		const dir = n8nFolder();
		const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
		writeFileSync(`${dir}.lock`, ended.stdout.toString());
		const taker = nodeWith(
			dir,
			"withInstallLock(dir, () => process.stdout.write('installing\\n'));",
		);
		expect(await taker.exited).toBe(0);
		expect(taker.output.out).toBe('installing\n');
		expect(taker.output.err).toContain(`from process ${ended.stdout.toString()}, which has ended`);
		expect(existsSync(`${dir}.lock`)).toBe(false);
	});
});
