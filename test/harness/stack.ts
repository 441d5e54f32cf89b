/**
 * The whole product on one machine, for the end-to-end tests and `npm run demo`: a real n8n
 * with this package installed the way n8n installs a community package, the Gaard simulator,
 * the recording Jira and Mattermost servers, the example workflows and the e2e workflows
 * imported (fixed ids) and published.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { docExamplePayload } from '../fixtures';
import { postJson } from '../helpers/loopback';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';
import { ModelStandIn } from './modelStandIn';
import { RealN8n, triggerResultId } from './realN8n';
import { RECORDED_SERVICES, Recorder } from './recorders';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cleanEnv } = require('./install-n8n.js') as {
	cleanEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-gaard';

export const CREDENTIALS = {
	gaard: { id: 'gaardSimulatorCr', name: 'Gaard (local simulator)' },
	gaardExpired: { id: 'gaardExpiredTok1', name: 'Gaard (expired token)' },
	jira: { id: 'jiraRecorderCred', name: 'Jira Server (local recorder)' },
	mattermost: { id: 'mattermostRecord', name: 'Mattermost (local recorder)' },
	telegram: { id: 'telegramRecorder', name: 'Telegram (local recorder)' },
	openAi: { id: 'openAiStandIn001', name: 'OpenAI (local model stand-in)' },
};

/** The workflows the stack imports, with the webhook paths that must answer once published. */
export const WORKFLOWS = {
	intrusionExample: {
		id: 'gaardExIntrusion',
		file: 'examples/intrusion-alarm-to-ticket-and-chat.json',
		webhooks: ['a3e1c1d0-5f1b-4c6e-9d2a-6b7f0e8c9a01/gaard'],
	},
	classifyExample: {
		id: 'gaardExClassify1',
		file: 'examples/classify-and-route.json',
		webhooks: ['gaard-classify'],
	},
	/**
	 * Its schedule is not let run: the tests start each of its runs as the editor does (a run that
	 * fired in the middle of a test's own would look up the same results), `npm run demo` publishes it.
	 */
	lookUpExample: {
		id: 'gaardExLookUp001',
		file: 'examples/look-up-results-later.json',
		webhooks: [],
		publish: false,
	},
	/** A chat trigger: n8n runs it from the editor's chat, with no webhook to wait for. */
	agentExample: {
		id: 'gaardExAgent0001',
		file: 'examples/agent-classifies-a-clip.json',
		webhooks: [],
	},
	triggerPlain: {
		id: 'e2eTriggerPlain1',
		file: 'test/e2e/workflows/trigger-plain.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000001/gaard'],
	},
	triggerGuarded: {
		id: 'e2eTriggerGuard1',
		file: 'test/e2e/workflows/trigger-guarded.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000002/gaard'],
	},
	triggerFlood: {
		id: 'e2eTriggerFlood1',
		file: 'test/e2e/workflows/trigger-flood.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000003/gaard'],
	},
	/** triggerGuarded's settings, with the trigger at version 1, as workflows saved before 1.1 have it. */
	triggerSavedV1: {
		id: 'e2eTriggerSaved1',
		file: 'test/e2e/workflows/trigger-saved-v1.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000004/gaard'],
	},
	/** The secret is `{{ $env.GAARD_E2E_SECRET }}` (E2E_SECRET_ENV below). */
	triggerSecretExpression: {
		id: 'e2eTriggerSecrEx',
		file: 'test/e2e/workflows/trigger-secret-expression.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000005/gaard'],
	},
	/** A Set node with an expression after the trigger. */
	triggerThenExpression: {
		id: 'e2eTriggerThenEx',
		file: 'test/e2e/workflows/trigger-then-expression.json',
		webhooks: ['e2e00000-0000-4000-8000-000000000006/gaard'],
	},
	/** Mute Links (5 min, 1 h) with Announce Mutes: its second webhook is the links' page. */
	triggerMute: {
		id: 'e2eTriggerMute01',
		file: 'test/e2e/workflows/trigger-mute.json',
		webhooks: [
			'e2e00000-0000-4000-8000-000000000007/gaard',
			'e2e00000-0000-4000-8000-000000000007/mute',
		],
	},
	/** The Gaard node as the tools of n8n's AI Agent, asked over a webhook. */
	agentTools: { id: 'e2eAgentTools001', file: 'test/e2e/workflows/agent-tools.json', webhooks: [] },
	gaardNode: {
		id: 'e2eGaardNode0001',
		file: 'test/e2e/workflows/gaard-node.json',
		webhooks: [
			'e2e-classify-none',
			'e2e-classify-sync',
			'e2e-classify-poll',
			'e2e-get-result',
			'e2e-wait-result',
			'e2e-classify-url',
		],
	},
} as const;

export type WorkflowKey = keyof typeof WORKFLOWS;

