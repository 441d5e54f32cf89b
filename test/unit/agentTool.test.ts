/**
 * What a model reads back from the Gaard node as an agent's tool: a result's summary, and the size
 * docs/node.md gives for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { answersForAgent, resultSummary } from '../../nodes/Gaard/actions/agentTool';
import type { GaardResult } from '../../nodes/Gaard/GaardResult';
import { toGaardItem } from '../../nodes/Gaard/gaardItem';
import { docExamplePayload } from '../fixtures';
import { gaardExecuteContext } from '../helpers/n8nCore';

/** Gaard's example result as the node's item, received three seconds after Gaard created it. */
const docExampleItem = () =>
	toGaardItem(docExamplePayload() as GaardResult, 'api', new Date('2024-05-14T14:13:40.156Z'));

describe("a result's summary for a model", () => {
	it("holds what answers what Gaard saw and where, and the ID to ask again: Gaard's example", () => {
		expect(resultSummary(docExampleItem())).toEqual({
			id: '6662f5c1f897618de43f0bbd',
			status: 'done',
			isFinal: true,
			isAlarm: true,
			isError: false,
			risk: 'intrusion',
			riskScore: 0.973,
			labels: ['intrusion', 'person'],
			topLabel: 'intrusion',
			topScore: 0.973,
			cameraId: 'VI08',
			siteId: '134188',
			created_at: '2024-05-14T16:13:37.156+02:00',
		});
	});

	it("adds Gaard's error code and message for an error result", () => {
		const failed = toGaardItem(
			{
				...docExamplePayload(),
				error_code: 2,
				error_msg: 'unreadable video',
				risk: '',
			} as GaardResult,
			'api',
		);
		expect(resultSummary(failed)).toMatchObject({
			isError: true,
			isAlarm: false,
			error_code: 2,
			error_msg: 'unreadable video',
		});
	});

	it('says null where a pending result has nothing yet, and an empty label list', () => {
		const pending = toGaardItem(
			{ id: '6662f5c1f897618de43f0bbd', status: { classify: 'pending' } },
			'api',
		);
		expect(resultSummary(pending)).toEqual({
			id: '6662f5c1f897618de43f0bbd',
			status: 'pending',
			isFinal: false,
			isAlarm: false,
			isError: false,
			risk: null,
			riskScore: null,
			labels: [],
			topLabel: null,
			topScore: null,
			cameraId: null,
			siteId: null,
			created_at: null,
		});
	});

	it('is as long as docs/node.md says, against the full item, as the model reads them (a JSON list)', () => {
		const summary = JSON.stringify([resultSummary(docExampleItem())]).length;
		const full = JSON.stringify([docExampleItem()]).length;
		const docs = readFileSync(path.resolve(__dirname, '../../docs/node.md'), 'utf8').replace(
			/\s+/g,
			' ',
		);
		expect(docs).toContain(
			`For Gaard's example result it is ${summary.toLocaleString('en-US')} characters, where the full item is ${full.toLocaleString('en-US')}.`,
		);
		expect(summary).toBeLessThan(full / 3);
	});
});

describe("the node's output as an agent reads it", () => {
	const context = (agentAnswer?: string) =>
		gaardExecuteContext({ parameters: agentAnswer ? { agentAnswer } : {}, asAgentTool: true });
	const item = docExampleItem();
	const output = [
		{
			json: item as never,
			binary: { data: { data: '', mimeType: 'video/mp4' } },
			pairedItem: { item: 0 },
		},
		{ json: { error: 'Gaard is busy', description: 'Try again later' }, pairedItem: { item: 1 } },
	];

	it('gives results as summaries, failures as they are, no binary data, each paired with its input', () => {
		expect(answersForAgent.call(context(), output)).toEqual([
			{ json: resultSummary(item), pairedItem: { item: 0 } },
			{ json: { error: 'Gaard is busy', description: 'Try again later' }, pairedItem: { item: 1 } },
		]);
	});

	it('gives results whole with Answer to the Agent: Full Result, still without binary data', () => {
		expect(answersForAgent.call(context('full'), output)).toEqual([
			{ json: item, pairedItem: { item: 0 } },
			{ json: { error: 'Gaard is busy', description: 'Try again later' }, pairedItem: { item: 1 } },
		]);
	});
});
