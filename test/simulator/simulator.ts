/**
 * A Gaard simulator: a real HTTP server on 127.0.0.1 that implements the API contract
 * (../../nodes/Gaard/transport/contract.ts) the way Gaard behaves, for tests and the demo.
 *
 * - `POST /api/classify` (multipart, consumed as a stream), `?sync=true` waits for the result;
 *   `GET /api/result/{id}` (pending, processing, then done); `GET /api/me`.
 * - Bearer token check (401), tenant header (403 for a tenant the token may not use).
 * - Webhook integrations: target URLs per flow; a final result is POSTed once to each, no retry.
 * - Fault knobs: latency, any status (429 with Retry-After, 500, 503..., optionally echoing the
 *   token), connection reset, malformed JSON, a slow body, silence, a body that drips forever,
 *   a redirect.
 * - A control API under `/_simulator/` for other processes (the CLI, the demo, the e2e).
 */
import { clock as packageClock } from '../../nodes/Gaard/clock';
import Busboy from 'busboy';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

import type { Listening } from '../helpers/loopback';
import { listen } from '../helpers/loopback';
import { classify } from './classifier';

export type Route = 'classify' | 'result' | 'me';

export type Fault =
	| { kind: 'latency'; ms: number }
	/**
	 * Any status. With `echoToken`, the body repeats the request's bearer token in every form a
	 * careless server might: in `error` as sent and URL-encoded, as `code`, and cut short.
	 */
	| {
			kind: 'status';
			status: number;
			retryAfter?: string;
			body?: string;
			contentType?: string;
			echoToken?: boolean;
	  }
	/** `before`: the job is not taken. `after` (classify only): the job is taken, then the connection drops. */
	| { kind: 'reset'; when?: 'before' | 'after' }
	| { kind: 'malformedJson' }
	| { kind: 'slowBody'; ms: number }
	/** The request is read, and never answered. */
	| { kind: 'silence' }
	/** A 200 whose body arrives one byte every `ms`, and never ends. */
	| { kind: 'drip'; ms: number }
	/** A redirect elsewhere. */
	| { kind: 'redirect'; status: 301 | 302 | 307 | 308; location: string };

/** A fault applied to the next `times` requests of `route` (every route when unset). */
export type FaultRule = Fault & { route?: Route; times?: number };

export interface SimulatorOptions {
	port?: number;
	token?: string;
	/** Tenants the token may use; the first is its default. */
	tenants?: string[];
	/** Time from upload to final result. */
	processingMs?: number;
	/** Larger uploads get 413. */
	maxUploadBytes?: number;
	/** Webhook integrations: flow name to target URLs. The flow of a request without one is `default`. */
	webhooks?: Record<string, string[]>;
	/** Called for every request, for tests that want to watch. */
	onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number;
	tenant?: string;
	/** The Accept header, as sent. */
	accept?: string;
	fault?: Fault['kind'];
}

export interface UploadRecord {
	id: string;
	filename: string;
	mimeType: string;
	size: number;
	/** Empty when the simulator only counted the bytes (hashUploads off). */
	sha256: string;
	fields: Record<string, string>;
	tenant: string;
}

export interface DeliveryRecord {
	url: string;
	resultId: string;
	status?: number;
	responseBody?: string;
	error?: string;
	at: string;
}

interface Job {
	result: Record<string, unknown>;
	flow: string;
	tenant: string;
	acceptedAt: number;
	doneAt: number;
	delivered: boolean;
}

export const DEFAULT_FLOW = 'default';

const json = (value: unknown) => JSON.stringify(value);

function objectId(counter: number): string {
	const seconds = Math.floor(Date.now() / 1000)
		.toString(16)
		.padStart(8, '0');
	return `${seconds}${randomBytes(5).toString('hex')}${counter.toString(16).padStart(6, '0')}`.slice(
		0,
		24,
	);
}

/** Local time with its offset, as in Gaard's example (`2024-05-14T16:13:37.156+02:00`). */
function timestamp(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+00:00');
}

