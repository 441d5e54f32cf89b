/**
 * End to end, inside a real n8n (each supported line): the Gaard node as the tools of n8n's own AI
 * Agent, with n8n's OpenAI Chat Model talking to a model stand-in on 127.0.0.1 that calls the tools
 * as n8n offers them (modelStandIn.ts), and the agent example run from its chat as the editor does.
 * No setting of n8n's is changed for community tools.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { GaardItem } from '../../nodes/Gaard/gaardItem';
import { toGaardItem } from '../../nodes/Gaard/gaardItem';
import type { GaardResult } from '../../nodes/Gaard/GaardResult';
import { resultSummary } from '../../nodes/Gaard/actions/agentTool';
import type { ClipServer } from '../helpers/clipServer';
import { startClipServer } from '../helpers/clipServer';
import { postJson } from '../helpers/loopback';
import type { ChatRequest, PlannedCall } from '../harness/modelStandIn';
import { FINAL_ANSWER_PREFIX, textOf } from '../harness/modelStandIn';
import { N8N_VERSION, nodeOutput } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { WORKFLOWS, sampleVideo, startStack } from '../harness/stack';

const { agentTools: AGENT_TOOLS, agentExample: AGENT_EXAMPLE } = WORKFLOWS;
const ASK_PATH = 'e2e-agent';

let stack: Stack;
let clips: ClipServer;

beforeAll(
	async () => {
		clips = await startClipServer();
		stack = await startStack({
			log: (message) => process.stderr.write(`[e2e agent] ${message}\n`),
			workflows: ['agentTools', 'agentExample'],
		});
	},
	15 * 60 * 1000,
);

afterAll(async () => {
	await stack?.stop();
	await clips?.stop();
});

let asked = 0;

/**
 * Asks the agent of the tools workflow, the model set to make `calls`; returns the agent's answer
 * and what the model was sent. Right after publishing, n8n may answer 404 for a moment: asked again.
 */
async function ask(calls: PlannedCall[]): Promise<{ answer: string; conversation: ChatRequest[] }> {
	const marker = `question-${++asked}-${Date.now()}`;
	stack.model.plan(marker, calls);
	const until = Date.now() + 30_000;
	for (;;) {
		const { status, text } = await postJson(stack.n8n.webhookUrl(ASK_PATH), {
			prompt: `Please answer ${marker}`,
		});
		if (status === 404 && Date.now() < until) continue;
		expect({ status, text }).toEqual({ status: 200, text: expect.any(String) });
		return {
			answer: (JSON.parse(text) as { output: string }).output,
			conversation: stack.model.conversation(marker),
		};
	}
}

/** The tools' replies as the model read them, in the order it called the tools. */
function toolReplies(conversation: ChatRequest[]): string[] {
	const last = conversation.at(-1)!;
	return last.messages
		.filter((message) => message.role === 'tool')
		.map((message) => textOf(message.content));
}

/** What the Gaard simulator holds for a result, as the Gaard node's item. */
async function itemOf(resultId: string): Promise<GaardItem> {
	const response = await fetch(`${stack.simulator.url}/api/result/${resultId}`, {
		headers: { Authorization: `Bearer ${stack.simulator.token}` },
	});
	return toGaardItem((await response.json()) as GaardResult, 'api');
}