/**
 * The data tables the examples use, by the placeholder id an example ships with: the stack creates
 * each in n8n and sets it in the workflows that name the placeholder, as a user picks their table.
 */
export const DATA_TABLES = {
	gaardResultsToLookUp: {
		name: 'Gaard results to look up',
		columns: [{ name: 'resultId', type: 'string' as const }],
	},
};
export type DataTablePlaceholder = keyof typeof DATA_TABLES;

/**
 * The environment the triggerSecretExpression workflow reads its secret from: the variable, and
 * n8n's permission to read it in expressions (n8n 2.x blocks $env by default).
 */
export const E2E_SECRET_ENV = {
	GAARD_E2E_SECRET: 'secret-from-the-environment',
	N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
} as const;

/** Sample alarm clips: the simulator classifies by file name (see test/simulator/classifier.ts). */
export const SAMPLE_VIDEOS = [
	'intrusion-north-gate.mp4',
	'person-loading-dock.mp4',
	'rain-parking-lot.mp4',
	'spider-web-cam3.mp4',
	'corrupt-upload.mp4',
];

export interface StackOptions {
	n8nPort?: number;
	simulatorPort?: number;
	recorderPort?: number;
	/** Keep the temporary folder (n8n's data, logs) after stop. */
	keepFiles?: boolean;
	/** Progress messages. */
	log?: (message: string) => void;
	/** The workflows to import and publish (default: all). */
	workflows?: WorkflowKey[];
	/** More workflows to import and publish (file: an absolute path). */
	extraWorkflows?: StackWorkflow[];
	/** More community package folders, packed and installed beside this one. */
	extraPackages?: string[];
	/** The simulator's processing time per job (default 400 ms). */
	processingMs?: number;
	/** Extra environment for n8n. */
	n8nEnv?: Record<string, string>;
	/** The n8n version (default: $GAARD_N8N_VERSION, else the pinned 2.x). */
	n8nVersion?: string;
	/** Import the credentials of the simulator and the recorders (default), or start with none, as a new user does. */
	credentials?: boolean;
}

export interface StackWorkflow {
	id: string;
	file: string;
	webhooks: readonly string[];
	/** Whether the stack publishes it (the default), so that its triggers run. */
	publish?: boolean;
}

export interface Stack {
	n8n: RealN8n;
	simulator: GaardSimulator;
	recorder: Recorder;
	/** The chat model n8n's OpenAI Chat Model node talks to (the OpenAI credential's Base URL). */
	model: ModelStandIn;
	/** Where the sample videos are (n8n may read files there). */
	videosFolder: string;
	workFolder: string;
	n8nLogFile: string;
	/** The installed package folder inside n8n's user folder. */
	installedPackage: string;
	/** The id n8n gave each data table the examples use. */
	dataTables: Record<DataTablePlaceholder, string>;
	webhookUrl(key: WorkflowKey, index?: number): string;
	/**
	 * Restarts n8n with these environment variables changed (undefined: removed), and waits until
	 * the published workflows' webhooks answer again.
	 */
	restartN8n(env: Record<string, string | undefined>): Promise<void>;
	/** Submits a sample video to Gaard (the simulator), as a camera system would; returns its id. */
	submitVideo(name: string, fields?: Record<string, string>): Promise<string>;
	stop(): Promise<void>;
}

/**
 * After requests that should start nothing: sends a marker delivery to a trigger workflow (`query`
 * carries its secret, where it has one) and, once n8n has recorded the marker's execution, returns
 * the result ids of the workflow's executions past its first `count`: only the marker's when
 * nothing else started. n8n 1.x answers a delivery before it records the execution, so a count
 * taken at once proves nothing there, and the marker is the event to wait on instead of a while.
 */
export async function startedUpToMarker(
	stack: Stack,
	key: WorkflowKey,
	count: number,
	query = '',
): Promise<{ marker: string; started: Array<string | undefined> }> {
	const { id } = WORKFLOWS[key];
	const marker = `marker-${key}-${Date.now()}`;
	// From a camera of its own, so that no cooldown per camera ever holds a marker back.
	const example = docExamplePayload();
	const body = JSON.stringify({
		...example,
		id: marker,
		camera_id: marker,
		metadata: { ...example.metadata, camera_id: marker },
	});
	const answer = await postJson(`${stack.webhookUrl(key)}${query}`, body);
	if (answer.status !== 200 || answer.text !== '{"ok":true}')
		throw new Error(`the marker delivery was answered ${answer.status} ${answer.text}`);
	await stack.n8n.waitForExecutionCount(id, count + 1, 120_000);
	const total = (await stack.n8n.allExecutions(id, false)).length;
	// The newest executions, with their data (at most 250 of them: enough to show what should not be there).
	const newest = (await stack.n8n.executions(id)).slice(-(total - count));
	return { marker, started: newest.map(triggerResultId) };
}

