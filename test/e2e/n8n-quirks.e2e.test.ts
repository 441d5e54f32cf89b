/**
 * Canaries: the behaviours of n8n that nodes/Gaard/n8nQuirks.ts relies on, checked inside a real
 * n8n on each supported line. They pin what n8n does, not what the package does (the other suites
 * do that): one failing means n8n changed, and its name is the quirk to drop or adapt.
 *
 * The test-only package in quirk-canaries/ (installed beside this one) reports what n8n does, raw
 * and then through the package's own handling where it has any.
 */
import path from 'node:path';

import { FINAL_ANSWER_PREFIX } from '../harness/modelStandIn';
import type { Listening } from '../helpers/loopback';
import { listen, postJson } from '../helpers/loopback';
import { N8N_MAJOR } from '../harness/realN8n';
import type { Stack, StackWorkflow } from '../harness/stack';
import { startStack } from '../harness/stack';
import { GAARD_PATHS } from '../../nodes/Gaard/transport/contract';

const CANARIES: StackWorkflow = {
	id: 'e2eQuirkCanary01',
	file: path.join(__dirname, 'workflows', 'quirk-canaries.json'),
	webhooks: [
		'e2e00000-0000-4000-8000-0000000000c1/quirk-canary',
		'e2e00000-0000-4000-8000-0000000000c2/quirk-canary',
		'quirk-canary-check',
		'quirk-canary-agent',
		'e2e00000-0000-4000-8000-0000000000c2/quirk-canary-named',
	],
};
const [TRIGGER_V1, TRIGGER_V1_1, CHECK, ASK_AGENT, NAMED_WEBHOOK] = CANARIES.webhooks;

/** A server on 127.0.0.1 that keeps each request's path, headers and body. */
class RequestSink {
	readonly requests: Array<{ path: string; contentType: string; body: Buffer }> = [];
	private listening?: Listening;

	async start(): Promise<this> {
		this.listening = await listen((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				this.requests.push({
					path: request.url ?? '',
					contentType: request.headers['content-type'] ?? '',
					body: Buffer.concat(chunks),
				});
				response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
			});
		});
		return this;
	}

	get url(): string {
		return this.listening!.url;
	}

	received(requestPath: string) {
		return this.requests.find((request) => request.path === requestPath);
	}

	async stop(): Promise<void> {
		await this.listening?.close();
	}
}

let stack: Stack;
let sink: RequestSink;

