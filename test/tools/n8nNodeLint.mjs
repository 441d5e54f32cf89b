/**
 * `npm run lint:n8n`: n8n's own `n8n-node lint` (@n8n/node-cli), in strict mode, with n8n's
 * default eslint.config.mjs (copied from the CLI itself, so it is the default byte for byte), on
 * the package as it ships from source: package.json, tsconfig.json, nodes/ and credentials/.
 * Fails on any finding, warnings included.
 *
 * It runs on a copy because n8n-node lint runs `eslint .` over the whole folder, and its default
 * configuration holds every TypeScript file to n8n Cloud's runtime rules (no Node built-ins, no
 * timers, no `process`): rules for shipped node code that this package's tests and simulator,
 * which never ship, cannot follow. `npm run lint` lints the same shipped files in place.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'node_modules/@n8n/node-cli');
const defaultConfig = path.join(cli, 'dist/template/templates/shared/default/eslint.config.mjs');

const stage = mkdtempSync(path.join(tmpdir(), 'gaard-n8n-node-lint-'));
try {
	for (const entry of ['package.json', 'tsconfig.json', 'nodes', 'credentials']) {
		cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
	}
	writeFileSync(path.join(stage, 'eslint.config.mjs'), readFileSync(defaultConfig));
	symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

	const run = spawnSync(path.join(root, 'node_modules/.bin/n8n-node'), ['lint'], {
		cwd: stage,
		encoding: 'utf8',
		env: { ...process.env, FORCE_COLOR: '0', CI: 'true' },
	});
	const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
	process.stdout.write(output);
	const findings = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
	if (run.status !== 0 || findings) {
		process.stderr.write(`n8n-node lint (strict, default config): ${findings ? findings[0] : `exit ${run.status}`}\n`);
		process.exit(1);
	}
	process.stdout.write('n8n-node lint (strict, default config) on the shipped source: no findings\n');
} finally {
	rmSync(stage, { recursive: true, force: true });
}
