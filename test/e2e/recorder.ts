/**
 * Small recording servers on 127.0.0.1 that stand in for a ticketing system (Jira Server's
 * REST API) and chats (Mattermost's REST API; Telegram's Bot API, whose credential takes a base
 * URL), as far as n8n's own Jira, Mattermost and Telegram nodes use them to create an issue, post
 * a message and send a video. Every request is kept for assertions.
 */
import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	authorization?: string;
	body: any;
}

export interface JiraIssue {
	key: string;
	fields: { summary: string; description?: string; labels?: string[]; project: { id: string }; issuetype: { id: string } };
}

export interface MattermostPost {
	id: string;
	channel_id: string;
	message: string;
}

/** A video sent to a Telegram chat: its fields, and the file as received. */
export interface TelegramVideo {
	fields: Record<string, string>;
	fileName: string;
	mimeType: string;
	size: number;
	sha256: string;
}

export class Recorder {
	readonly requests: RecordedRequest[] = [];
	readonly issues: JiraIssue[] = [];
	readonly posts: MattermostPost[] = [];
	readonly videos: TelegramVideo[] = [];
	private readonly server = http.createServer((req, res) => this.handle(req, res));
	private port = 0;

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(port = 0): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		if (req.method === 'POST' && /^\/bot[^/]+\/sendVideo$/.test((req.url ?? '').split('?')[0])) {
			this.receiveTelegramVideo(req, res);
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				// kept as text
			}
			const path = (req.url ?? '/').split('?')[0];
			this.requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization, body });
			const send = (status: number, value: unknown) => {
				res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
			};
			if (req.method === 'GET' && path === '/rest/api/2/issuetype') {
				send(200, [
					{ id: '10001', name: 'Incident', subtask: false },
					{ id: '10002', name: 'Sub-task', subtask: true },
				]);
			} else if (req.method === 'POST' && path === '/rest/api/2/issue') {
				const issue = { key: `SEC-${this.issues.length + 1}`, fields: (body as { fields: JiraIssue['fields'] }).fields };
				this.issues.push(issue);
				send(201, { id: String(10000 + this.issues.length), key: issue.key, self: `${this.url}/rest/api/2/issue/${issue.key}` });
			} else if (req.method === 'POST' && path === '/api/v4/posts') {
				const { channel_id, message } = body as { channel_id: string; message: string };
				const post = { id: `post${this.posts.length + 1}`, channel_id, message };
				this.posts.push(post);
				send(201, { ...post, create_at: Date.now() });
			} else {
				send(404, { error: `the recorder does not serve ${req.method} ${path}` });
			}
		});
	}

	/** Telegram's `sendVideo` as a multipart upload: the file is hashed as it streams in. */
	private receiveTelegramVideo(req: http.IncomingMessage, res: http.ServerResponse): void {
		const fields: Record<string, string> = {};
		const video: Omit<TelegramVideo, 'fields'> = { fileName: '', mimeType: '', size: 0, sha256: '' };
		const busboy = Busboy({ headers: req.headers });
		busboy.on('field', (name, value) => (fields[name] = value));
		busboy.on('file', (_name, stream, info) => {
			const hash = createHash('sha256');
			Object.assign(video, { fileName: info.filename, mimeType: info.mimeType });
			stream.on('data', (chunk: Buffer) => {
				video.size += chunk.length;
				hash.update(chunk);
			});
			stream.on('end', () => (video.sha256 = hash.digest('hex')));
		});
		busboy.on('close', () => {
			this.requests.push({ method: 'POST', path: '/bot<token>/sendVideo', body: fields });
			this.videos.push({ fields, ...video });
			const message = { message_id: this.videos.length, chat: { id: Number(fields.chat_id) }, caption: fields.caption };
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, result: message }));
		});
		req.pipe(busboy);
	}
}
