#!/usr/bin/env node
/**
 * Runs the analysis of n8n's verification scanner (@n8n/scan-community-package) on this package,
 * as n8n runs it before listing a package as verified: its lint with inline configuration off
 * (`eslint-disable` comments do not count), on the source (package.json, nodes/, credentials/)
 * and on the packed tarball; and checks that the tarball holds every codex file, icon and output
 * schema of the source. Prints each result; exits 1 on any finding.
 * `dist/` must be built first (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'gaard-scan-'));

try {
	const sourceDir = path.join(work, 'source');
	mkdirSync(sourceDir);
	for (const entry of ['package.json', 'nodes', 'credentials'])
		cpSync(path.join(root, entry), path.join(sourceDir, entry), { recursive: true });

	const packedDir = path.join(work, 'packed');
	mkdirSync(packedDir);
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
	);
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		env,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', packedDir, '--strip-components=1']);

	// n8n needs the codex files (categories), icons and output schemas beside the compiled nodes:
	// tsc does not copy them (nor does n8n-node build copy codex files), the gulp task does.
	const assets = [];
	for (const folder of ['nodes', 'credentials']) {
		for (const file of readdirSync(path.join(root, folder), { recursive: true })) {
			const relative = path.join(folder, String(file));
			if (/\.svg$|\.node\.json$|__schema__.*\.json$/.test(relative)) assets.push(relative);
		}
	}
	const missing = assets.filter((asset) => !existsSync(path.join(packedDir, 'dist', asset)));
	let failed = missing.length > 0;
	process.stdout.write(
		`packed tarball assets (codex files, icons, output schemas): ${failed ? `MISSING ${missing.join(', ')}` : `all ${assets.length} present`}\n`,
	);
	for (const [leg, dir, patterns] of [
		['source', sourceDir, SOURCE_FILE_PATTERNS],
		['packed tarball', packedDir, ['**/*.js', 'package.json']],
	]) {
		const result = await analyzePackage(dir, patterns);
		process.stdout.write(
			`n8n scanner, ${leg}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}\n`,
		);
		if (!result.passed) {
			failed = true;
			process.stdout.write(`${result.details ?? result.error ?? ''}\n`);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
