/**
 * n8n in queue mode on one machine, for `npm run test:queue`: PostgreSQL and Redis (see
 * services.ts), the main process (editor, API; production webhooks off), webhook processors and
 * workers. Each process has its own user folder with this package installed the way n8n installs
 * a community package; they share the database, Redis, one encryption key and one binary data
 * folder (filesystem mode, so that an upload stays a stream across processes).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';
import { freePort } from '../helpers/loopback';
import { RealN8n } from './realN8n';
import { installLikeN8n, packPackage, simulatorCredential } from './stack';
import type { QueueServices } from './services';
import { startQueueServices } from './services';

const WORKFLOWS_FOLDER = path.join(__dirname, '../queue/workflows');

export const QUEUE_CREDENTIALS = {
	postgres: { id: 'queuePostgresCr1', name: 'PostgreSQL (queue test)' },
};

/** The queue test's workflows (test/queue/workflows), with their production webhook paths. */
export const QUEUE_WORKFLOWS = {
	trigger: { id: 'queueTrigger0001', webhook: '9e000000-0000-4000-8000-000000000001/gaard' },
	slowAlarm: { id: 'queueSlowAlarm01', webhook: '9e000000-0000-4000-8000-000000000002/gaard' },
	removeDuplicates: {
		id: 'queueRemoveDups1',
		webhook: '9e000000-0000-4000-8000-000000000003/gaard',
	},
	uniqueId: { id: 'queueUniqueIds01', webhook: '9e000000-0000-4000-8000-000000000004/gaard' },
	muteLinks: { id: 'queueMuteLinks01', webhook: '9e000000-0000-4000-8000-000000000005/gaard' },
	classifyUpload: { id: 'queueClassify001', webhook: 'queue-classify' },
	classifyFile: { id: 'queueClassify001', webhook: 'queue-classify-file' },
} as const;

export interface QueueStackOptions {
	webhookProcessors?: number;
	workers?: number;
	log?: (message: string) => void;
	/** The simulator's processing time per job. */
	processingMs?: number;
}

export interface QueueStack {
	services: QueueServices;
	main: RealN8n;
	webhookProcessors: RealN8n[];
	workers: RealN8n[];
	simulator: GaardSimulator;
	/** Where clips may be read from disk by n8n. */
	filesFolder: string;
	workFolder: string;
	/** The ids of the executions each worker started, by worker index, from n8n's own log lines. */
	executionsStartedBy(): string[][];
	stop(): Promise<void>;
}

/** The line a worker logs for each execution it takes off the queue (n8n's job processor). */
const WORKER_STARTED = /Worker started execution (\d+)/g;

export async function startQueueStack(options: QueueStackOptions = {}): Promise<QueueStack> {
	const log = options.log ?? (() => {});
	const workFolder = mkdtempSync(path.join(tmpdir(), 'gaard-queue-'));
	const filesFolder = path.join(workFolder, 'files');
	const binaryFolder = path.join(workFolder, 'binary-data');
	mkdirSync(filesFolder);
	mkdirSync(binaryFolder);
	const processes: RealN8n[] = [];
	let services: QueueServices | undefined;
	let simulator: GaardSimulator | undefined;
	const stop = async () => {
		// Workers and webhook processors first, the main process last.
		for (const n8n of [...processes].reverse()) await n8n.stop();
		await simulator?.stop();
		await services?.stop();
		rmSync(workFolder, { recursive: true, force: true });
	};

	try {
		services = await startQueueServices(workFolder, log);
		simulator = await startSimulator({ port: 0, processingMs: options.processingMs ?? 1000 });
		const webhookPorts = await Promise.all(
			Array.from({ length: options.webhookProcessors ?? 1 }, () => freePort()),
		);
		const shared: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: services.postgres.host,
			DB_POSTGRESDB_PORT: String(services.postgres.port),
			DB_POSTGRESDB_DATABASE: services.postgres.database,
			DB_POSTGRESDB_USER: services.postgres.user,
			DB_POSTGRESDB_PASSWORD: services.postgres.password,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// Filesystem mode on a folder every process shares: uploads stay streams (queue mode's
			// default, `database`, reads a whole file into memory).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_BINARY_DATA_STORAGE_PATH: binaryFolder,
			// Production webhooks go to the webhook processors only.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			WEBHOOK_URL: `http://127.0.0.1:${webhookPorts[0]}/`,
			// A killed worker's jobs count as stalled once their lock runs out (n8n's defaults: a 60 s
			// lock, checked every 30 s); shorter here so that the crash test does not wait minutes.
			QUEUE_WORKER_LOCK_DURATION: '15000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			// Workers log each execution they start (the split between workers is read from it).
			N8N_LOG_LEVEL: 'info',
		};
		const tarball = await packPackage(workFolder);
		const newProcess = async (
			name: string,
			command: 'start' | 'webhook' | 'worker',
			port?: number,
		) => {
			const userFolder = path.join(workFolder, name);
			mkdirSync(userFolder);
			log(`installing the package for ${name}`);
			await installLikeN8n([tarball], userFolder);
			const n8n = new RealN8n({
				userFolder,
				port,
				filesFolder,
				logFile: path.join(workFolder, `${name}.log`),
				env: shared,
				command,
			});
			await n8n.prepare();
			processes.push(n8n);
			return n8n;
		};

		const main = await newProcess('main', 'start');
		const credentialsFile = path.join(workFolder, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify([
				simulatorCredential(simulator),
				{
					...QUEUE_CREDENTIALS.postgres,
					type: 'postgres',
					data: (({ host, port, database, user, password }) => ({
						host,
						port,
						database,
						user,
						password,
					}))(services.postgres),
				},
			]),
		);
		log('importing credentials and workflows into PostgreSQL with the n8n CLI');
		await main.importCredentials(credentialsFile);
		await main.importWorkflows(WORKFLOWS_FOLDER);
		log(`starting the main process on ${main.url}`);
		await main.start();
		const ids = [...new Set(Object.values(QUEUE_WORKFLOWS).map((workflow) => workflow.id))];
		for (const id of ids) await main.publish(id);

		const webhookProcessors: RealN8n[] = [];
		for (const [index, port] of webhookPorts.entries())
			webhookProcessors.push(await newProcess(`webhook${index + 1}`, 'webhook', port));
		const workers: RealN8n[] = [];
		for (let index = 0; index < (options.workers ?? 2); index++)
			workers.push(await newProcess(`worker${index + 1}`, 'worker'));
		log(`starting ${webhookProcessors.length} webhook processor(s) and ${workers.length} workers`);
		await Promise.all([...webhookProcessors, ...workers].map((n8n) => n8n.start()));
		for (const processor of webhookProcessors) {
			for (const workflow of Object.values(QUEUE_WORKFLOWS))
				await processor.waitForWebhook(workflow.webhook);
		}
		log('queue mode is up');

		return {
			services,
			main,
			webhookProcessors,
			workers,
			simulator,
			filesFolder,
			workFolder,
			executionsStartedBy: () =>
				workers.map((worker) =>
					[...readFileSync(worker.logFile, 'utf8').matchAll(WORKER_STARTED)].map(
						(match) => match[1],
					),
				),
			stop,
		};
	} catch (error) {
		const tails = processes
			.filter((n8n) => existsSync(n8n.logFile))
			.map(
				(n8n) =>
					`--- ${path.basename(n8n.logFile)} ---\n${readFileSync(n8n.logFile, 'utf8').split('\n').slice(-30).join('\n')}`,
			)
			.join('\n');
		await stop();
		throw new Error(`${(error as Error).stack ?? String(error)}\n${tails}`);
	}
}