beforeAll(
	async () => {
		sink = await new RequestSink().start();
		stack = await startStack({
			log: (message) => process.stderr.write(`[e2e quirks] ${message}\n`),
			workflows: [],
			extraWorkflows: [CANARIES],
			extraPackages: [path.join(__dirname, 'quirk-canaries')],
			// N8N_METRICS: n8n's count of expression isolates. Lazy acquisition (2.x) leaves a webhook
			// without one unless n8n evaluates an expression for it: the version 1 quirk below.
			n8nEnv: { N8N_METRICS: 'true', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		});
	},
	15 * 60 * 1000,
);

afterAll(async () => {
	await stack?.stop();
	await sink?.stop();
});

/** POSTs to one of the canaries' webhooks. */
const post = async (webhookPath: string, body: unknown, contentType = 'application/json') =>
	await postJson(stack.n8n.webhookUrl(webhookPath), body, { contentType });

/** What the Quirk Canary node reported for `check`. */
async function canary(check: string, url = ''): Promise<Record<string, unknown>> {
	const { status, json } = await post(CHECK, { check, url });
	expect(status).toBe(200);
	return json;
}

/** Posts `value` to the canary trigger that writes it into its static data, and returns what n8n saved once the execution it started has finished. */
async function storedAfterExecution(
	check: 'static-data' | 'static-data-marked-again',
	value: string,
): Promise<unknown> {
	// The executions before it have all finished: each call waited for its own.
	const before = (await stack.n8n.executions(CANARIES.id)).length;
	expect((await post(`${TRIGGER_V1_1}?check=${check}`, { value })).status).toBe(200);
	await stack.n8n.waitForExecutions(CANARIES.id, before + 1);
	return (await stack.n8n.staticData(CANARIES.id))['node:Canary Trigger v1.1']?.value;
}

/** Whether n8n saves a value that a webhook request starting an execution changed: n8n 1.x does, 2.x loses it. */
const CHANGED_VALUE_SAVED = N8N_MAJOR < 2;

describe('quirk: static data written by a webhook that starts an execution', () => {
	it(`is saved by n8n when new; when changed, ${CHANGED_VALUE_SAVED ? 'saved' : 'lost'}; marked changed again as n8n reads the answer, saved`, async () => {
		const [first, changed, markedAgain] = ['first', 'changed', 'marked-again'].map(
			(name) => `${name}-${Date.now()}`,
		);
		expect(await storedAfterExecution('static-data', first)).toBe(first);
		expect(await storedAfterExecution('static-data', changed)).toBe(
			CHANGED_VALUE_SAVED ? changed : first,
		);
		expect(await storedAfterExecution('static-data-marked-again', markedAgain)).toBe(markedAgain);
	});
});

describe("quirk: a webhook named beyond n8n's types", () => {
	it('is registered, routed, and knows its name and URL', async () => {
		const { status, json } = await post(`${NAMED_WEBHOOK}?check=named`, {});
		expect({ status, json }).toEqual({
			status: 200,
			json: { webhookName: 'mute', url: stack.n8n.webhookUrl(NAMED_WEBHOOK) },
		});
	});
});

describe('quirk: a webhook that answers itself and starts an execution', () => {
	it('starts the execution, and n8n saves the static data it changed (on each line)', async () => {
		for (const value of [`first-${Date.now()}`, `changed-${Date.now()}`]) {
			const before = (await stack.n8n.executions(CANARIES.id)).length;
			const answer = await post(`${NAMED_WEBHOOK}?check=answers-itself`, { value });
			expect(answer).toMatchObject({ status: 200, json: { answered: value } });
			await stack.n8n.waitForExecutions(CANARIES.id, before + 1);
			expect((await stack.n8n.staticData(CANARIES.id))['node:Canary Trigger v1.1']?.answered).toBe(
				value,
			);
		}
	});
});

describe('quirk: a text answer sent as it is', () => {
	it('with the headers the node set and status 200, once the static data it changed is saved', async () => {
		for (const value of [`first-${Date.now()}`, `changed-${Date.now()}`]) {
			const response = await fetch(stack.n8n.webhookUrl(`${TRIGGER_V1_1}?check=text-answer`), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ value }),
			});
			// Read as soon as the answer came: saved before it was sent.
			const saved = (await stack.n8n.staticData(CANARIES.id))['node:Canary Trigger v1.1']?.text;
			expect({
				status: response.status,
				type: response.headers.get('content-type'),
				body: await response.text(),
				saved,
			}).toEqual({
				status: 200,
				type: 'text/html; charset=utf-8',
				body: '<p>canary</p>',
				saved: value,
			});
		}
	});
});

describe("quirk: the authenticated request helper's abort signal", () => {
	it("is replaced by the execution's cancel signal; abortWith keeps the attempt's own in force", async () => {
		expect(await canary('abortSignal', `${stack.simulator.url}${GAARD_PATHS.me}`)).toEqual({
			check: 'abortSignal',
			ownSignalKept: false,
			replacedByCancelSignal: true,
			abortWithStillAborts: true,
		});
	});
});

describe('quirk: an execute context with a cancel signal of its own', () => {
	it("works through stoppableContext's Proxy, and n8n's request takes its cancel signal from the context", async () => {
		expect(await canary('contextProxy', `${stack.simulator.url}${GAARD_PATHS.me}`)).toEqual({
			check: 'contextProxy',
			parameter: 'contextProxy',
			items: 1,
			credentialRead: true,
			answered: true,
			requestSignalFromContext: true,
			stopAbortsRequestSignal: true,
		});
	});
});

describe('quirk: the bytes of a JSON body n8n did not parse', () => {
	const body = '{"id":"65f0c1d2e3f4a5b6c7d8e9f0"}';
	it('are read by n8n into rawBody at version 1', async () => {
		const { status, json } = await post(
			`${TRIGGER_V1}?check=raw-body`,
			body,
			'application/vnd.gaard+json',
		);
		expect(status).toBe(200);
		expect(json).toEqual({
			parsed: null,
			rawBody: body,
			readRawBody: expect.any(String),
			readUnparsedBody: body,
		});
	});

	it("are left unread at version 1.1, for the request's readRawBody", async () => {
		const { status, json } = await post(
			`${TRIGGER_V1_1}?check=raw-body`,
			body,
			'application/vnd.gaard+json',
		);
		expect(status).toBe(200);
		expect(json).toEqual({
			parsed: null,
			rawBody: null,
			readRawBody: 'function',
			readUnparsedBody: body,
		});
	});
});

