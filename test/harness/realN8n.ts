/**
 * A real n8n (the cached install, on Node 24) run headless on 127.0.0.1: a temporary user
 * folder, SQLite, telemetry and version checks off. Workflows and credentials are imported with
 * n8n's own CLI (fixed ids), executions are read back through n8n's public API with a key this
 * harness creates. Every process it starts is stopped by `stop()`, or when this process exits.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../helpers/loopback';
import { killAtExit, stopChild } from './childProcesses';

interface InstallN8n {
	ensureN8n: (version: string) => N8nInstall;
	cleanEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
	majorOf: (version: string) => number;
	N8N_VERSION: string;
	N8N_MAJOR: number;
	SUPPORTED_N8N_VERSIONS: string[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const installN8n = require('./install-n8n.js') as InstallN8n;
const { ensureN8n, cleanEnv, majorOf, N8N_VERSION, N8N_MAJOR, SUPPORTED_N8N_VERSIONS } = installN8n;

/** The n8n version this harness runs ($GAARD_N8N_VERSION, else the pinned 2.x), and every version the suite supports. */
export { N8N_MAJOR, N8N_VERSION, SUPPORTED_N8N_VERSIONS };

interface N8nInstall {
	nodeBin: string;
	n8nBin: string;
	n8nModules: string;
}

const run = promisify(execFile);

/**
 * The environment that, given to `restart`, runs n8n with its wall clock `ms` ahead of the
 * machine's (test/harness/n8n-clock-ahead.js).
 */
export const clockAhead = (ms: number): Record<string, string> => ({
	NODE_OPTIONS: `--require ${path.join(__dirname, 'n8n-clock-ahead.js')}`,
	GAARD_N8N_CLOCK_AHEAD_MS: String(ms),
});

export interface Execution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: {
						main: Array<Array<{
							json: any;
							binary?: Record<string, any>;
							pairedItem?: any;
						}> | null>;
					};
					error?: any;
				}>
			>;
			error?: any;
		};
		/** What is still to run: a webhook's execution that no worker ran yet holds its trigger's items here. */
		executionData?: {
			nodeExecutionStack?: Array<{
				node: { name: string };
				data: { main: Array<Array<{ json: any }> | null> };
			}>;
		};
	};
}

export interface N8nOptions {
	userFolder: string;
	port?: number;
	/** Folder the "Read/Write Files from Disk" node may read. */
	filesFolder: string;
	logFile: string;
	env?: Record<string, string>;
	/**
	 * The n8n command this process runs: `start` (the main process, the default), or in queue
	 * mode `webhook` (a webhook processor) or `worker`. Only `start` has the editor's and the
	 * public API; the port of a worker is its health check's.
	 */
	command?: 'start' | 'webhook' | 'worker';
	/** The n8n version to run (default: $GAARD_N8N_VERSION, else the pinned 2.x). */
	version?: string;
}

export class RealN8n {
	readonly owner = {
		email: 'demo@gaard.example',
		password: `Gaard-${randomBytes(6).toString('hex')}-A1`,
	};
	port = 0;
	private install!: N8nInstall;
	private child?: ChildProcess;
	private apiKey = '';
	private session = { cookie: '', browserId: randomBytes(8).toString('hex') };
	private env: NodeJS.ProcessEnv = {};
	/** n8n 1.x: the owner was set up at the first start, in the database the next starts reuse. */
	private ownerSetUp = false;

	readonly version: string;
	/** The version's major line: 1 and 2 differ in how owners, activation and tests are driven. */
	readonly major: number;

