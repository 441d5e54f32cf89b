/**
 * `npm run lint`: n8n's own `n8n-node lint` (@n8n/node-cli) at the repository root, in strict
 * mode (so the root eslint.config.mjs must be n8n's default, byte for byte), failing on any
 * finding, warnings included (n8n-node lint itself exits 0 on warnings).
 *
 * n8n-node lint runs `eslint .`. ESLint 9 applies the root configuration to every file unless it
 * looks the configuration up from each linted file, so this sets
 * ESLINT_FLAGS=unstable_config_lookup_from_file: nodes/, credentials/ and package.json get n8n's
 * default rules (Cloud rules included), test/ gets test/eslint.config.mjs (its code runs on Node
 * and never ships). Without the flag, n8n's Cloud rules would fail the simulator and harnesses.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(
	path.join(root, 'node_modules/.bin/n8n-node'),
	['lint', ...process.argv.slice(2)],
	{
		cwd: root,
		encoding: 'utf8',
		env: {
			...process.env,
			FORCE_COLOR: '0',
			CI: 'true',
			ESLINT_FLAGS: 'unstable_config_lookup_from_file',
		},
	},
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);
const findings = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
if (run.status !== 0 || findings) {
	process.stderr.write(
		`n8n-node lint (strict, n8n's default config): ${findings ? findings[0] : `exit ${run.status}`}\n`,
	);
	process.exit(1);
}
process.stdout.write(
	"n8n-node lint (strict, n8n's default config; test/ with its own): no findings\n",
);
