/**
 * What the suites need from the machine, installed before they start:
 * `prepareMachine.ts [--debian] [n8n version...]` installs the n8n releases named, in the n8n
 * cache, and with `--debian` Debian's Chromium, PostgreSQL and Redis. The releases named install
 * side by side, each in a process of its own, while apt-get installs the Debian packages. npm test
 * (scripts/testAll.js) runs it twice, so that the suites on the newest 2.x can start before 1.x
 * is installed; suites that later run side by side then never install at once (apt-get takes one
 * lock, and two installs of one n8n release would share its folder).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ensureChromium } from '../test/browser/editor';
import { ensureQueueServicePackages } from '../test/harness/services';

const log = (message: string) => process.stderr.write(`[prepare] ${message}\n`);
const INSTALL_N8N = path.join(__dirname, '../test/harness/install-n8n.js');

/** Installs one n8n release into the cache, in a process of its own. */
async function installN8n(version: string): Promise<void> {
	const started = Date.now();
	const child = spawn(process.execPath, [INSTALL_N8N], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, GAARD_N8N_VERSION: version },
	});
	const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (status !== 0) throw new Error(`installing n8n ${version} failed (exit ${status})`);
	log(`n8n ${version} is ready (${Math.round((Date.now() - started) / 1000)} s)`);
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const versions = args.filter((arg) => arg !== '--debian');
	const installs = versions.map(installN8n);
	// Settled whatever happens, so that a failed apt-get does not leave an install unwatched.
	const settled = Promise.allSettled(installs);
	let debianFailure: unknown;
	if (args.includes('--debian')) {
		try {
			const started = Date.now();
			ensureChromium(log);
			ensureQueueServicePackages(log);
			log(`Debian's packages are ready (${Math.round((Date.now() - started) / 1000)} s)`);
		} catch (error) {
			debianFailure = error;
		}
	}
	const failures = (await settled).filter((outcome) => outcome.status === 'rejected');
	if (debianFailure) throw debianFailure;
	if (failures.length) throw (failures[0] as PromiseRejectedResult).reason;
}

main().catch((error: unknown) => {
	process.stderr.write(`[prepare] ${(error as Error).message ?? String(error)}\n`);
	process.exit(1);
});
