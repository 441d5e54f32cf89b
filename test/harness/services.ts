/**
 * The two services n8n's queue mode needs, for `npm run test:queue`: PostgreSQL and Redis from
 * Debian's packages (installed with apt-get when missing), each started on 127.0.0.1 on a free
 * port with a throwaway data folder, and stopped (folder removed) by `stop()`.
 *
 * PostgreSQL refuses to run as root: when this runs as root, the data folder belongs to the
 * `postgres` user Debian's package creates, and its commands run as that user.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../helpers/loopback';
import { killAtExit, stopChild } from './childProcesses';
import { ensureDebianPackages } from './debianPackages';

const isRoot = process.getuid?.() === 0;

export interface Postgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	version: string;
	/** Runs SQL with Debian's `psql` client. */
	sql(statement: string): string;
}

export interface Redis {
	host: string;
	port: number;
}

export interface QueueServices {
	postgres: Postgres;
	redis: Redis;
	stop(): Promise<void>;
}

/** The newest PostgreSQL server Debian installed (`/usr/lib/postgresql/<major>/bin`), if any. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((name) => existsSync(path.join(root, name, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function redisBin(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((candidate) =>
		existsSync(candidate),
	);
}

/** Installs Debian's `postgresql` and `redis-server` packages if either server is missing. */
export function ensureQueueServicePackages(log: (message: string) => void): void {
	ensureDebianPackages(
		['postgresql', 'redis-server'],
		() => Boolean(postgresBin() && redisBin()),
		log,
	);
}

function postgresUser(): { uid: number; gid: number } | undefined {
	if (!isRoot) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

function startDaemon(
	command: string,
	args: string[],
	cwd: string,
	owner?: { uid: number; gid: number },
): ChildProcess {
	const child = spawn(command, args, {
		cwd,
		stdio: ['ignore', 'ignore', 'pipe'],
		...(owner ?? {}),
	});
	let errors = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		errors = (errors + chunk.toString()).slice(-4000);
	});
	child.once('exit', (code) => {
		if (code)
			process.stderr.write(
				`[queue services] ${path.basename(command)} exited with ${code}: ${errors}\n`,
			);
	});
	return killAtExit(child);
}

/** Waits until `probe` stops throwing: fails if the server exits first, or at `until`. */
async function untilAnswers(
	name: string,
	server: ChildProcess,
	probe: () => unknown,
	until: number,
): Promise<void> {
	for (;;) {
		if (server.exitCode !== null) throw new Error(`${name} exited while starting`);
		try {
			probe();
			return;
		} catch {
			if (Date.now() > until) throw new Error(`${name} did not start`);
			await sleep(200);
		}
	}
}

/** Starts PostgreSQL and Redis for one test run, with their data under `folder`. */
export async function startQueueServices(
	folder: string,
	log: (message: string) => void = () => {},
): Promise<QueueServices> {
	ensureQueueServicePackages(log);
	const owner = postgresUser();
	const pgData = path.join(folder, 'postgres');
	mkdirSync(pgData, { recursive: true, mode: 0o700 });
	if (owner) {
		// The folder above must be passable by the postgres user.
		execFileSync('chmod', ['o+x', folder]);
		chownSync(pgData, owner.uid, owner.gid);
	}
	const bin = postgresBin()!;
	const user = 'n8n';
	const password = 'n8n-queue-test';
	execFileSync(
		path.join(bin, 'initdb'),
		['-D', pgData, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{
			cwd: pgData,
			stdio: ['ignore', 'ignore', 'inherit'],
			...(owner ?? {}),
		},
	);
	const pgPort = await freePort();
	let postgresProcess: ChildProcess | undefined;
	let redisProcess: ChildProcess | undefined;
	const redisPort = await freePort();
	const stop = async () => {
		// SIGINT: PostgreSQL's fast shutdown; Redis stops on it too.
		await stopChild(postgresProcess, 'SIGINT');
		await stopChild(redisProcess, 'SIGINT');
		rmSync(pgData, { recursive: true, force: true });
	};
	try {
		postgresProcess = startDaemon(
			path.join(bin, 'postgres'),
			[
				'-D',
				pgData,
				'-p',
				String(pgPort),
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				`unix_socket_directories=${pgData}`,
				'-c',
				'max_connections=200',
			],
			pgData,
			owner,
		);
		const psql = (statement: string, database = 'postgres') =>
			execFileSync(
				'psql',
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(pgPort),
					'-U',
					user,
					'-d',
					database,
					'-v',
					'ON_ERROR_STOP=1',
					'-qAt',
					'-c',
					statement,
				],
				{
					env: { ...process.env, PGPASSWORD: password },
				},
			).toString();
		const until = Date.now() + 30_000;
		await untilAnswers('PostgreSQL', postgresProcess, () => psql('SELECT 1'), until);
		psql(`ALTER USER ${user} PASSWORD '${password}'`);
		psql('CREATE DATABASE n8n');

		redisProcess = startDaemon(
			redisBin()!,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				folder,
			],
			folder,
		);
		await untilAnswers(
			'Redis',
			redisProcess,
			() =>
				execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'ping'], {
					stdio: 'ignore',
				}),
			until,
		);
		const version = psql('SHOW server_version').trim();
		log(`PostgreSQL ${version} on 127.0.0.1:${pgPort}, Redis on 127.0.0.1:${redisPort}`);
		return {
			postgres: {
				host: '127.0.0.1',
				port: pgPort,
				database: 'n8n',
				user,
				password,
				version,
				sql: (statement) => psql(statement, 'n8n'),
			},
			redis: { host: '127.0.0.1', port: redisPort },
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