export function sampleVideo(name: string): Buffer {
	// Deterministic bytes, some 200 KB, different for each name.
	const blocks: Buffer[] = [];
	let block = createHash('sha256').update(name).digest();
	for (let i = 0; i < 6400; i++) {
		blocks.push(block);
		block = createHash('sha256').update(block).digest();
	}
	return Buffer.concat(blocks);
}

/** `npm pack`s this package (its dist/ must be built) and returns the tarball's path. */
export async function packPackage(into: string): Promise<string> {
	if (!existsSync(path.join(ROOT, 'dist/nodes/Gaard/Gaard.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], {
		cwd: ROOT,
		env: cleanEnv(),
	});
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(into, path.basename(filename));
}

/**
 * Installs tarballs into n8n's nodes folder as n8n's community package installer does: extract
 * each, drop dev/peer/optional dependencies from its package.json, `npm install` its (empty)
 * dependencies, and list them all in the nodes folder's package.json. Returns their folders.
 */
export async function installLikeN8n(tarballs: string[], userFolder: string): Promise<string[]> {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	const installed: Record<string, string> = {};
	const folders: string[] = [];
	for (const tarball of tarballs) {
		const unpacked = path.join(nodesFolder, 'unpacked');
		rmSync(unpacked, { recursive: true, force: true });
		mkdirSync(unpacked, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const { name } = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as {
			name: string;
		};
		const packageFolder = path.join(nodesFolder, 'node_modules', name);
		mkdirSync(path.dirname(packageFolder), { recursive: true });
		rmSync(packageFolder, { recursive: true, force: true });
		await run('mv', [unpacked, packageFolder]);
		const manifestPath = path.join(packageFolder, 'package.json');
		const {
			devDependencies: _dev,
			peerDependencies: _peer,
			optionalDependencies: _optional,
			...manifest
		} = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageFolder, env: cleanEnv() },
		);
		installed[name] = String(manifest.version);
		folders.push(packageFolder);
	}
	writeFileSync(
		path.join(nodesFolder, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: installed }, null, 2),
	);
	return folders;
}

/** `npm pack`s another package folder (e.g. the benchmarks' minimal trigger) into `into`. */
async function packFolder(folder: string, into: string): Promise<string> {
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], {
		cwd: folder,
		env: cleanEnv(),
	});
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(into, path.basename(filename));
}

/** The Gaard API credential for the simulator, as n8n's credential import takes it. */
export function simulatorCredential(gaard: GaardSimulator): {
	id: string;
	name: string;
	type: 'gaardApi';
	data: Record<string, string>;
} {
	return {
		...CREDENTIALS.gaard,
		type: 'gaardApi',
		data: { environment: 'custom', baseUrl: gaard.url, accessToken: gaard.token, tenant: '' },
	};
}

/** The credentials the stack imports: Gaard (the simulator, and an expired token), the recorders. */
function stackCredentials(gaard: GaardSimulator, records: Recorder, model: ModelStandIn): object[] {
	const simulator = simulatorCredential(gaard);
	const { jira, mattermost, telegram } = RECORDED_SERVICES;
	return [
		simulator,
		{
			...CREDENTIALS.gaardExpired,
			type: 'gaardApi',
			data: { ...simulator.data, accessToken: 'gaard_pat_expired' },
		},
		{
			...CREDENTIALS.jira,
			type: 'jiraSoftwareServerApi',
			data: { email: jira.user, password: jira.password, domain: records.url },
		},
		{
			...CREDENTIALS.mattermost,
			type: 'mattermostApi',
			data: { accessToken: mattermost.token, baseUrl: records.url },
		},
		{
			...CREDENTIALS.telegram,
			type: 'telegramApi',
			data: { accessToken: telegram.botToken, baseUrl: records.url },
		},
		{ ...CREDENTIALS.openAi, type: 'openAiApi', data: { apiKey: 'sk-stand-in', url: model.url } },
	];
}

