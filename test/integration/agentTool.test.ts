/**
 * The Gaard node run as an AI agent's tool (under its tool type, as n8n runs it for an agent), in
 * n8n-core's ExecuteContext against the simulator: what comes back is what the model reads.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resultSummary } from '../../nodes/Gaard/actions/agentTool';
import { runForEachItem } from '../../nodes/Gaard/actions/router';
import type { GaardItem } from '../../nodes/Gaard/gaardItem';
import { failure } from '../helpers/failure';
import { useTestClock } from '../helpers/testClock';
import {
	gaardCredential,
	gaardExecuteContext,
	memoryBinary,
	runGaardNode,
} from '../helpers/n8nCore';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 100 });
});

afterEach(async () => {
	await sim.stop();
});

async function runAs(
	how: 'tool' | 'node',
	parameters: INodeParameters,
	items?: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const credentials = { gaardApi: gaardCredential(sim.url, sim.token) };
	const [output] = await runGaardNode({
		parameters,
		items,
		credentials,
		asAgentTool: how === 'tool',
	});
	return output;
}

const getResult = (resultId: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'classification',
	operation: 'getResult',
	resultId,
	...extra,
});

async function finishedResult(name: string): Promise<string> {
	const clip = { json: {}, binary: { data: memoryBinary(Buffer.from(`bytes of ${name}`), name) } };
	const [job] = await runAs(
		'node',
		{
			resource: 'classification',
			operation: 'classify',
			binaryPropertyName: 'data',
			waitMode: 'sync',
		},
		[clip],
	);
	return job.json.id as string;
}

describe('as an AI agent tool, a result', () => {
	// Frozen, so that both runs receive the result at the same instant (`_derived.receivedAt`).
	useTestClock();

	it('comes back as its summary: what a model needs to answer, the ID to look it up again', async () => {
		const id = await finishedResult('intrusion-gate.mp4');
		const [full] = await runAs('node', getResult(id));
		const [answer] = await runAs('tool', getResult(id));
		expect(answer).toEqual({
			json: resultSummary(full.json as unknown as GaardItem),
			pairedItem: { item: 0 },
		});
		expect(answer.json).toMatchObject({
			id,
			status: 'done',
			isFinal: true,
			isAlarm: true,
			risk: 'intrusion',
		});
	});

	it("comes back whole with Answer to the Agent: Full Result, as the node's item is outside an agent", async () => {
		const id = await finishedResult('intrusion-gate.mp4');
		const [full] = await runAs('node', getResult(id));
		const [answer] = await runAs('tool', getResult(id, { agentAnswer: 'full' }));
		expect(answer.json).toEqual(full.json);
	});

	it('carries no binary data: Classify Video keeps the input binary on its item, a model cannot read it', async () => {
		const clip = {
			json: {},
			binary: { data: memoryBinary(Buffer.from('bytes of rain.mov'), 'rain.mov') },
		};
		const classify = {
			resource: 'classification',
			operation: 'classify',
			binaryPropertyName: 'data',
			waitMode: 'sync',
		};
		const [onNode] = await runAs('node', classify, [clip]);
		const [onTool] = await runAs('tool', { ...classify, agentAnswer: 'full' }, [clip]);
		expect(onNode.binary).toBeDefined();
		expect(onTool.binary).toBeUndefined();
	});

	it('outside an agent, the Answer to the Agent setting is not read: the item is whole', async () => {
		const id = await finishedResult('intrusion-gate.mp4');
		const [item] = await runAs('node', getResult(id, { agentAnswer: 'summary' }));
		expect(item.json).toMatchObject({
			id,
			scores: expect.any(Object),
			_derived: expect.objectContaining({ source: 'api' }),
		});
	});
});

describe('as an AI agent tool, a failure', () => {
	it("comes back as the node's message and advice, without Continue On Fail: Gaard refusing the token", async () => {
		const credentials = { gaardApi: gaardCredential(sim.url, 'gaard_pat_expired') };
		const [[answer]] = await runGaardNode({
			parameters: getResult('65f0c1d2e3f4a5b6c7d8e9f0'),
			credentials,
			asAgentTool: true,
		});
		expect(answer).toEqual({
			json: {
				error: 'Gaard did not accept the access token: it is invalid or expired',
				description: expect.stringMatching(/^Create a new personal access token/),
			},
			pairedItem: { item: 0 },
		});
		expect(JSON.stringify(answer)).not.toContain('gaard_pat_expired');
	});

	it('of one item leaves the others to go on, each failure paired with its input', async () => {
		const items = [{ json: { n: 0 } }, { json: { n: 1 } }];
		const context = gaardExecuteContext({ parameters: {}, items, asAgentTool: true });
		const execute = async (itemIndex: number): Promise<INodeExecutionData[]> => {
			if (itemIndex === 0)
				throw new NodeOperationError(context.getNode(), 'The video is not there', {
					description: 'Check the URL',
				});
			return [{ json: { done: itemIndex }, pairedItem: { item: itemIndex } }];
		};
		expect(await runForEachItem.call(context, execute)).toEqual([
			{
				json: { error: 'The video is not there', description: 'Check the URL' },
				pairedItem: { item: 0 },
			},
			{ json: { done: 1 }, pairedItem: { item: 1 } },
		]);
	});

	it('outside an agent, without Continue On Fail, still fails the node', async () => {
		const credentials = { gaardApi: gaardCredential(sim.url, 'gaard_pat_expired') };
		const error = await failure(
			runGaardNode({ parameters: getResult('65f0c1d2e3f4a5b6c7d8e9f0'), credentials }),
		);
		expect(error.message).toBe('Gaard did not accept the access token: it is invalid or expired');
	});
});
