/**
 * The workflows the bench imports into n8n: each trigger of section 1 with a No Operation node
 * after it, and the Gaard node's workflows of sections 3 to 5, behind n8n's Webhook node.
 */
import type { IDataObject } from 'n8n-workflow';

import { MAX_DEDUP_WINDOW, remember, writeWindow } from '../../nodes/Gaard/trigger/dedup';
import type { StackWorkflow } from '../harness/stack';

export interface BenchWorkflow extends StackWorkflow {
	json: object;
}

/** A workflow to import: its nodes (ids given), their connections, the webhook path it answers at. */
function benchWorkflow(
	id: string,
	webhook: string,
	nodes: object[],
	connections: Record<string, object>,
	staticData?: IDataObject,
): BenchWorkflow {
	return {
		id,
		file: `${id}.json`,
		webhooks: [webhook],
		json: {
			id,
			name: `Bench: ${id}`,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			active: false,
			...(staticData ? { staticData } : {}),
		},
	};
}

/**
 * A workflow of one trigger node and a No Operation node after it, answering at `webhook` (its
 * path as n8n registers it): the least a workflow started by a delivery does.
 */
function triggerWorkflow(
	id: string,
	webhook: string,
	node: { type: string; typeVersion: number; webhookId: string; parameters: IDataObject },
	nodeStaticData?: IDataObject,
): BenchWorkflow {
	return benchWorkflow(
		id,
		webhook,
		[
			{ id: `${node.webhookId}-n`, name: 'Trigger', position: [0, 0], ...node },
			{
				id: `${node.webhookId}-next`,
				name: 'Next',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		{ Trigger: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		nodeStaticData ? { 'node:Trigger': nodeStaticData } : undefined,
	);
}

/** A community trigger node; n8n registers it at `<webhookId>/<its path>`. */
function communityTrigger(
	id: string,
	type: string,
	typeVersion: number,
	webhookId: string,
	path: string,
	parameters: IDataObject = {},
	nodeStaticData?: IDataObject,
): BenchWorkflow {
	return triggerWorkflow(
		id,
		`${webhookId}/${path}`,
		{ type, typeVersion, webhookId, parameters },
		nodeStaticData,
	);
}

/**
 * The static data a trigger has after `size` deliveries with a window of `size` ids: full, as
 * the trigger's own code writes it. A bench run alone sends too few deliveries to fill it.
 */
function fullDedupWindow(size: number): IDataObject {
	const staticData: IDataObject = {};
	const window = { trigger: 'bench-full-window', staticData, size };
	for (let i = 0; i < size; i++)
		remember(window, (0x4f00000000 + i).toString(16).padStart(24, '0'));
	writeWindow(window, Date.now());
	return staticData;
}

const gaardCredential = { gaardApi: { id: 'gaardSimulatorCr', name: 'Gaard (local simulator)' } };

function actionWorkflow(
	id: string,
	webhookPath: string,
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: IDataObject;
		credentials?: object;
	}>,
): BenchWorkflow {
	const all = [
		{
			name: 'Request',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			webhookId: `${id}-hook`,
		},
		...nodes,
	];
	const connections: Record<string, object> = {};
	for (let i = 0; i < all.length - 1; i++)
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return benchWorkflow(
		id,
		webhookPath,
		all.map((node, index) => ({ id: `${id}-${index}`, position: [index * 220, 0], ...node })),
		connections,
	);
}

export const GAARD_TRIGGER = 'n8n-nodes-gaard.gaardTrigger';
const MINIMAL_TRIGGER = 'n8n-nodes-bench-minimal.minimalTrigger';

/** The webhook path's subjects, each with its label in BENCHMARKS.md. */
export const TRIGGERS = {
	webhook: {
		label: "n8n's Webhook node (v2)",
		workflow: triggerWorkflow('benchN8nWebhook1', 'bench-webhook', {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: 'b0000000-0000-4000-8000-000000000005',
			parameters: {
				httpMethod: 'POST',
				path: 'bench-webhook',
				responseMode: 'onReceived',
				options: {},
			},
		}),
	},
	minimalV1: {
		label: 'Minimal community trigger, v1',
		workflow: communityTrigger(
			'benchMinimalTrig',
			MINIMAL_TRIGGER,
			1,
			'b0000000-0000-4000-8000-000000000004',
			'minimal',
		),
	},
	minimal: {
		label: 'Minimal community trigger, v1.1',
		workflow: communityTrigger(
			'benchMinimalV1p1',
			MINIMAL_TRIGGER,
			1.1,
			'b0000000-0000-4000-8000-000000000006',
			'minimal',
		),
	},
	gaardV1: {
		label: 'Gaard Trigger v1 (saved workflows), defaults',
		workflow: communityTrigger(
			'benchGaardSaved1',
			GAARD_TRIGGER,
			1,
			'b0000000-0000-4000-8000-000000000007',
			'gaard',
		),
	},
	gaard: {
		label: 'Gaard Trigger v1.1, defaults (validation, dedup 1,000)',
		workflow: communityTrigger(
			'benchGaardDefaul',
			GAARD_TRIGGER,
			1.1,
			'b0000000-0000-4000-8000-000000000001',
			'gaard',
		),
	},
	gaardNoDedup: {
		label: 'Gaard Trigger v1.1, dedup off',
		workflow: communityTrigger(
			'benchGaardNoDedp',
			GAARD_TRIGGER,
			1.1,
			'b0000000-0000-4000-8000-000000000002',
			'gaard',
			{ deduplicate: false },
		),
	},
	gaardWindow10k: {
		label: 'Gaard Trigger v1.1, dedup window 10,000 (full)',
		workflow: communityTrigger(
			'benchGaardWin10k',
			GAARD_TRIGGER,
			1.1,
			'b0000000-0000-4000-8000-000000000003',
			'gaard',
			{ dedupWindow: MAX_DEDUP_WINDOW },
			fullDedupWindow(MAX_DEDUP_WINDOW),
		),
	},
} satisfies Record<string, { label: string; workflow: BenchWorkflow }>;

export type TriggerKey = keyof typeof TRIGGERS;

/** The Gaard node with the simulator's credential. */
const gaardNode = (name: string, parameters: IDataObject) => ({
	name,
	type: 'n8n-nodes-gaard.gaard',
	typeVersion: 1,
	credentials: gaardCredential,
	parameters: { resource: 'classification', ...parameters },
});

/** Webhook > Read/Write Files from Disk (`fileSelector` from the request) > Classify Video. */
const readAndClassify = (
	id: string,
	webhookPath: string,
	fileSelector: string,
	classify: IDataObject,
) =>
	actionWorkflow(id, webhookPath, [
		{
			name: 'Read video',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			parameters: { fileSelector, options: {} },
		},
		gaardNode('Classify', { operation: 'classify', binaryPropertyName: 'data', ...classify }),
	]);

/**
 * What a user without this package would build to send a video to Gaard: Webhook > Read/Write
 * Files from Disk > n8n's HTTP Request node posting the file as multipart form data, on its
 * defaults (the request names the file, Gaard's address and the token).
 */
const readAndPostWithHttpRequest = (id: string, webhookPath: string) =>
	actionWorkflow(id, webhookPath, [
		{
			name: 'Read video',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			parameters: { fileSelector: '={{ $json.body.path }}', options: {} },
		},
		{
			name: 'Upload',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: "={{ $('Request').first().json.body.url }}",
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{
							name: 'Authorization',
							value: "={{ 'Bearer ' + $('Request').first().json.body.token }}",
						},
					],
				},
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: {
					parameters: [
						{ parameterType: 'formBinaryData', name: 'video', inputDataFieldName: 'data' },
					],
				},
				options: {},
			},
		},
	]);

