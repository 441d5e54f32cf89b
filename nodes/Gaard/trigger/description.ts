/** The Gaard Trigger's parameters: what n8n's editor shows, and the names workflows save. */
import type { INodeProperties } from 'n8n-workflow';

import { MAX_COOLDOWN_SECONDS } from './cooldown';
import { DEFAULT_DEDUP_WINDOW, MAX_DEDUP_WINDOW } from './dedup';
import { DEFAULT_SECRET_NAMES } from './settings';

export const triggerProperties: INodeProperties[] = [
	{
		// A notice shows plain text: n8n 2.x drops HTML tags in it.
		displayName:
			'In Gaard, create a Webhook integration for the flow with the "Production URL" above as its destination, then publish this workflow ("Publish"; n8n 1.x: "Active"). While building, click "Execute step" and use the "Test URL" instead. No alarm yet? Open the "Test URL" in a browser while listening: the trigger sends Gaard\'s example result, so you can map its fields. With a "Secret", add ?token=your-secret to the URL you enter in Gaard.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Error Results',
		name: 'errorResults',
		type: 'options',
		noDataExpression: true,
		description: 'What to do with results that Gaard completed with an error (error_code is not 0)',
		options: [
			{
				name: 'Drop',
				value: 'drop',
				description: 'Acknowledge them and start nothing',
			},
			{
				name: 'Emit with the Others',
				value: 'emit',
				description: 'They start the workflow like any other result',
			},
			{
				name: 'Send to a Second Output',
				value: 'separateOutput',
				description: 'They leave through a second output named "Error"',
			},
		],
		default: 'emit',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Results that do not match are acknowledged and start nothing. Lists are comma-separated.',
		options: [
			{
				displayName: 'Alarms Only',
				name: 'alarmsOnly',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep only alarms: final results without an error whose risk is not safe, nothing, none or clear (error results follow Error Results)',
			},
			{
				displayName: 'Camera IDs',
				name: 'cameraIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. VI08, 134188-VI08',
				description:
					"Only results from these cameras, matched against the metadata's camera_id and Gaard's camera_id (comma-separated)",
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. person, vehicule',
				description: 'Only results whose labels contain at least one of these (comma-separated)',
			},
			{
				displayName: 'Minimum Score',
				name: 'minScore',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 3 },
				default: 0.5,
				description:
					'Only results where the score of the Score Label (by default the risk) is at least this',
			},
			{
				displayName: 'Risks',
				name: 'risks',
				type: 'string',
				default: '',
				placeholder: 'e.g. intrusion, danger',
				description: 'Only results with one of these risks (comma-separated)',
			},
			{
				displayName: 'Score Label',
				name: 'scoreLabel',
				type: 'string',
				default: '',
				placeholder: 'e.g. person',
				description: 'The label whose score Minimum Score applies to. Leave empty to use the risk.',
			},
			{
				displayName: 'Site IDs',
				name: 'siteIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 134188',
				description:
					"Only results from these sites, matched against the metadata's site_id (comma-separated)",
			},
		],
	},
	{
		displayName: 'Security',
		name: 'security',
		type: 'collection',
		placeholder: 'Add Protection',
		default: {},
		description: 'Gaard signs nothing, so protect the webhook here',
		options: [
			{
				displayName: 'Allowed IPs',
				name: 'allowedIps',
				type: 'string',
				default: '',
				placeholder: 'e.g. 203.0.113.10, 10.0.0.0/8',
				description:
					'Only these addresses or CIDR ranges may deliver (comma-separated). Behind a reverse proxy, set N8N_PROXY_HOPS so n8n sees the sender.',
			},
			{
				displayName: 'Parameter or Header Name',
				name: 'parameterOrHeaderName',
				type: 'string',
				default: '',
				placeholder: DEFAULT_SECRET_NAMES.query,
				description: `The query parameter or header that carries the secret. Leave empty for "${DEFAULT_SECRET_NAMES.query}" (query) or "${DEFAULT_SECRET_NAMES.header}" (header).`,
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Deliveries must carry this secret, in the query parameter or header below, or get 401',
			},
			{
				displayName: 'Secret Location',
				name: 'secretLocation',
				type: 'options',
				options: [
					{
						name: 'Header',
						value: 'header',
						description: 'For a reverse proxy that adds a header; Gaard itself sends none',
					},
					{
						name: 'Query Parameter',
						value: 'query',
						description: 'Add it to the URL pasted into Gaard, e.g. ?token=your-secret',
					},
				],
				default: 'query',
			},
			{
				displayName: 'Verify with Gaard',
				name: 'verifyWithGaard',
				type: 'boolean',
				default: false,
				description:
					'Whether to fetch each result from Gaard with the Gaard API credential and emit that instead of the posted body, so that a forged delivery cannot start the workflow',
			},
		],
	},
	{
		displayName: 'Cooldown per Camera (Seconds)',
		name: 'cooldownPerCamera',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_COOLDOWN_SECONDS, numberPrecision: 0 },
		default: 0,
		description:
			'Against alarm floods: after a result from a camera starts the workflow, further results from that camera within this many seconds start nothing (the next one that does carries _derived.suppressedCount). Error results are never held back. 0 turns it off.',
	},
	{
		displayName: 'Mute Links',
		name: 'muteLinks',
		type: 'multiOptions',
		// The values are the keys of MUTE_DURATIONS (muteLinks.ts), in n8n's alphabetical order.
		options: [
			{ name: '1 Hour', value: '1h' },
			{ name: '15 Minutes', value: '15m' },
			{ name: '2 Hours', value: '2h' },
			{ name: '24 Hours', value: '24h' },
			{ name: '30 Minutes', value: '30m' },
			{ name: '4 Hours', value: '4h' },
			{ name: '5 Minutes', value: '5m' },
			{ name: '8 Hours', value: '8h' },
		],
		default: [],
		description:
			'Each alarm item carries signed links (_derived.muteLinks) that mute its camera for these durations, to put in a chat message or ticket. Opening a link shows a page; its button mutes. Leave empty for no links.',
	},
	{
		displayName: 'Announce Mutes',
		name: 'announceMutes',
		type: 'boolean',
		default: false,
		description:
			'Whether muting or unmuting a camera from a mute link, and the end of a mute, start the workflow from an output of its own, "Mutes", so that a team channel can say so',
	},
	{
		displayName: 'Deduplicate',
		name: 'deduplicate',
		type: 'boolean',
		default: true,
		description:
			'Whether to ignore a result whose ID was already received recently (Gaard asks receivers to be idempotent)',
	},
	{
		displayName: 'Deduplication Window',
		name: 'dedupWindow',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_DEDUP_WINDOW, numberPrecision: 0 },
		default: DEFAULT_DEDUP_WINDOW,
		description: `How many recent result IDs to remember, from 1 to ${MAX_DEDUP_WINDOW}`,
		displayOptions: { show: { deduplicate: [true] } },
	},
];