describe(`the Gaard node as an AI agent's tool (n8n ${N8N_VERSION})`, () => {
	it('is offered to the model under its node name, with each $fromAI field named, described and required', async () => {
		const { conversation } = await ask([]);
		const tools = Object.fromEntries(
			(conversation[0].tools ?? []).map(({ function: tool }) => [
				tool.name,
				{ description: tool.description, parameters: tool.parameters },
			]),
		);
		const resultIdField = {
			type: 'string',
			description: 'The ID of a Gaard classification result',
		};
		expect(tools).toMatchObject({
			Classify_a_clip: {
				description: 'Classify a video in Gaard',
				parameters: {
					type: 'object',
					properties: {
						videoUrl: {
							type: 'string',
							description: 'The full http:// or https:// address of the video clip to classify',
						},
						cameraId: {
							type: 'string',
							description: 'The ID of the camera that recorded the clip',
						},
					},
					required: ['videoUrl', 'cameraId'],
				},
			},
			Get_a_result: {
				description: 'Get a classification result in Gaard',
				parameters: { properties: { resultId: resultIdField }, required: ['resultId'] },
			},
			Wait_for_a_result: {
				description: 'Wait for a classification result in Gaard',
				parameters: { properties: { resultId: resultIdField }, required: ['resultId'] },
			},
		});
	});

	it("classifies the clip the model names: its bytes, file name and camera reach Gaard, and the model reads the result's summary", async () => {
		const bytes = sampleVideo('agent-intrusion');
		const url = clips.add('intrusion-back-gate.mp4', bytes);
		const uploadsBefore = stack.simulator.uploads.length;
		const { answer, conversation } = await ask([
			{
				tool: 'Classify_a_clip',
				arguments: { videoUrl: `${url}?signature=s3cr3t-sig`, cameraId: 'VI08' },
			},
		]);

		const [upload] = stack.simulator.uploads.slice(uploadsBefore);
		expect(upload).toMatchObject({
			filename: 'intrusion-back-gate.mp4',
			size: bytes.length,
			sha256: sha256(bytes),
			fields: expect.objectContaining({ camera_id: 'VI08' }),
		});
		const [reply] = toolReplies(conversation);
		expect(JSON.parse(reply)).toEqual([resultSummary(await itemOf(upload.id))]);
		expect(JSON.parse(reply)[0]).toMatchObject({
			id: upload.id,
			status: 'done',
			isAlarm: true,
			risk: 'intrusion',
			cameraId: 'VI08',
		});
		// The answer's size, pinned: the summary, not the full item of about 1,100 characters.
		expect(reply.length).toBeLessThan(400);
		expect(answer).toBe(`${FINAL_ANSWER_PREFIX}${reply}`);
		expect(stack.model.mistakes).toEqual([]);
	});

	it('Get Result and Wait for Result as tools: the model reads the result by the ID it names', async () => {
		const id = await stack.submitVideo('person-loading-dock.mp4', { camera_id: 'VI12' });
		const { conversation } = await ask([
			{ tool: 'Wait_for_a_result', arguments: { resultId: id } },
			{ tool: 'Get_a_result', arguments: { resultId: id } },
		]);
		const summary = resultSummary(await itemOf(id));
		expect(toolReplies(conversation).map((reply) => JSON.parse(reply))).toEqual([
			[summary],
			[summary],
		]);
		expect(summary).toMatchObject({ id, isFinal: true, cameraId: 'VI12' });
	});

	describe.each([
		{
			failure: 'a clip URL that answers 404',
			call: () => ({
				tool: 'Classify_a_clip',
				arguments: {
					videoUrl: `${clips.url}/clips/deleted-clip.mp4?signature=s3cr3t-sig`,
					cameraId: 'VI08',
				},
			}),
			error: () =>
				`Could not download the video from ${clips.url}/clips/deleted-clip.mp4: the server answered HTTP 404`,
			description: 'Check the URL: the clip may have been deleted or not exported yet.',
		},
		{
			failure: 'a result ID Gaard does not know',
			call: () => ({ tool: 'Get_a_result', arguments: { resultId: 'ffffffffffffffffffffffff' } }),
			error: () => 'Gaard has no result with ID "ffffffffffffffffffffffff"',
			description: expect.stringMatching(
				/^Check the ID and that the credential's tenant is the one that produced it\./,
			),
		},
		{
			failure: 'Gaard refusing the token',
			call: () => ({
				tool: 'Get_a_result_with_an_expired_token',
				arguments: { resultId: 'ffffffffffffffffffffffff' },
			}),
			error: () => 'Gaard did not accept the access token: it is invalid or expired',
			description: expect.stringMatching(/^Create a new personal access token/),
		},
	])('a failing call: $failure', ({ call, error, description }) => {
		it("reaches the model as the node's message and advice, without the token or the URL's query; the agent's run succeeds", async () => {
			const executionsBefore = (await stack.n8n.allExecutions(AGENT_TOOLS.id, false)).length;
			const { answer, conversation } = await ask([call()]);
			const [reply] = toolReplies(conversation);
			expect(JSON.parse(reply)).toEqual([{ error: error(), description }]);
			expect(answer).toBe(`${FINAL_ANSWER_PREFIX}${reply}`);
			// The model sent the signed URL itself; what came back from the tool holds no secret.
			for (const secret of ['s3cr3t-sig', 'gaard_pat_expired', stack.simulator.token])
				expect(reply).not.toContain(secret);
			const [execution] = (
				await stack.n8n.waitForExecutions(AGENT_TOOLS.id, executionsBefore + 1)
			).slice(executionsBefore);
			expect(execution.status).toBe('success');
		});
	});

	it('needs no setting of n8n for community tools: this n8n has no N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE', () => {
		// The variable older n8n releases read before they let an agent use a community node.
		const config = readFileSync(
			path.join(
				stack.n8n.modulesFolder,
				'n8n/dist/modules/community-packages/community-packages.config.js',
			),
			'utf8',
		);
		expect(config).toMatch(/N8N_COMMUNITY_PACKAGES_ENABLED/);
		expect(config).not.toMatch(/ALLOW_TOOL_USAGE/);
	});
});

describe('example: agent-classifies-a-clip.json', () => {
	it('from its chat, as the editor sends a message: the agent has Gaard classify the clip named and answers with the summary', async () => {
		const bytes = sampleVideo('agent-example');
		const url = clips.add('person-side-door.mp4', bytes);
		const marker = `chat-${Date.now()}`;
		const uploadsBefore = stack.simulator.uploads.length;
		// As the example's note writes it; the model stand-in reads the URL and the camera from it.
		const executionId = await stack.n8n.sendChatMessage(
			AGENT_EXAMPLE.id,
			'When chat message received',
			`Is the clip at ${url} from camera VI03 a real alarm? (${marker})`,
		);
		const [execution] = await stack.n8n.waitForExecutions(AGENT_EXAMPLE.id, 1, {
			where: (run) => run.id === executionId,
		});
		expect(execution.status).toBe('success');
		const [upload] = stack.simulator.uploads.slice(uploadsBefore);
		expect(upload).toMatchObject({
			filename: 'person-side-door.mp4',
			sha256: sha256(bytes),
			fields: expect.objectContaining({ camera_id: 'VI03' }),
		});
		const conversation = stack.model.conversation(marker);
		expect(
			stack.model.calls.filter(({ prompt }) => prompt.includes(marker)).map(({ call }) => call),
		).toEqual([
			{ tool: 'Classify_a_clip_with_Gaard', arguments: { videoUrl: url, cameraId: 'VI03' } },
		]);
		const [reply] = toolReplies(conversation);
		expect(JSON.parse(reply)).toEqual([resultSummary(await itemOf(upload.id))]);
		expect(nodeOutput(execution, 'AI Agent')).toEqual([
			{ output: `${FINAL_ANSWER_PREFIX}${reply}` },
		]);
		// The system message the example gives the agent reaches the model.
		expect(textOf(conversation[0].messages[0].content)).toMatch(
			/^You help a security team check camera clips\./,
		);
	});
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
