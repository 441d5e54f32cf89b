/**
 * Small servers on 127.0.0.1 that stand in for a ticketing system (Jira Server's REST API v2) and
 * chats (Mattermost's REST API v4; Telegram's Bot API, whose credential takes a base URL), as far
 * as n8n's own Jira, Mattermost and Telegram nodes use them to create an issue, post a message and
 * send a video. Each checks a request as its service would, and answers one the service would
 * refuse with the service's own status and error body: an example workflow that would fail
 * against the real service fails against these too, and `refused` says why. What they accept is
 * kept for assertions.
 */
import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import http from 'node:http';

import type { Listening } from '../helpers/loopback';
import { listen } from '../helpers/loopback';

export interface RecordedRequest {
	method: string;
	path: string;
	authorization?: string;
	body: any;
}

export interface JiraIssue {
	key: string;
	fields: {
		summary: string;
		description?: string;
		labels?: string[];
		project: { id?: string; key?: string };
		issuetype: { id?: string; name?: string };
	};
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

/** A request a real service would have refused: what it was, and the service's answer. */
export interface RefusedRequest {
	service: 'jira' | 'mattermost' | 'telegram' | 'unknown';
	request: string;
	status: number;
	answer: unknown;
}

/** What the stand-ins hold, as the examples and the stack's credentials name it. */
export const RECORDED_SERVICES = {
	jira: {
		user: 'alarms@example.com',
		password: 'recorder',
		projects: [{ id: '10000', key: 'SEC' }],
		issueTypes: [
			{ id: '10001', name: 'Incident', subtask: false },
			{ id: '10002', name: 'Sub-task', subtask: true },
		],
	},
	mattermost: {
		token: 'recorder-token',
		/** Mattermost's channel ids are 26 lower-case letters and digits. */
		channels: { '4xp9z1kq6bfd8mjy3ec7wrtn5h': 'security-alarms' } as Record<string, string>,
	},
	telegram: { botToken: '123456:recorder-bot', chats: ['-1001234567890'] },
} as const;

/** Jira's create-issue fields a default create screen offers; any other is refused. */
const JIRA_CREATE_FIELDS = new Set([
	'project',
	'issuetype',
	'summary',
	'description',
	'labels',
	'priority',
	'assignee',
	'reporter',
	'duedate',
	'components',
]);
const MATTERMOST_ID = /^[a-z0-9]{26}$/;
const MATTERMOST_MAX_MESSAGE = 16_383;
const TELEGRAM_MAX_CAPTION = 1024;
const TELEGRAM_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

type Answer = { status: number; body: unknown };

/** Jira's answer to a field error: 400 with the errors by field. */
const jiraErrors = (errors: Record<string, string>): Answer => ({
	status: 400,
	body: { errorMessages: [], errors },
});

/** Whether a Jira reference (`{ id }`, or `{ key }` / `{ name }`) names one of the known entries, as Jira matches it. */
function namesOneOf<Alias extends string>(
	reference: unknown,
	known: ReadonlyArray<{ id: string } & Record<Alias, string>>,
	alias: Alias,
): boolean {
	const given = reference as Partial<Record<'id' | Alias, unknown>> | undefined;
	return known.some(
		(entry) =>
			(given?.id !== undefined && given.id === entry.id) ||
			(given?.[alias] !== undefined && given[alias] === entry[alias]),
	);
}

/** Why Jira would refuse to create this issue, or undefined when it would create it. */
export function jiraCreateRefusal(body: unknown): Answer | undefined {
	const fields = (body as { fields?: unknown } | undefined)?.fields;
	if (!fields || typeof fields !== 'object' || Array.isArray(fields))
		return {
			status: 400,
			body: { errorMessages: ["Can not deserialize instance of the issue's fields"], errors: {} },
		};
	const given = fields as Record<string, unknown>;
	const errors: Record<string, string> = {};
	for (const name of Object.keys(given)) {
		if (!JIRA_CREATE_FIELDS.has(name))
			errors[name] =
				`Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
	}
	if (!namesOneOf(given.project, RECORDED_SERVICES.jira.projects, 'key')) {
		errors.project = 'valid project is required';
	}
	const type = given.issuetype;
	if (!namesOneOf(type, RECORDED_SERVICES.jira.issueTypes, 'name')) {
		errors.issuetype = type ? 'valid issue type is required' : 'issue type is required';
	}
	const { summary, description, labels } = given;
	if (typeof summary !== 'string' || !summary.trim())
		errors.summary = 'You must specify a summary of the issue.';
	else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
	else if (/[\r\n]/.test(summary))
		errors.summary = 'The summary is invalid because it contains newline characters.';
	if (description !== undefined && typeof description !== 'string')
		errors.description = 'Operation value must be a string';
	if (labels !== undefined) {
		if (!Array.isArray(labels)) errors.labels = 'data was not an array';
		else if (labels.some((label) => typeof label !== 'string'))
			errors.labels = 'Operation value must be a string';
		else {
			const bad = labels.find((label: string) => /\s/.test(label) || !label || label.length > 255);
			if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
		}
	}
	return Object.keys(errors).length ? jiraErrors(errors) : undefined;
}

/** Mattermost's error body. */
const mattermostError = (status: number, id: string, message: string): Answer => ({
	status,
	body: { id, message, detailed_error: '', request_id: 'recorder', status_code: status },
});

/** Why Mattermost would refuse this post, or undefined when it would create it. */
export function mattermostPostRefusal(body: unknown): Answer | undefined {
	const post = body as
		| {
				channel_id?: unknown;
				message?: unknown;
				props?: unknown;
				file_ids?: unknown;
				root_id?: unknown;
		  }
		| undefined;
	if (!post || typeof post !== 'object')
		return mattermostError(
			400,
			'api.context.invalid_body_param.app_error',
			'Invalid or missing post in request body.',
		);
	if (typeof post.channel_id !== 'string' || !MATTERMOST_ID.test(post.channel_id)) {
		return mattermostError(
			400,
			'api.context.invalid_body_param.app_error',
			'Invalid or missing channel_id in request body.',
		);
	}
	if (
		!Object.prototype.hasOwnProperty.call(RECORDED_SERVICES.mattermost.channels, post.channel_id)
	) {
		return mattermostError(
			403,
			'api.context.permissions.app_error',
			'You do not have the appropriate permissions.',
		);
	}
	if (
		post.root_id !== undefined &&
		post.root_id !== '' &&
		!(typeof post.root_id === 'string' && MATTERMOST_ID.test(post.root_id))
	) {
		return mattermostError(400, 'model.post.is_valid.root_id.app_error', 'Invalid root id.');
	}
	if (post.message !== undefined && typeof post.message !== 'string')
		return mattermostError(
			400,
			'api.context.invalid_body_param.app_error',
			'Invalid or missing post in request body.',
		);
	const message = (post.message as string | undefined) ?? '';
	if ([...message].length > MATTERMOST_MAX_MESSAGE)
		return mattermostError(
			400,
			'model.post.is_valid.message_length.app_error',
			'Message property is longer than the maximum permitted length.',
		);
	const attachments = (post.props as { attachments?: unknown[] } | undefined)?.attachments;
	const files = Array.isArray(post.file_ids) ? post.file_ids : [];
	if (!message.trim() && !attachments?.length && !files.length)
		return mattermostError(
			400,
			'api.post.create_post.message_empty.app_error',
			'Unable to create post, message is empty.',
		);
	if (files.length > 10)
		return mattermostError(400, 'model.post.is_valid.file_ids.app_error', 'Invalid file ids.');
	return undefined;
}

/** The Bot API's error body. */
const telegramError = (status: number, description: string): Answer => ({
	status,
	body: { ok: false, error_code: status, description },
});

/** Why Telegram would refuse this sendVideo, or undefined when it would send it. */
export function telegramSendVideoRefusal(
	fields: Record<string, string>,
	video: { size: number } | undefined,
): Answer | undefined {
	const chat = fields.chat_id;
	if (chat === undefined || chat === '') return telegramError(400, 'Bad Request: chat_id is empty');
	if (!/^-?\d+$/.test(chat) && !/^@\w{5,}$/.test(chat))
		return telegramError(400, 'Bad Request: chat not found');
	if (!(RECORDED_SERVICES.telegram.chats as readonly string[]).includes(chat))
		return telegramError(400, 'Bad Request: chat not found');
	if (!video && !fields.video)
		return telegramError(400, 'Bad Request: there is no video in the request');
	if (video && video.size > TELEGRAM_MAX_UPLOAD_BYTES)
		return telegramError(413, 'Request Entity Too Large');
	if (
		fields.parse_mode !== undefined &&
		!['MarkdownV2', 'HTML', 'Markdown'].includes(fields.parse_mode)
	) {
		return telegramError(400, `Bad Request: unsupported parse_mode`);
	}
	if ([...(fields.caption ?? '')].length > TELEGRAM_MAX_CAPTION)
		return telegramError(400, 'Bad Request: message caption is too long');
	for (const flag of [
		'disable_notification',
		'supports_streaming',
		'has_spoiler',
		'protect_content',
	]) {
		if (fields[flag] !== undefined && !['true', 'false'].includes(fields[flag]))
			return telegramError(400, `Bad Request: invalid ${flag} value`);
	}
	return undefined;
}

export class Recorder {
	readonly requests: RecordedRequest[] = [];
	readonly issues: JiraIssue[] = [];
	readonly posts: MattermostPost[] = [];
	readonly videos: TelegramVideo[] = [];
	/** The requests a real service would have refused, with its answer. */
	readonly refused: RefusedRequest[] = [];
	private listening?: Listening;

	get url(): string {
		return this.listening!.url;
	}

	async start(port = 0): Promise<this> {
		this.listening = await listen((req, res) => this.handle(req, res), port);
		return this;
	}

	async stop(): Promise<void> {
		await this.listening?.close();
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const path = (req.url ?? '/').split('?')[0];
		const telegram = /^\/bot([^/]+)\/sendVideo$/.exec(path);
		if (req.method === 'POST' && telegram) {
			this.receiveTelegramVideo(req, res, decodeURIComponent(telegram[1]));
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
			const request = `${req.method} ${path}`;
			this.requests.push({
				method: req.method ?? 'GET',
				path,
				authorization: req.headers.authorization,
				body,
			});
			const send = ({ status, body: answer }: Answer) =>
				res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
			const refuse = (service: RefusedRequest['service'], answer: Answer) => {
				this.refused.push({ service, request, status: answer.status, answer: answer.body });
				send(answer);
			};
			if (path.startsWith('/rest/api/2/')) {
				const { user, password } = RECORDED_SERVICES.jira;
				if (
					req.headers.authorization !==
					`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
				) {
					refuse('jira', {
						status: 401,
						body: {
							errorMessages: [
								'You are not authenticated. Authentication required to perform this operation.',
							],
							errors: {},
						},
					});
				} else if (req.method === 'GET' && path === '/rest/api/2/issuetype') {
					send({ status: 200, body: RECORDED_SERVICES.jira.issueTypes });
				} else if (req.method === 'POST' && path === '/rest/api/2/issue') {
					const refusal = jiraCreateRefusal(body);
					if (refusal) return refuse('jira', refusal);
					const key = `SEC-${this.issues.length + 1}`;
					this.issues.push({ key, fields: (body as { fields: JiraIssue['fields'] }).fields });
					send({
						status: 201,
						body: {
							id: String(10000 + this.issues.length),
							key,
							self: `${this.url}/rest/api/2/issue/${key}`,
						},
					});
				} else {
					refuse('jira', {
						status: 404,
						body: { errorMessages: [`The recorder does not serve ${request}`], errors: {} },
					});
				}
			} else if (path.startsWith('/api/v4/')) {
				if (req.headers.authorization !== `Bearer ${RECORDED_SERVICES.mattermost.token}`) {
					refuse(
						'mattermost',
						mattermostError(
							401,
							'api.context.session_expired.app_error',
							'Invalid or expired session, please login again.',
						),
					);
				} else if (req.method === 'POST' && path === '/api/v4/posts') {
					const refusal = mattermostPostRefusal(body);
					if (refusal) return refuse('mattermost', refusal);
					const { channel_id, message } = body as { channel_id: string; message: string };
					const post = { id: `post${this.posts.length + 1}`.padEnd(26, '0'), channel_id, message };
					this.posts.push(post);
					send({ status: 201, body: { ...post, create_at: Date.now() } });
				} else {
					refuse(
						'mattermost',
						mattermostError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.'),
					);
				}
			} else {
				refuse('unknown', {
					status: 404,
					body: { error: `the recorder does not serve ${request}` },
				});
			}
		});
	}

	/** Telegram's `sendVideo` as a multipart upload: the file is hashed as it streams in. */
	private receiveTelegramVideo(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		token: string,
	): void {
		const fields: Record<string, string> = {};
		let video: Omit<TelegramVideo, 'fields'> | undefined;
		const answer = ({ status, body }: Answer) =>
			res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
		const refuse = (refusal: Answer) => {
			this.refused.push({
				service: 'telegram',
				request: 'POST /bot<token>/sendVideo',
				status: refusal.status,
				answer: refusal.body,
			});
			answer(refusal);
		};
		if (token !== RECORDED_SERVICES.telegram.botToken) {
			req.resume();
			refuse(telegramError(401, 'Unauthorized'));
			return;
		}
		if (!/^multipart\/form-data/.test(req.headers['content-type'] ?? '')) {
			req.resume();
			refuse(telegramError(400, 'Bad Request: there is no video in the request'));
			return;
		}
		const busboy = Busboy({ headers: req.headers });
		busboy.on('field', (name, value) => (fields[name] = value));
		busboy.on('file', (name, stream, info) => {
			if (name !== 'video') {
				stream.resume();
				return;
			}
			const hash = createHash('sha256');
			const received = {
				fileName: info.filename ?? '',
				mimeType: info.mimeType,
				size: 0,
				sha256: '',
			};
			video = received;
			stream.on('data', (chunk: Buffer) => {
				received.size += chunk.length;
				hash.update(chunk);
			});
			stream.on('end', () => (received.sha256 = hash.digest('hex')));
		});
		busboy.on('close', () => {
			this.requests.push({ method: 'POST', path: '/bot<token>/sendVideo', body: fields });
			const refusal = telegramSendVideoRefusal(fields, video);
			if (refusal) return refuse(refusal);
			this.videos.push({ fields, ...video! });
			const message = {
				message_id: this.videos.length,
				chat: { id: Number(fields.chat_id) },
				caption: fields.caption,
			};
			answer({ status: 200, body: { ok: true, result: message } });
		});
		req.pipe(busboy);
	}
}
