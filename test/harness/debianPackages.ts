/**
 * Debian packages some suites need (PostgreSQL and Redis for queue mode, Chromium for the editor's
 * browser tests): installed with apt-get when what they provide is missing, as root or through
 * `sudo -n`, so that a fresh machine runs every suite without a manual step.
 */
import { execFileSync } from 'node:child_process';

const isRoot = process.getuid?.() === 0;

/**
 * Installs `packages` unless `installed()` says they are there, then checks again; throws when
 * apt-get could not make them appear.
 */
export function ensureDebianPackages(
	packages: string[],
	installed: () => boolean,
	log: (message: string) => void,
): void {
	if (installed()) return;
	log(`installing ${packages.join(', ')} from Debian's packages (apt-get)`);
	const asRoot = (args: string[]) =>
		execFileSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : ['-n', ...args], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	asRoot(['apt-get', 'update', '-qq']);
	asRoot(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
	if (!installed()) throw new Error(`${packages.join(', ')}: still missing after apt-get install`);
}