/** Creates the data tables the workflows name by placeholder, and sets each in them; returns their ids. */
async function createDataTables(
	n8n: RealN8n,
	workflows: StackWorkflow[],
): Promise<Record<DataTablePlaceholder, string>> {
	const ids = {} as Record<DataTablePlaceholder, string>;
	for (const [placeholder, table] of Object.entries(DATA_TABLES) as Array<
		[DataTablePlaceholder, (typeof DATA_TABLES)[DataTablePlaceholder]]
	>) {
		const using = workflows.filter((workflow) =>
			readFileSync(workflow.file, 'utf8').includes(`"${placeholder}"`),
		);
		if (!using.length) continue;
		ids[placeholder] = await n8n.createDataTable(table.name, table.columns);
		for (const workflow of using) {
			await n8n.updateWorkflowNodes(workflow.id, (nodes) => {
				for (const node of nodes)
					if (node.parameters.dataTableId?.value === placeholder)
						node.parameters.dataTableId = {
							...node.parameters.dataTableId,
							value: ids[placeholder],
						};
			});
		}
	}
	return ids;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const log = options.log ?? (() => {});
	const workFolder = mkdtempSync(path.join(tmpdir(), 'gaard-e2e-'));
	const userFolder = path.join(workFolder, 'n8n');
	const videosFolder = path.join(workFolder, 'videos');
	mkdirSync(videosFolder, { recursive: true });
	for (const name of SAMPLE_VIDEOS) writeFileSync(path.join(videosFolder, name), sampleVideo(name));

	const n8nLogFile = path.join(workFolder, 'n8n.log');
	const n8n = new RealN8n({
		userFolder,
		port: options.n8nPort,
		filesFolder: videosFolder,
		logFile: n8nLogFile,
		env: options.n8nEnv,
		version: options.n8nVersion,
	});
	let simulator: GaardSimulator | undefined;
	let recorder: Recorder | undefined;
	let model: ModelStandIn | undefined;
	const stop = async () => {
		await n8n.stop();
		await simulator?.stop();
		await recorder?.stop();
		await model?.stop();
		if (!options.keepFiles) rmSync(workFolder, { recursive: true, force: true });
	};

	try {
		log('preparing n8n (installs it into the cache on first use: a few minutes)');
		await n8n.prepare();
		const gaard = await startSimulator({
			port: options.simulatorPort ?? 0,
			processingMs: options.processingMs ?? 400,
		});
		simulator = gaard;
		const records = await new Recorder().start(options.recorderPort ?? 0);
		recorder = records;
		const chatModel = await new ModelStandIn().start();
		model = chatModel;

		log(`packing ${PACKAGE_NAME} and installing it into n8n's nodes folder`);
		const extraTarballs = await Promise.all(
			(options.extraPackages ?? []).map((folder) => packFolder(folder, workFolder)),
		);
		const [installedPackage] = await installLikeN8n(
			[await packPackage(workFolder), ...extraTarballs],
			userFolder,
		);

		const credentialsFile = path.join(workFolder, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(stackCredentials(gaard, records, chatModel)));
		const workflowsFolder = path.join(workFolder, 'workflows');
		mkdirSync(workflowsFolder);
		const workflows: StackWorkflow[] = [
			...(options.workflows ?? (Object.keys(WORKFLOWS) as WorkflowKey[])).map((key) => ({
				...WORKFLOWS[key],
				file: path.join(ROOT, WORKFLOWS[key].file),
			})),
			...(options.extraWorkflows ?? []),
		];
		for (const workflow of workflows) {
			writeFileSync(
				path.join(workflowsFolder, path.basename(workflow.file)),
				readFileSync(workflow.file),
			);
		}
		log('importing credentials and workflows with the n8n CLI');
		if (options.credentials !== false) await n8n.importCredentials(credentialsFile);
		if (workflows.length) await n8n.importWorkflows(workflowsFolder);

		log(`starting n8n on ${n8n.url}`);
		await n8n.start();
		const dataTables = await createDataTables(n8n, workflows);
		for (const workflow of workflows)
			if (workflow.publish !== false) await n8n.publish(workflow.id, [...workflow.webhooks]);
		log('workflows published, webhooks registered');

		return {
			n8n,
			simulator: gaard,
			recorder: records,
			model: chatModel,
			videosFolder,
			workFolder,
			n8nLogFile,
			installedPackage,
			dataTables,
			webhookUrl: (key, index = 0) => n8n.webhookUrl(WORKFLOWS[key].webhooks[index]),
			restartN8n: async (env) => {
				await n8n.restart(env);
				for (const workflow of workflows)
					for (const webhookPath of workflow.webhooks) await n8n.waitForWebhook(webhookPath);
			},
			submitVideo: async (name, fields = {}) => {
				const form = new FormData();
				for (const [key, value] of Object.entries(fields)) form.append(key, value);
				form.append(
					'video',
					new Blob([readFileSync(path.join(videosFolder, name))], { type: 'video/mp4' }),
					name,
				);
				const response = await fetch(`${gaard.url}/api/classify`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${gaard.token}` },
					body: form,
				});
				if (response.status !== 202)
					throw new Error(`Gaard simulator answered ${response.status}: ${await response.text()}`);
				return ((await response.json()) as { id: string }).id;
			},
			stop,
		};
	} catch (error) {
		const logTail = existsSync(n8nLogFile)
			? readFileSync(n8nLogFile, 'utf8').split('\n').slice(-40).join('\n')
			: '';
		await stop();
		throw new Error(
			`${(error as Error).stack ?? String(error)}${logTail ? `\n--- n8n log (last lines) ---\n${logTail}` : ''}`,
		);
	}
}
