/**
 * The Gaard node as an AI agent's tool: what the model reads back. n8n hands the model the JSON
 * of the node's output items, so a result comes back as a summary sized for a model (or whole,
 * if the user asks), and a failure as the message and advice a user would read in the execution,
 * as Continue On Fail puts them (the router's error item): the model can then say why, where n8n
 * alone would give it the message without the advice, or fail the agent's run (n8nQuirks.ts).
 * Neither ever holds the token or a URL's query string: the messages never do.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { GaardItem } from '../gaardItem';

type AgentAnswer = 'summary' | 'full';

export const agentAnswerField: INodeProperties = {
	displayName: 'Answer to the Agent',
	name: 'agentAnswer',
	type: 'options',
	noDataExpression: true,
	// Shown only when the node is an agent's tool.
	displayOptions: { show: { '@tool': [true] } },
	options: [
		{
			name: 'Full Result',
			value: 'full',
			description:
				'Every field of the result, as the node outputs it outside an agent (scores and video details included)',
		},
		{
			name: 'Summary',
			value: 'summary',
			description:
				'What a model needs to answer about a result: its ID, status, whether it is an alarm, risk, labels, camera and site',
		},
	],
	default: 'summary',
	description:
		'What the agent reads back from this tool. A failure always comes back as its message and advice.',
};

/** A result as the summary gives it to a model: the fields that answer "what did Gaard see, where". */
export function resultSummary(item: GaardItem): IDataObject {
	const derived = item._derived;
	return {
		id: item.id,
		status: item.status.classify,
		isFinal: derived.isFinal,
		isAlarm: derived.isAlarm,
		isError: derived.isError,
		risk: item.risk ?? null,
		riskScore: derived.riskScore,
		labels: item.labels ?? [],
		topLabel: derived.topLabel,
		topScore: derived.topScore,
		cameraId: derived.cameraId,
		siteId: derived.siteId,
		created_at: item.created_at ?? null,
		...(derived.isError
			? { error_code: item.error_code ?? null, error_msg: item.error_msg ?? null }
			: {}),
	};
}

/**
 * The router's output as the agent reads it: results as Answer to the Agent says, failures (the
 * error items) as they are, and no binary data, which a model cannot read.
 */
export function answersForAgent(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const answer = this.getNodeParameter(
		agentAnswerField.name,
		0,
		agentAnswerField.default,
	) as AgentAnswer;
	return items.map(({ json, pairedItem }) => {
		const isResult = '_derived' in json;
		return {
			json: isResult && answer === 'summary' ? resultSummary(json as unknown as GaardItem) : json,
			pairedItem,
		};
	});
}