/**
 * Expression isolates n8n builds per delivery that starts nothing, with lazy acquisition: n8n 2.x
 * evaluates an expression for a webhook node at version 1 only; n8n 1.x has no lazy acquisition and
 * builds one for every webhook.
 */
const ISOLATES_PER_DELIVERY = N8N_MAJOR >= 2 ? { v1: 1, v1_1: 0 } : { v1: 1, v1_1: 1 };

describe('quirk: a webhook node at version 1', () => {
	it(`makes n8n build an expression isolate per delivery (${JSON.stringify(ISOLATES_PER_DELIVERY)})`, async () => {
		const perDelivery = async (webhookPath: string) => {
			const before = await stack.n8n.expressionIsolates();
			for (let n = 0; n < 3; n++)
				expect((await post(`${webhookPath}?check=none`, {})).json).toEqual({ ok: true });
			return ((await stack.n8n.expressionIsolates()) - before) / 3;
		};
		expect({ v1: await perDelivery(TRIGGER_V1), v1_1: await perDelivery(TRIGGER_V1_1) }).toEqual(
			ISOLATES_PER_DELIVERY,
		);
	});
});

describe("quirk: a node run as an agent's tool", () => {
	// n8n 2.x has the context's isToolExecution(), which answers false; 1.x has none.
	const isToolExecution = N8N_MAJOR >= 2 ? false : 'absent';

	it('is told by its type alone, the node\'s with "Tool" appended; outside an agent its type is its own', async () => {
		stack.model.plan('canary-agent-tool', [{ tool: 'Canary_Tool', arguments: {} }]);
		const { status, json } = await post(ASK_AGENT, { prompt: 'canary-agent-tool' });
		expect(status).toBe(200);
		const [reported] = JSON.parse(
			(json as { output: string }).output.slice(FINAL_ANSWER_PREFIX.length),
		) as Array<Record<string, unknown>>;
		expect(reported).toEqual({
			check: 'agentTool',
			type: 'n8n-nodes-gaard-quirk-canaries.quirkCanaryTool',
			isToolExecution,
			runsAsAgentTool: true,
		});
		expect(await canary('agentTool')).toEqual({
			check: 'agentTool',
			type: 'n8n-nodes-gaard-quirk-canaries.quirkCanary',
			isToolExecution,
			runsAsAgentTool: false,
		});
	});

	it(`that throws: ${N8N_MAJOR >= 2 ? 'the model reads the message without the description' : "the agent's whole run fails"}`, async () => {
		stack.model.plan('canary-failing-tool', [{ tool: 'Canary_Failing_Tool', arguments: {} }]);
		const { status, json } = await post(ASK_AGENT, { prompt: 'canary-failing-tool' });
		if (N8N_MAJOR >= 2) {
			expect(status).toBe(200);
			expect((json as { output: string }).output).toBe(
				`${FINAL_ANSWER_PREFIX}[{"error":"The canary failed"}]`,
			);
		} else {
			expect({ status, json }).toEqual({ status: 500, json: { message: 'Error in workflow' } });
		}
	});
});

describe('quirk: zod from n8n', () => {
	it("resolves for a community package without dependencies from n8n's own modules, at major version 3", async () => {
		const { resolved, version } = (await canary('zod')) as { resolved: string; version: string };
		expect(path.relative(stack.n8n.modulesFolder, resolved).startsWith('..')).toBe(false);
		expect(version.split('.')[0]).toBe('3');
	});
});

describe("quirk: n8n's wording of an API error", () => {
	it('replaces a message given with an error code or quoting one; the package words its own', async () => {
		const wording = await canary('errorWording');
		expect(wording.codeKey).not.toBe('Could not reach Gaard');
		expect(wording.codeInMessage).not.toMatch(/^Could not reach Gaard/);
		expect(wording.gaardApiError).toBe('Could not reach Gaard: the connection was refused');
	});
});

describe('quirk: a request body that streams', () => {
	it("sends an iterable body object whatever its own keys, and streams the package's FormData-shaped body as multipart", async () => {
		await canary('streamingBody', sink.url);
		expect(sink.received('/iterable-without-own-keys')?.body.toString()).toContain('hidden');
		const streamed = sink.received('/streamed')!;
		expect(streamed.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(streamed.body.toString()).toContain('canary video bytes');
		expect(streamed.body.toString()).toContain('streamed');
	});
});