export class GaardSimulator {
	readonly token: string;
	readonly tenants: string[];
	processingMs: number;
	maxUploadBytes: number;
	/**
	 * Whether an upload's bytes are hashed (its `sha256`); off, they are only counted, so that the
	 * receiver is not what limits a sender's throughput (the bench's uploads).
	 */
	hashUploads = true;
	readonly webhooks: Map<string, string[]>;
	readonly requests: RequestLogEntry[] = [];
	readonly uploads: UploadRecord[] = [];
	readonly deliveries: DeliveryRecord[] = [];
	/**
	 * The simulator's time (its jobs' phases): the package's clock, so that a job finishes when the
	 * time the nodes see says so, a test's TestClock included; a test may set another.
	 */
	clock: { now(): number } = { now: () => packageClock.now() };
	private readonly jobs = new Map<string, Job>();
	private readonly finishWaiters = new Map<string, Array<() => void>>();
	private faults: Array<FaultRule & { remaining: number }> = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly pendingDeliveries = new Set<Promise<void>>();
	private readonly server: http.Server;
	private listening?: Listening;
	private counter = 0;
	private port: number;

	constructor(private readonly options: SimulatorOptions = {}) {
		this.token = options.token ?? `gaard_sim_${randomBytes(12).toString('hex')}`;
		this.tenants = options.tenants ?? ['acme_prod', 'acme_staging'];
		this.processingMs = options.processingMs ?? 300;
		this.maxUploadBytes = options.maxUploadBytes ?? Number.POSITIVE_INFINITY;
		this.webhooks = new Map(Object.entries(options.webhooks ?? {}));
		this.port = options.port ?? 0;
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) this.send(res, 500, { error: String(error), code: 'simulator' });
				else res.destroy();
			});
		});
		// Keep-alive sockets would hold `stop()` open.
		this.server.keepAliveTimeout = 1000;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		this.listening = await listen(this.server, this.port);
		this.port = this.listening.port;
		return this;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await Promise.allSettled([...this.pendingDeliveries]);
		await this.listening?.close();
	}

	/** Sets the webhook integrations of a flow (replacing its list). */
	setWebhooks(urls: string[], flow = DEFAULT_FLOW): void {
		this.webhooks.set(flow, [...urls]);
	}

	addFault(rule: FaultRule): void {
		this.faults.push({ ...rule, remaining: rule.times ?? 1 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	/** Resolves when every webhook delivery started so far has finished. */
	async settled(): Promise<void> {
		while (this.pendingDeliveries.size) await Promise.allSettled([...this.pendingDeliveries]);
	}

	/** API requests under way now (each is logged in `requests` when it closes). */
	openRequests = 0;

	/**
	 * Requests the simulator holds open without answering them whole: silence and a dripping body
	 * until the client gives up, a sync upload until its job is done.
	 */
	heldRequests = 0;

	/** `POST /api/classify` requests under way now, and the most there were at once. */
	uploadsInFlight = 0;
	maxUploadsInFlight = 0;

	/** Resolves once job `id` is done (its processing time over), at once if it already is. */
	async finished(id: string): Promise<void> {
		const job = this.jobs.get(id);
		if (!job) throw new Error(`the simulator has no job ${id}`);
		if (job.delivered || this.clock.now() >= job.doneAt) return;
		await new Promise<void>((resolve) =>
			this.finishWaiters.set(id, [...(this.finishWaiters.get(id) ?? []), resolve]),
		);
	}

	/** Finishes job `id` now, as if its processing time were over, and delivers its result. */
	async finishNow(id: string): Promise<void> {
		const job = this.jobs.get(id);
		if (!job) throw new Error(`the simulator has no job ${id}`);
		await this.deliver(job);
	}

	/** Work the simulator has scheduled and not done yet: finishing jobs, slow answers' pieces. */
	get scheduledWork(): number {
		return this.timers.size;
	}

	/** The number of classification jobs Gaard took. */
	get jobCount(): number {
		return this.jobs.size;
	}

	/**
	 * Stores a final result as if Gaard had just produced it (its id and tenant kept), and
	 * delivers it to the flow's webhooks.
	 */
	async publishResult(result: Record<string, unknown>, flow = DEFAULT_FLOW): Promise<void> {
		const now = this.clock.now();
		const id = String(result.id ?? objectId(++this.counter));
		const job: Job = {
			result: { ...result, id },
			flow,
			tenant: String(result.tenant ?? this.tenants[0]),
			acceptedAt: now,
			doneAt: now,
			delivered: false,
		};
		this.jobs.set(id, job);
		await this.deliver(job);
	}

	/** Waits until a webhook delivery for the result has been recorded. */
	async waitForDelivery(resultId: string, timeoutMs = 10_000): Promise<DeliveryRecord[]> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			await this.settled();
			const found = this.deliveries.filter((delivery) => delivery.resultId === resultId);
			if (found.length) return found;
			if (Date.now() > until) throw new Error(`no webhook delivery for ${resultId}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	// ---- HTTP handling ----

	private takeFault(route: Route | 'control'): Fault | undefined {
		if (route === 'control') return undefined;
		const rule = this.faults.find(
			(fault) => fault.remaining > 0 && (!fault.route || fault.route === route),
		);
		if (!rule) return undefined;
		rule.remaining -= 1;
		if (rule.remaining <= 0) this.faults = this.faults.filter((fault) => fault !== rule);
		const { route: _route, times: _times, remaining: _remaining, ...fault } = rule;
		return fault as Fault;
	}

	private log(entry: RequestLogEntry): void {
		this.requests.push(entry);
		this.options.onRequest?.(entry);
	}

	private send(
		res: http.ServerResponse,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
		slowMs = 0,
	): void {
		const text = typeof body === 'string' ? body : json(body);
		res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		if (slowMs <= 0) {
			res.end(text);
			return;
		}
		// A slow body: the answer arrives in ten pieces over `slowMs`.
		const pieces = 10;
		const size = Math.ceil(text.length / pieces);
		let index = 0;
		const next = () => {
			if (res.destroyed) return;
			res.write(text.slice(index * size, (index + 1) * size));
			index += 1;
			if (index >= pieces) res.end();
			else this.later(next, slowMs / pieces);
		};
		next();
	}

	private later(fn: () => void, ms: number): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	private routeOf(method: string, path: string): Route | 'control' | undefined {
		if (path.startsWith('/_simulator')) return 'control';
		if (method === 'POST' && path === '/api/classify') return 'classify';
		if (method === 'GET' && /^\/api\/result\/[^/]+$/.test(path)) return 'result';
		if (method === 'GET' && path === '/api/me') return 'me';
		return undefined;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.url);
		const method = req.method ?? 'GET';
		const route = this.routeOf(method, url.pathname);
		const tenantHeader = req.headers['x-gaard-tenant'];
		const tenant =
			(Array.isArray(tenantHeader) ? tenantHeader[0] : tenantHeader) ?? this.tenants[0];
		let status = 0;
		const respond = (code: number, body: unknown, headers?: Record<string, string>, slowMs = 0) => {
			status = code;
			this.send(res, code, body, headers, slowMs);
		};

		if (route === 'control') {
			await this.handleControl(req, url, respond);
			return;
		}

		const fault = route ? this.takeFault(route) : undefined;
		const logEntry = () =>
			this.log({
				method,
				path: url.pathname,
				status,
				tenant,
				accept: req.headers.accept,
				fault: fault?.kind,
			});
		this.openRequests++;
		res.on('close', () => {
			this.openRequests--;
			logEntry();
		});
		if (route === 'classify') {
			this.uploadsInFlight++;
			this.maxUploadsInFlight = Math.max(this.maxUploadsInFlight, this.uploadsInFlight);
			res.on('close', () => this.uploadsInFlight--);
		}

		if (fault?.kind === 'latency')
			await new Promise((resolve) => this.later(() => resolve(undefined), fault.ms));

		if (!route) {
			respond(404, { error: `no route ${method} ${url.pathname}`, code: 'not_found' });
			return;
		}
		if (req.headers.authorization !== `Bearer ${this.token}`) {
			await drain(req);
			respond(401, { error: 'invalid or expired token', code: 'unauthorized' });
			return;
		}
		if (!this.tenants.includes(tenant)) {
			await drain(req);
			respond(403, { error: `token has no access to tenant ${tenant}`, code: 'forbidden' });
			return;
		}

		if (fault?.kind === 'status') {
			await drain(req);
			const headers: Record<string, string> = {};
			if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
			if (fault.contentType) headers['Content-Type'] = fault.contentType;
			const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			const echo = {
				error: `token ${token} (${encodeURIComponent(token)}) rejected; first part ${token.slice(0, 12)}`,
				code: token,
			};
			respond(
				fault.status,
				fault.body ??
					(fault.echoToken ? echo : { error: `simulated ${fault.status}`, code: 'simulated' }),
				headers,
			);
			return;
		}
		if (fault?.kind === 'silence' || fault?.kind === 'drip') {
			// Held open until the client gives up: a test moves the client's clock on to its time limit.
			this.heldRequests++;
			res.on('close', () => this.heldRequests--);
		}
		if (fault?.kind === 'silence') {
			await drain(req);
			return;
		}
		if (fault?.kind === 'drip') {
			await drain(req);
			res.writeHead(200, { 'Content-Type': 'application/json' });
			const drip = () => {
				if (res.destroyed) return;
				res.write(' ');
				this.later(drip, fault.ms);
			};
			drip();
			return;
		}
		if (fault?.kind === 'redirect') {
			await drain(req);
			respond(fault.status, '', { Location: fault.location });
			return;
		}
		// Only an upload is taken before an answer: on any other route, `after` is the same as `before`.
		if (fault?.kind === 'reset' && (fault.when !== 'after' || route !== 'classify')) {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'malformedJson') {
			await drain(req);
			respond(
				route === 'classify' ? 202 : 200,
				'{"id": "6662f5c1f897618de43f0bbd", "status": {"classify": ',
			);
			return;
		}
		const slowMs = fault?.kind === 'slowBody' ? fault.ms : 0;

		if (route === 'me') {
			respond(200, { tenant, tenants: this.tenants, name: 'n8n simulator token' }, {}, slowMs);
			return;
		}
		if (route === 'result') {
			const id = decodeURIComponent(url.pathname.slice('/api/result/'.length));
			const job = this.jobs.get(id);
			if (!job || job.tenant !== tenant) {
				respond(404, { error: `result ${id} not found`, code: 'not_found' });
				return;
			}
			respond(200, this.view(job), {}, slowMs);
			return;
		}

		// route === 'classify'
		const upload = await this.receiveUpload(req, tenant);
		if ('error' in upload) {
			respond(upload.status, { error: upload.error, code: upload.code });
			return;
		}
		const job = this.accept(upload);
		if (fault?.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (url.searchParams.get('sync') === 'true') {
			// Held until the job is done, which only time brings: a test may move the client's clock to its limit meanwhile.
			this.heldRequests++;
			res.on('close', () => this.heldRequests--);
			await new Promise((resolve) =>
				this.later(() => resolve(undefined), Math.max(0, job.doneAt - this.clock.now())),
			);
			this.finish(job);
			respond(200, this.view(job), {}, slowMs);
			return;
		}
		respond(202, this.view(job), {}, slowMs);
	}

	private async handleControl(
		req: http.IncomingMessage,
		url: URL,
		respond: (code: number, body: unknown) => void,
	): Promise<void> {
		const parts = url.pathname.split('/').filter(Boolean).slice(1);
		const body = req.method === 'GET' ? undefined : await readJson(req);
		if (req.method === 'GET' && parts.length === 0) {
			respond(200, {
				url: this.url,
				token: this.token,
				tenants: this.tenants,
				processingMs: this.processingMs,
				webhooks: Object.fromEntries(this.webhooks),
				jobs: this.jobs.size,
				uploads: this.uploads,
				deliveries: this.deliveries,
			});
		} else if (req.method === 'PUT' && parts[0] === 'webhooks') {
			const urls = (body as { urls?: string[] })?.urls ?? [];
			this.setWebhooks(urls, parts[1] ?? DEFAULT_FLOW);
			respond(200, { ok: true, flow: parts[1] ?? DEFAULT_FLOW, urls });
		} else if (req.method === 'POST' && parts[0] === 'faults') {
			this.addFault(body as FaultRule);
			respond(200, { ok: true });
		} else if (req.method === 'DELETE' && parts[0] === 'faults') {
			this.clearFaults();
			respond(200, { ok: true });
		} else if (req.method === 'POST' && parts[0] === 'results') {
			const flow = url.searchParams.get('flow') ?? DEFAULT_FLOW;
			await this.publishResult(body as Record<string, unknown>, flow);
			respond(200, {
				ok: true,
				deliveries: this.deliveries.filter((d) => d.resultId === (body as { id?: string }).id),
			});
		} else {
			respond(404, { error: 'unknown control route' });
		}
	}

	private receiveUpload(
		req: http.IncomingMessage,
		tenant: string,
	): Promise<UploadRecord | { status: number; error: string; code: string }> {
		return new Promise((resolve) => {
			let busboy: Busboy.Busboy;
			try {
				busboy = Busboy({ headers: req.headers, limits: { fields: 50, fieldSize: 1024 * 1024 } });
			} catch {
				void drain(req).then(() =>
					resolve({ status: 400, error: 'expected multipart/form-data', code: 'bad_request' }),
				);
				return;
			}
			const fields: Record<string, string> = {};
			let file: Omit<UploadRecord, 'id' | 'fields' | 'tenant'> | undefined;
			let tooLarge = false;
			let fileDone: Promise<void> = Promise.resolve();
			busboy.on('field', (name, value) => {
				fields[name] = value;
			});
			busboy.on('file', (name, stream, info) => {
				if (name !== 'video' || file) {
					stream.resume();
					return;
				}
				// Bytes are hashed and counted as they pass, never kept: memory stays flat.
				const hash = this.hashUploads ? createHash('sha256') : undefined;
				let size = 0;
				fileDone = new Promise((done) => {
					stream.on('data', (chunk: Buffer) => {
						size += chunk.length;
						if (size > this.maxUploadBytes) tooLarge = true;
						else hash?.update(chunk);
					});
					stream.on('end', () => {
						file = {
							filename: info.filename ?? 'video',
							mimeType: info.mimeType,
							size,
							sha256: hash?.digest('hex') ?? '',
						};
						done();
					});
				});
			});
			busboy.on('error', (error: Error) => {
				req.unpipe(busboy);
				void drain(req).then(() =>
					resolve({
						status: 400,
						error: `bad multipart body: ${error.message}`,
						code: 'bad_request',
					}),
				);
			});
			busboy.on('close', () => {
				void fileDone.then(() => {
					if (tooLarge)
						resolve({
							status: 413,
							error: `video larger than ${this.maxUploadBytes} bytes`,
							code: 'too_large',
						});
					else if (!file)
						resolve({ status: 400, error: 'missing the video file part', code: 'bad_request' });
					else if (fields.metadata !== undefined && !isJsonObject(fields.metadata))
						resolve({ status: 400, error: 'metadata must be a JSON object', code: 'bad_request' });
					else resolve({ ...file, id: objectId(++this.counter), fields, tenant });
				});
			});
			req.pipe(busboy);
		});
	}

	private accept(upload: UploadRecord): Job {
		this.uploads.push(upload);
		const now = this.clock.now();
		const metadata: Record<string, unknown> = upload.fields.metadata
			? JSON.parse(upload.fields.metadata)
			: {};
		const cameraId = upload.fields.camera_id ?? (metadata.camera_id as string | undefined);
		const siteField = upload.fields.site_id ?? (metadata.site_id as string | number | undefined);
		if (cameraId !== undefined) metadata.camera_id = cameraId;
		// Gaard's example carries a numeric site id: numeric-looking ids come back as numbers.
		if (siteField !== undefined)
			metadata.site_id = /^\d+$/.test(String(siteField)) ? Number(siteField) : siteField;
		const analyseId = upload.fields.analyse_id;
		const verdict = classify(upload.filename, upload.sha256);
		const result: Record<string, unknown> = {
			id: upload.id,
			status: { classify: 'done', video: 'done' },
			parent_id: '000000000000000000000000',
			camera_id: [metadata.site_id, cameraId].filter((part) => part !== undefined).join('-'),
			analyse_id: analyseId !== undefined && /^\d+$/.test(analyseId) ? Number(analyseId) : 0,
			tenant: upload.tenant,
			duration: this.processingMs * 1000,
			duration_seconds: Math.round(this.processingMs / 1000),
			model: 'simulator',
			version: '2.0.0-sim',
			error_code: verdict.errorCode,
			error_msg: verdict.errorMsg,
			risk: verdict.risk,
			labels: verdict.labels,
			result: verdict.result,
			scores: verdict.scores,
			video: {
				videoname: upload.filename,
				filename: upload.filename,
				filesize: upload.size,
				specs: {
					height: 320,
					'original.width': 640,
					duration: Math.round((upload.size / 186_000) * 1000) / 1000,
					fps: 3.08,
					nframes: 13,
					'original.fps': 3,
					'original.height': 360,
					'original.nframes': 12,
					width: 568,
				},
			},
			metadata,
			created_at: timestamp(now),
			started_at: timestamp(now),
		};
		const job: Job = {
			result,
			flow: upload.fields.flow || DEFAULT_FLOW,
			tenant: upload.tenant,
			acceptedAt: now,
			doneAt: now + this.processingMs,
			delivered: false,
		};
		this.jobs.set(upload.id, job);
		this.later(() => void this.deliver(job), this.processingMs);
		return job;
	}

	/** The result as Gaard shows it now: pending, then processing, then the final result. */
	private view(job: Job): Record<string, unknown> {
		const now = this.clock.now();
		if (now >= job.doneAt) return job.result;
		const state =
			now - job.acceptedAt < (job.doneAt - job.acceptedAt) / 2 ? 'pending' : 'processing';
		return {
			id: job.result.id,
			status: { classify: state, video: state },
			tenant: job.tenant,
			camera_id: job.result.camera_id,
			metadata: job.result.metadata,
			created_at: job.result.created_at,
		};
	}

	/**
	 * Marks a job done now that its timer fired: a timer may fire a millisecond before the wall
	 * clock reaches `doneAt`, and the job must not look unfinished after that.
	 */
	private finish(job: Job): void {
		job.doneAt = Math.min(job.doneAt, this.clock.now());
		const id = String(job.result.id);
		for (const resolve of this.finishWaiters.get(id) ?? []) resolve();
		this.finishWaiters.delete(id);
	}

	private deliver(job: Job): Promise<void> {
		if (job.delivered) return Promise.resolve();
		job.delivered = true;
		this.finish(job);
		const payload = json(this.view(job));
		const urls = this.webhooks.get(job.flow) ?? [];
		const runs = urls.map(async (url) => {
			const record: DeliveryRecord = {
				url,
				resultId: String(job.result.id),
				at: new Date().toISOString(),
			};
			try {
				// One POST, no retry, whatever the answer: Gaard's delivery is best effort.
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: payload,
					signal: AbortSignal.timeout(10_000),
				});
				record.status = response.status;
				record.responseBody = await response.text();
			} catch (error) {
				record.error = error instanceof Error ? error.message : String(error);
			}
			this.deliveries.push(record);
		});
		const all = Promise.all(runs).then(() => undefined);
		this.pendingDeliveries.add(all);
		void all.finally(() => this.pendingDeliveries.delete(all));
		return all;
	}
}

function isJsonObject(text: string): boolean {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value);
	} catch {
		return false;
	}
}

function drain(req: http.IncomingMessage): Promise<void> {
	return new Promise((resolve) => {
		if (req.readableEnded) {
			resolve();
			return;
		}
		req.on('end', () => resolve());
		req.on('error', () => resolve());
		req.on('close', () => resolve());
		req.resume();
	});
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? JSON.parse(text) : undefined;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<GaardSimulator> {
	return new GaardSimulator(options).start();
}
