import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { clock } from '../../clock';
import { CLASSIFY_FIELDS, GAARD_PATHS, SYNC_QUERY } from '../../transport/contract';
import { quotedValue } from '../../transport/http';
import { StreamingMultipartBody } from '../../transport/multipart';
import { requestGaardResult } from '../../transport/result';
import { readWaitTimeoutSeconds, waitOptions, waitOptionsField } from '../common.description';
import type { OperationExecute } from '../operation';
import { resultItem } from '../resultItem';
import { videoOf, videoSourceFields } from '../videoSource';
import { waitForFinalResult } from '../waitForFinalResult';

type WaitMode = 'none' | 'sync' | 'poll';

const DEFAULT_PARALLEL_UPLOADS = 4;
const MAX_PARALLEL_UPLOADS = 16;

/**
 * The run's upload limit, from the first item's option (one limit serves the whole batch); an
 * unusable one (an expression's) is an error naming it.
 */
function parallelUploadsOf(this: IExecuteFunctions): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options.parallelUploads ?? DEFAULT_PARALLEL_UPLOADS);
	if (!Number.isInteger(value) || value < 1 || value > MAX_PARALLEL_UPLOADS) {
		throw new NodeOperationError(
			this.getNode(),
			`Parallel Uploads must be a whole number from 1 to ${MAX_PARALLEL_UPLOADS}, not ${quotedValue(options.parallelUploads)}`,
		);
	}
	return value;
}

const properties: INodeProperties[] = [
	...videoSourceFields,
	{
		displayName: 'Wait',
		name: 'waitMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Don't Wait",
				value: 'none',
				description: 'Return the accepted job (ID and pending status) at once',
			},
			{
				name: 'Wait (Polling)',
				value: 'poll',
				description: 'Submit, then poll Gaard until the result is final',
			},
			{
				name: 'Wait (Sync API)',
				value: 'sync',
				description: 'Ask Gaard to answer only when the result is final (one long request)',
			},
		],
		default: 'poll',
		description: 'Whether to wait for the final classification before going on',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Analyse ID',
				name: 'analyseId',
				type: 'number',
				default: 0,
				description: 'Your own numeric identifier of this analysis; Gaard returns it as analyse_id',
			},
			{
				displayName: 'Camera ID',
				name: 'cameraId',
				type: 'string',
				default: '',
				placeholder: 'e.g. VI08',
				description: 'The camera that recorded the video; Gaard returns it in the result',
			},
			{
				displayName: 'Flow',
				name: 'flow',
				type: 'string',
				default: '',
				description:
					"The Gaard flow to run; its webhook integrations receive the result. Leave empty for the tenant's default flow.",
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				placeholder: 'Add Metadata',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Extra key/value pairs sent to Gaard as the metadata JSON and returned in the result',
				options: [
					{
						displayName: 'Pair',
						name: 'values',
						values: [
							{ displayName: 'Key', name: 'key', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Site ID',
				name: 'siteId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 134188',
				description: 'The site the camera belongs to; Gaard returns it in the result metadata',
			},
		],
	},
	{
		...waitOptionsField,
		// Alphabetical, as n8n lists a collection's options.
		options: [
			{
				displayName: 'Keep Input Binary',
				name: 'keepInputBinary',
				type: 'boolean',
				default: true,
				description:
					"Whether the output item keeps the input item's binary data (the clip itself, not a copy), so that a next node can attach it to a chat message or an email",
			},
			{
				displayName: 'Parallel Uploads',
				name: 'parallelUploads',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_UPLOADS },
				default: DEFAULT_PARALLEL_UPLOADS,
				description:
					'How many videos of the input items are uploaded at once. All items are then waited for together, so a batch takes about as long as its slowest clip. 1 uploads one after the other.',
			},
			...waitOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['classify'] } },
	properties,
);

function textFields(additionalFields: IDataObject): Array<[string, string]> {
	const fields: Array<[string, string]> = [];
	const cameraId = String(additionalFields.cameraId ?? '').trim();
	const siteId = String(additionalFields.siteId ?? '').trim();
	const flow = String(additionalFields.flow ?? '').trim();
	const analyseId = additionalFields.analyseId;
	if (cameraId) fields.push([CLASSIFY_FIELDS.cameraId, cameraId]);
	if (siteId) fields.push([CLASSIFY_FIELDS.siteId, siteId]);
	if (typeof analyseId === 'number' && analyseId !== 0)
		fields.push([CLASSIFY_FIELDS.analyseId, String(analyseId)]);
	if (flow) fields.push([CLASSIFY_FIELDS.flow, flow]);

	// n8n gives each pair both its fields, their default ('') where the user left one empty.
	const pairs = ((additionalFields.metadata as IDataObject | undefined)?.values ?? []) as Array<{
		key: string;
		value: string;
	}>;
	const metadata: IDataObject = {};
	for (const { key, value } of pairs) {
		const name = String(key).trim();
		if (name) metadata[name] = value;
	}
	// As in Gaard's results, the camera and site ids belong to the metadata too.
	if (cameraId) metadata.camera_id = cameraId;
	if (siteId) metadata.site_id = siteId;
	if (Object.keys(metadata).length)
		fields.push([CLASSIFY_FIELDS.metadata, JSON.stringify(metadata)]);
	return fields;
}

/** The upload's error, or the reason the video's bytes stopped coming when that is what broke it. */
function uploadError(error: unknown, body: StreamingMultipartBody | undefined): unknown {
	const sourceFailure = body?.sourceFailure();
	return sourceFailure instanceof NodeOperationError ? sourceFailure : error;
}

export const execute: OperationExecute = async function (itemIndex, batch) {
	const waitMode = this.getNodeParameter('waitMode', itemIndex) as WaitMode;
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutSeconds = readWaitTimeoutSeconds.call(this, itemIndex);
	const fields = textFields(additionalFields);
	const uploads = batch.uploads(parallelUploadsOf.call(this));

	// The timeout counts from the item's turn to upload, not from its place in the queue.
	let startedAt = 0;
	const submitted = await uploads.run(async () => {
		startedAt = clock.now();
		const deadline = startedAt + timeoutSeconds * 1000;
		const video = await videoOf.call(this, itemIndex, deadline);
		let body: StreamingMultipartBody | undefined;
		return await requestGaardResult
			.call(this, {
				method: 'POST',
				path: GAARD_PATHS.classify,
				qs: waitMode === 'sync' ? SYNC_QUERY : undefined,
				// A fresh body for each attempt: a stream cannot be sent twice.
				body: () => {
					body?.close();
					body = new StreamingMultipartBody();
					for (const [name, value] of fields) body.append(name, value);
					body.append(CLASSIFY_FIELDS.video, video);
					return body;
				},
				retry: 'submit',
				// One timeout for the whole operation: the upload (a large video takes a while), and the
				// sync API's answer or the polls, which come only when the result is final.
				timeoutMs: timeoutSeconds * 1000,
				deadline,
				subject: 'the video upload',
			})
			.catch((error: unknown) => Promise.reject(uploadError(error, body)))
			.finally(() => {
				body?.close();
				video.release();
			});
	});

	const result =
		waitMode === 'poll'
			? await waitForFinalResult.call(this, {
					resultId: submitted.id,
					timeoutSeconds,
					startedAt,
					latest: submitted,
				})
			: submitted;
	const binary =
		options.keepInputBinary === false ? undefined : this.getInputData()[itemIndex].binary;
	return [resultItem(result, itemIndex, binary)];
};