	constructor(private readonly options: N8nOptions) {
		this.version = options.version ?? N8N_VERSION;
		this.major = majorOf(this.version);
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The node_modules folder of this n8n's install. */
	get modulesFolder(): string {
		return this.install.n8nModules;
	}

	/** The production URL of a webhook path (`<webhookId>/gaard` for the Gaard Trigger). */
	webhookUrl(webhookPath: string): string {
		return `${this.url}/webhook/${webhookPath}`;
	}

	/** Installs n8n if the cache lacks it, and prepares the environment every n8n command gets. */
	async prepare(): Promise<void> {
		this.install = ensureN8n(this.version);
		this.port = this.options.port ?? (await freePort());
		// n8n's own bcryptjs, resolved from its install.
		const bcrypt = createRequire(path.join(this.install.n8nModules, 'n8n', 'package.json'))(
			'bcryptjs',
		) as { hashSync: (value: string, rounds: number) => string };
		this.env = cleanEnv({
			PATH: `${path.dirname(this.install.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			// Jest sets NODE_ENV=test, with which n8n exits at once, silently.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.options.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			WEBHOOK_URL: `${this.url}/`,
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: this.options.filesFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: this.owner.email,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(this.owner.password, 10),
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Demo',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Operator',
			...(this.command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.port) }
				: {}),
			...this.options.env,
		});
	}

	private get command(): 'start' | 'webhook' | 'worker' {
		return this.options.command ?? 'start';
	}

	/** Runs an n8n CLI command (before `start`, on the same database). */
	async cli(args: string[]): Promise<string> {
		const { stdout } = await run(this.install.nodeBin, [this.install.n8nBin, ...args], {
			env: this.env,
			maxBuffer: 16 * 1024 * 1024,
		});
		return stdout;
	}

	async importCredentials(file: string): Promise<void> {
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(folder: string): Promise<void> {
		await this.cli(['import:workflow', '--separate', `--input=${folder}`]);
	}

	async start(): Promise<void> {
		const log = createWriteStream(this.options.logFile, { flags: 'a' });
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, this.command], {
			env: this.env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		killAtExit(child, true);
		child.stdout?.pipe(log);
		child.stderr?.pipe(log);
		this.child = child;
		const until = Date.now() + 120_000;
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`n8n exited with ${child.exitCode}; see ${this.options.logFile}`);
			try {
				// /healthz answers before the REST API is mounted; the public settings come with it.
				// Webhook processors and workers have no REST API: their /healthz is what there is.
				// While it migrates its database, n8n answers every path 200 with a line of text
				// ("n8n is starting up. Please wait"): only a JSON answer means it is up.
				const answer = await fetch(
					`${this.url}/${this.command === 'start' ? 'rest/settings' : 'healthz'}`,
				);
				if (answer.ok && (answer.headers.get('content-type') ?? '').includes('json')) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > until) throw new Error(`n8n did not start; see ${this.options.logFile}`);
			await sleep(250);
		}
		if (this.command !== 'start') return;
		await this.createApiKey();
		// The public API may be mounted a moment after the editor's.
		while ((await this.publicApi('GET', '/workflows?limit=1')).status === 404) {
			if (Date.now() > until)
				throw new Error(`n8n's public API did not come up; see ${this.options.logFile}`);
			await sleep(250);
		}
	}

	async stop(): Promise<void> {
		await stopChild(this.child, 'SIGTERM');
	}

	/**
	 * Stops n8n and starts it again on the same port and database with these environment
	 * variables changed (undefined: removed), e.g. to run the same workflows under another setting.
	 */
	async restart(env: Record<string, string | undefined>): Promise<void> {
		await this.stop();
		for (const [name, value] of Object.entries(env)) {
			if (value === undefined) delete this.env[name];
			else this.env[name] = value;
		}
		await this.start();
	}

	/**
	 * How many expression isolates (isolated-vm sandboxes of n8n's expression engine) n8n has handed
	 * out since it started: its own count, on /metrics (N8N_METRICS=true).
	 */
	async expressionIsolates(): Promise<number> {
		return await this.metric('n8n_expression_pool_acquired_total');
	}

	/**
	 * A counter from n8n's Prometheus endpoint (/metrics, served when N8N_METRICS=true), summed
	 * over its labels; 0 while n8n has not counted it yet.
	 */
	async metric(name: string): Promise<number> {
		const text = await (await fetch(`${this.url}/metrics`)).text();
		let sum = 0;
		for (const line of text.split('\n')) {
			const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
			if (match?.[1] === name) sum += Number(match[3]);
		}
		return sum;
	}

	/** Where the process's output goes. */
	get logFile(): string {
		return this.options.logFile;
	}

	/** The n8n process's id, while it runs (nodes execute in it in regular mode, in workers in queue mode). */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** Kills the process at once, as a crash or an out-of-memory kill would; resolves once it has exited. */
	async kill(): Promise<void> {
		await stopChild(this.child, 'SIGKILL');
	}

	/** Logs in as the owner (for the editor's REST API) and, at the first start, creates a public API key for this run. */
	private async createApiKey(): Promise<void> {
		const until = Date.now() + 60_000;
		// n8n 1.x has no owner from the environment: the first start's owner setup creates it.
		if (this.major < 2) await this.setUpOwner(until);
		let login: Response;
		// n8n mounts its REST routes one after another while starting: 404 means not yet.
		while (
			(login = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'browser-id': this.session.browserId },
				body: JSON.stringify({
					emailOrLdapLoginId: this.owner.email,
					password: this.owner.password,
				}),
			})).status === 404 &&
			Date.now() < until
		) {
			await sleep(250);
		}
		if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
		this.session.cookie = (login.headers.getSetCookie?.() ?? [])
			.map((value) => value.split(';')[0])
			.join('; ');
		// After a restart, the key made at the first start is still in the database.
		if (this.apiKey) return;
		// The API key routes can also be mounted a moment after the login route.
		const createKey = (body: object): Promise<{ rawApiKey: string }> =>
			this.rest<{ rawApiKey: string }>('POST', '/api-keys', body).catch(async (error: Error) => {
				if (!/: 404 /.test(error.message) || Date.now() > until) throw error;
				await sleep(250);
				return await createKey(body);
			});
		const { rawApiKey } = await createKey({
			label: `gaard-e2e-${this.session.browserId}`,
			expiresAt: null,
			scopes: [
				'workflow:read',
				'workflow:list',
				'workflow:update',
				'workflow:activate',
				'workflow:deactivate',
				'execution:read',
				'execution:list',
				// n8n 1.x's public API has no credential scopes to read or list (nor a credential test).
				...(this.major < 2 ? [] : ['credential:read', 'credential:list', 'execution:retry']),
			],
		});
		this.apiKey = rawApiKey;
	}

	private async setUpOwner(until: number): Promise<void> {
		if (this.ownerSetUp) return;
		for (;;) {
			const setup = await fetch(`${this.url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'browser-id': this.session.browserId },
				body: JSON.stringify({
					email: this.owner.email,
					password: this.owner.password,
					firstName: 'Demo',
					lastName: 'Operator',
				}),
			});
			if (setup.ok) {
				this.ownerSetUp = true;
				return;
			}
			if (setup.status !== 404 || Date.now() > until)
				throw new Error(`n8n owner setup failed: ${setup.status} ${await setup.text()}`);
			await sleep(250);
		}
	}

	/** Calls the editor's REST API (`/rest`) as the logged-in owner; returns its `data`. */
	async rest<T = any>(method: string, restPath: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${restPath}`, {
			method,
			headers: {
				cookie: this.session.cookie,
				'browser-id': this.session.browserId,
				...(body ? { 'Content-Type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n REST ${method} ${restPath}: ${response.status} ${text}`);
		try {
			return (JSON.parse(text) as { data: T }).data;
		} catch {
			throw new Error(
				`n8n REST ${method} ${restPath}: ${response.status}, not JSON: ${text.slice(0, 300)}`,
			);
		}
	}

	/**
	 * A manual run, as the editor starts one from `trigger`: with `data`, the trigger's item as the
	 * editor hands it over (a chat message); without, the trigger runs as its own button makes it (a
	 * webhook trigger then waits for a test event). Returns what n8n answers.
	 */
	private async runFromTrigger(
		workflowId: string,
		trigger: string,
		data?: object,
	): Promise<{ executionId?: string; waitingForWebhook?: boolean }> {
		// n8n 1.x runs the workflow the editor sends; 2.x runs the saved one.
		const workflowData =
			this.major < 2 ? await this.rest('GET', `/workflows/${workflowId}`) : undefined;
		return await this.rest('POST', `/workflows/${workflowId}/run`, {
			...(workflowData ? { workflowData } : {}),
			triggerToStartFrom: {
				name: trigger,
				...(data
					? {
							data: {
								startTime: Date.now(),
								executionTime: 0,
								executionIndex: 0,
								source: [],
								data: { main: [[{ json: data }]] },
							},
						}
					: {}),
			},
		});
	}

	/** What the editor's "Listen for test event" does: registers the trigger's test webhooks. */
	async listenForTestEvent(workflowId: string, triggerName: string): Promise<void> {
		const answer = await this.runFromTrigger(workflowId, triggerName);
		if (!answer.waitingForWebhook)
			throw new Error(`n8n is not waiting for a test event: ${JSON.stringify(answer)}`);
	}

	/** What the editor's Execute workflow does from a trigger that needs no event (a schedule): returns the execution's id. */
	async executeFrom(workflowId: string, trigger: string): Promise<string> {
		const answer = await this.runFromTrigger(workflowId, trigger);
		if (!answer.executionId)
			throw new Error(`n8n started no execution from ${trigger}: ${JSON.stringify(answer)}`);
		return answer.executionId;
	}

	/**
	 * What the editor's chat sends for a message typed in it: n8n runs the workflow from its chat
	 * trigger with the message as the trigger's item, a manual execution. Returns its id.
	 */
	async sendChatMessage(
		workflowId: string,
		chatTrigger: string,
		chatInput: string,
		sessionId = randomBytes(8).toString('hex'),
	): Promise<string> {
		const answer = await this.runFromTrigger(workflowId, chatTrigger, {
			sessionId,
			action: 'sendMessage',
			chatInput,
		});
		if (!answer.executionId)
			throw new Error(`n8n started no execution for the chat message: ${JSON.stringify(answer)}`);
		return answer.executionId;
	}

	/** The id of the owner's personal project, where data tables are made. */
	private async personalProjectId(): Promise<string> {
		return (await this.rest<{ id: string }>('GET', '/projects/personal')).id;
	}

	/** Creates a data table in the owner's project, as the editor's Data tables page does; returns its id. */
	async createDataTable(
		name: string,
		columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>,
	): Promise<string> {
		const table = await this.rest<{ id: string }>(
			'POST',
			`/projects/${await this.personalProjectId()}/data-tables`,
			{ name, columns },
		);
		return table.id;
	}

	/** The rows of a data table, oldest first. */
	async dataTableRows(tableId: string): Promise<Array<Record<string, unknown>>> {
		const { data } = await this.rest<{ data: Array<Record<string, unknown>> }>(
			'GET',
			`/projects/${await this.personalProjectId()}/data-tables/${tableId}/rows?take=1000`,
		);
		return data;
	}

	/** Adds rows to a data table, as a user does on its page. */
	async insertDataTableRows(tableId: string, rows: Array<Record<string, unknown>>): Promise<void> {
		await this.rest(
			'POST',
			`/projects/${await this.personalProjectId()}/data-tables/${tableId}/insert`,
			{ data: rows, returnType: 'id' },
		);
	}

	/** Replaces a workflow's nodes (a user picking a data table, say), through n8n's public API. */
	async updateWorkflowNodes(
		workflowId: string,
		change: (nodes: Array<{ name: string; parameters: Record<string, any> }>) => void,
	): Promise<void> {
		const workflow = await this.api<{
			name: string;
			nodes: Array<{ name: string; parameters: Record<string, any> }>;
			connections: object;
			settings: object;
		}>('GET', `/workflows/${workflowId}`);
		change(workflow.nodes);
		await this.api('PUT', `/workflows/${workflowId}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		});
	}

	/** The test URL of a webhook path. */
	testWebhookUrl(webhookPath: string): string {
		return `${this.url}/webhook-test/${webhookPath}`;
	}

	private async publicApi(method: string, apiPath: string, body?: unknown): Promise<Response> {
		return await fetch(`${this.url}/api/v1${apiPath}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				...(body ? { 'Content-Type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
	}

	/** Calls n8n's public API (`/api/v1`). */
	async api<T = any>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const response = await this.publicApi(method, apiPath, body);
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n API ${method} ${apiPath}: ${response.status} ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** A workflow's static data, as n8n has it saved in its database. */
	async staticData(workflowId: string): Promise<Record<string, any>> {
		const workflow = await this.api<{ staticData?: Record<string, any> | null }>(
			'GET',
			`/workflows/${workflowId}`,
		);
		return workflow.staticData ?? {};
	}

	/** Runs a stored credential's test, as the editor's "Test" button does: `{ status, message }`. */
	async testCredential(credentialId: string): Promise<{ status: string; message: string }> {
		if (this.major >= 2) return await this.api('POST', `/credentials/${credentialId}/test`);
		// n8n 1.x: the editor's own route, with the stored credential (its secrets redacted; n8n
		// fills them back in from its store).
		const credentials = await this.rest<Record<string, unknown>>(
			'GET',
			`/credentials/${credentialId}?includeData=true`,
		);
		return await this.rest('POST', '/credentials/test', { credentials });
	}

	/** Publishes (activates) a workflow, then waits until its webhooks answer. */
	async publish(workflowId: string, webhookPaths: string[] = []): Promise<void> {
		// n8n 1.x activates; 2.x publishes (a workflow's published version is the one that runs).
		await this.api('POST', `/workflows/${workflowId}/${this.major < 2 ? 'activate' : 'publish'}`);
		for (const webhookPath of webhookPaths) await this.waitForWebhook(webhookPath);
	}

	/**
	 * n8n answers OPTIONS (CORS) on a webhook path only once a webhook is registered there. A POST
	 * can still get 404 for a moment after that (seen for up to ~1.5 s under load): a Gaard
	 * Trigger's path (`.../gaard`) and a quirk canary trigger's (`.../quirk-canary`) are also
	 * probed with an empty POST, which both answer without starting anything.
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 30_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		const probes: RequestInit[] = [{ method: 'OPTIONS' }];
		if (webhookPath.endsWith('/gaard') || webhookPath.endsWith('/quirk-canary')) {
			probes.push({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
		}
		for (const probe of probes) {
			while ((await fetch(this.webhookUrl(webhookPath), probe)).status === 404) {
				if (Date.now() > until) throw new Error(`webhook ${webhookPath} was not registered`);
				await sleep(100);
			}
		}
	}

	async executions(workflowId: string): Promise<Execution[]> {
		const { data } = await this.api<{ data: Execution[] }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=250`,
		);
		return data.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Every execution of a workflow, page after page (the public API gives at most 250 a page). */
	async allExecutions(workflowId: string, includeData = true): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const page = await this.api<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=${includeData}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Waits until the workflow has at least `count` finished executions; returns how many it has. */
	async waitForExecutionCount(
		workflowId: string,
		count: number,
		timeoutMs = 300_000,
	): Promise<number> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const finished = (await this.allExecutions(workflowId, false)).filter(
				(execution) => !['new', 'running', 'waiting'].includes(execution.status),
			).length;
			if (finished >= count) return finished;
			if (Date.now() > until)
				throw new Error(`workflow ${workflowId}: ${finished} of ${count} executions finished`);
			await sleep(1000);
		}
	}

	/** Waits until the workflow has at least `count` finished executions, and returns them all. */
	async waitForExecutions(
		workflowId: string,
		count: number,
		{
			timeoutMs = 30_000,
			where = () => true,
		}: { timeoutMs?: number; where?: (execution: Execution) => boolean } = {},
	): Promise<Execution[]> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const executions = (await this.executions(workflowId)).filter(where);
			const done = executions.filter(
				(execution) => !['new', 'running', 'waiting'].includes(execution.status),
			);
			if (done.length >= count) return done;
			if (Date.now() > until) {
				throw new Error(`workflow ${workflowId}: ${done.length} of ${count} executions finished`);
			}
			await sleep(200);
		}
	}
}

/** The items a node output in an execution, by output index: json, binary and pairing. */
export function nodeItems(execution: Execution, nodeName: string, outputIndex = 0): any[] {
	const runs = execution.data?.resultData.runData[nodeName];
	return runs?.[0]?.data?.main[outputIndex] ?? [];
}

/** The json of the items a node output in an execution, by output index. */
export function nodeOutput(execution: Execution, nodeName: string, outputIndex = 0): any[] {
	return nodeItems(execution, nodeName, outputIndex).map((item) => item.json);
}

/**
 * The result id the Gaard Trigger (a node of that name) started an execution with: from the trigger's run, or, for an
 * execution no worker ran to its end (queue mode), from the items queued with it.
 */
export function triggerResultId(execution: Execution): string | undefined {
	const ran = nodeOutput(execution, 'Gaard Trigger')[0]?.id as string | undefined;
	if (ran) return ran;
	const queued = execution.data?.executionData?.nodeExecutionStack?.find(
		(entry) => entry.node.name === 'Gaard Trigger',
	);
	return queued?.data.main[0]?.[0]?.json.id as string | undefined;
}
