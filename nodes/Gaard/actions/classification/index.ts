import type { INodeProperties } from 'n8n-workflow';

import * as classify from './classify.operation';
import * as getResult from './getResult.operation';
import * as waitForResult from './waitForResult.operation';

/** The operations of the Classification resource, by the `operation` value saved in workflows. */
export const operations = { classify, getResult, waitForResult };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['classification'] } },
		options: [
			{
				name: 'Classify Video',
				value: 'classify',
				description:
					'Send a video (from an input binary field or a URL) to Gaard, which tells real alarms (intrusion, person, vehicle) from nuisances (rain, spiders, wind, plants)',
				action: 'Classify a video',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				description: 'Get a classification result by its ID, as it is now (in progress or final)',
				action: 'Get a classification result',
			},
			{
				name: 'Wait for Result',
				value: 'waitForResult',
				description: 'Wait until the classification with this ID is final, then return it',
				action: 'Wait for a classification result',
			},
		],
		default: 'classify',
	},
	...classify.description,
	...getResult.description,
	...waitForResult.description,
];
