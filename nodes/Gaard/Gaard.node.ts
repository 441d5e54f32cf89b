import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { agentAnswerField } from './actions/agentTool';
import * as classification from './actions/classification';
import { router } from './actions/router';

export class Gaard implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gaard',
		name: 'gaard',
		icon: { light: 'file:gaard.svg', dark: 'file:gaard.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Classify security-camera videos with Gaard (real alarms such as intrusions versus rain, spiders, wind or plants) and get their results',
		defaults: { name: 'Gaard' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gaardApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Classification', value: 'classification' }],
				default: 'classification',
			},
			...classification.description,
			agentAnswerField,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
