/**
 * A chat model on 127.0.0.1 that speaks OpenAI's chat-completions API, as far as n8n's OpenAI
 * Chat Model node uses it (its credential's Base URL points here): `POST /v1/chat/completions`,
 * plain JSON or streamed, and `GET /v1/models` for the editor's model list.
 *
 * It acts out a plan instead of thinking: a test tells it, for a prompt that contains a marker,
 * which tools to call and with what. Without a plan it reads the prompt as a user of the example
 * writes it: the first http(s) URL in it is a clip to classify, with the camera named after the
 * word "camera", for the first tool offered that takes a `videoUrl`. It checks each call against
 * the JSON schema n8n offered for that tool (the tool is offered, each argument is one of its
 * properties, every required one is given, of the schema's type) and calls the tools one after
 * the other, each after the previous one's answer has come back. Then it answers from the tools'
 * replies, quoted whole, so that a test reads in the agent's answer exactly what the model was
 * told. A call the schema would not take is never sent: the model answers with what is wrong
 * instead, and `mistakes` keeps it. Every request is kept for assertions.
 */
import http from 'node:http';

import type { Listening } from '../helpers/loopback';
import { listen } from '../helpers/loopback';

/** One tool call the model makes: the tool's name as n8n offers it, and the arguments. */
export interface PlannedCall {
	tool: string;
	arguments: Record<string, unknown>;
}

/** A tool as the request offers it: OpenAI's function definition. */
export interface OfferedTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: JsonSchema };
}

export interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema & { description?: string }>;
	required?: string[];
	description?: string;
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{
		id: string;
		type: 'function';
		function: { name: string; arguments: string };
	}>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: OfferedTool[];
	stream?: boolean;
}

/** What the model answers at the end: the tools' replies, each quoted whole, in the order called. */
export const FINAL_ANSWER_PREFIX = 'The Gaard tool replied: ';

/** The text of a message's content, whichever form it takes. */
export function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	return (content ?? []).map((part) => part.text ?? '').join('');
}

/** Why a planned call does not fit the tool n8n offered; undefined when it does. */
export function callMistake(call: PlannedCall, tools: OfferedTool[] = []): string | undefined {
	const offered = tools.find((tool) => tool.function.name === call.tool);
	if (!offered)
		return `no tool named "${call.tool}" was offered (offered: ${tools.map((tool) => tool.function.name).join(', ') || 'none'})`;
	const properties = offered.function.parameters?.properties ?? {};
	for (const name of offered.function.parameters?.required ?? []) {
		if (!(name in call.arguments)) return `"${call.tool}" requires "${name}"`;
	}
	for (const [name, value] of Object.entries(call.arguments)) {
		const property = properties[name];
		if (!property)
			return `"${call.tool}" has no parameter "${name}" (it has: ${Object.keys(properties).join(', ')})`;
		const types = [property.type ?? []].flat();
		const actual = typeof value === 'number' ? ['number', 'integer'] : [typeof value];
		if (types.length && !types.some((type) => actual.includes(type))) {
			return `"${call.tool}" takes "${name}" as ${types.join(' or ')}, not ${typeof value}`;
		}
	}
	return undefined;
}