const MINIMAL_UPLOAD = 'n8n-nodes-bench-minimal.minimalUpload';
/** The minimal upload node, sending to the request's `url` with its `token`; from `clipUrl` when set. */
const minimalUpload = (clipUrl = '') => ({
	name: 'Upload',
	type: MINIMAL_UPLOAD,
	typeVersion: 1,
	parameters: {
		clipUrl,
		uploadUrl: "={{ $('Request').first().json.body.url }}",
		token: "={{ $('Request').first().json.body.token }}",
	},
});

export const ACTIONS = {
	upload: readAndClassify('benchUploadOneG', 'bench-upload', '={{ $json.body.path }}', {
		waitMode: 'none',
		options: { timeout: 3600 },
	}),
	uploadWithHttpRequest: readAndPostWithHttpRequest(
		'benchUploadHttpR',
		'bench-upload-http-request',
	),
	uploadWithMinimalNode: actionWorkflow('benchUploadMinim', 'bench-upload-minimal', [
		{
			name: 'Read video',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			parameters: { fileSelector: '={{ $json.body.path }}', options: {} },
		},
		minimalUpload(),
	]),
	/** Classify Video from a URL: the clip downloaded from a recorder and streamed on. */
	classifyFromUrl: actionWorkflow('benchClassifyUrl', 'bench-classify-url', [
		gaardNode('Classify', {
			operation: 'classify',
			videoSource: 'url',
			videoUrl: '={{ $json.body.clipUrl }}',
			waitMode: 'none',
			options: { timeout: 3600 },
		}),
	]),
	uploadFromUrlWithMinimalNode: actionWorkflow('benchMinimalUrl1', 'bench-minimal-url', [
		minimalUpload("={{ $('Request').first().json.body.clipUrl }}"),
	]),
	batch: readAndClassify('benchBatchClips1', 'bench-batch', '={{ $json.body.pattern }}', {
		waitMode: 'poll',
		options: { timeout: 600 },
	}),
	poll: actionWorkflow('benchPollResult1', 'bench-poll', [
		gaardNode('Wait', {
			operation: 'waitForResult',
			resultId: '={{ $json.body.id }}',
			options: { timeout: 600 },
		}),
	]),
} satisfies Record<string, BenchWorkflow>;