/** The call a prompt without a plan asks for: its clip's URL and camera, to the tool that classifies. */
export function callFromPrompt(prompt: string, tools: OfferedTool[] = []): PlannedCall | undefined {
	const url = /https?:\/\/[^\s"'<>]+[^\s"'<>.,;:!?)]/.exec(prompt)?.[0];
	const tool = tools.find((offered) => offered.function.parameters?.properties?.videoUrl);
	if (!url || !tool) return undefined;
	const camera = /\bcamera\s+([\w-]+)/i.exec(prompt)?.[1];
	const takesCamera = Boolean(tool.function.parameters?.properties?.cameraId);
	return {
		tool: tool.function.name,
		arguments: { videoUrl: url, ...(takesCamera ? { cameraId: camera ?? 'unknown' } : {}) },
	};
}

export class ModelStandIn {
	readonly requests: ChatRequest[] = [];
	/** The tool calls it sent, each with the prompt it answered. */
	readonly calls: Array<{ prompt: string; call: PlannedCall }> = [];
	/** Calls the model would have made against the schema offered, and why each does not fit it. */
	readonly mistakes: string[] = [];
	private readonly plans = new Map<string, PlannedCall[]>();
	private listening?: Listening;

	/** The Base URL for n8n's OpenAI credential. */
	get url(): string {
		return `${this.listening!.url}/v1`;
	}

	async start(): Promise<this> {
		this.listening = await listen((req, res) => this.handle(req, res));
		return this;
	}

	async stop(): Promise<void> {
		await this.listening?.close();
	}

	/** For a prompt that contains `marker`: call these tools, one after the other, then answer. */
	plan(marker: string, calls: PlannedCall[]): void {
		this.plans.set(marker, calls);
	}

	/** The requests of the conversation whose prompt contains `marker`. */
	conversation(marker: string): ChatRequest[] {
		return this.requests.filter((request) =>
			request.messages.some(
				(message) => message.role === 'user' && textOf(message.content).includes(marker),
			),
		);
	}

	/** The next assistant message for a conversation: the next planned call, or the final answer. */
	private reply(request: ChatRequest): ChatMessage {
		const prompt = textOf(
			[...request.messages].reverse().find((message) => message.role === 'user')?.content ?? null,
		);
		const planned = [...this.plans.entries()].find(([marker]) => prompt.includes(marker))?.[1];
		const fromPrompt = callFromPrompt(prompt, request.tools);
		const calls = planned ?? (fromPrompt ? [fromPrompt] : undefined);
		if (!calls)
			return {
				role: 'assistant',
				content: `Name a clip by its URL and its camera, and I will have Gaard classify it. (No plan for: ${prompt.slice(0, 200)})`,
			};
		const toolReplies = request.messages
			.filter((message) => message.role === 'tool')
			.map((message) => textOf(message.content));
		const next = calls[toolReplies.length];
		if (!next)
			return {
				role: 'assistant',
				content: toolReplies.map((text) => `${FINAL_ANSWER_PREFIX}${text}`).join('\n'),
			};
		const mistake = callMistake(next, request.tools);
		if (mistake) {
			this.mistakes.push(mistake);
			return {
				role: 'assistant',
				content: `The planned call does not fit the tool offered: ${mistake}`,
			};
		}
		this.calls.push({ prompt, call: next });
		const id = `call_${this.calls.length}`;
		return {
			role: 'assistant',
			content: null,
			tool_calls: [
				{
					id,
					type: 'function',
					function: { name: next.tool, arguments: JSON.stringify(next.arguments) },
				},
			],
		};
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = (req.url ?? '/').split('?')[0];
			const send = (status: number, value: unknown) =>
				res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
			if (req.method === 'GET' && path === '/v1/models') {
				send(200, {
					object: 'list',
					data: [{ id: 'gaard-stand-in', object: 'model', created: 0, owned_by: 'tests' }],
				});
				return;
			}
			if (req.method !== 'POST' || path !== '/v1/chat/completions') {
				send(404, {
					error: {
						message: `the model stand-in does not serve ${req.method} ${path}`,
						type: 'invalid_request_error',
					},
				});
				return;
			}
			const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			this.requests.push(request);
			const message = this.reply(request);
			const finishReason = message.tool_calls ? 'tool_calls' : 'stop';
			const base = {
				id: `chatcmpl-${this.requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: request.model,
			};
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!request.stream) {
				send(200, {
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
					usage,
				});
				return;
			}
			// Streamed: the whole message in one delta, then the finish reason, as OpenAI's last chunks do.
			res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
			const chunk = (delta: object, finish: string | null) =>
				`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
			const delta = message.tool_calls
				? {
						role: 'assistant',
						content: null,
						tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
					}
				: { role: 'assistant', content: message.content };
			res.write(chunk(delta, null));
			res.write(chunk({}, finishReason));
			res.end('data: [DONE]\n\n');
		});
	}
}
