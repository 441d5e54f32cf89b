import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { CLASSIFY_FIELDS, GAARD_PATHS, SYNC_QUERY } from '../../transport/contract';
import type { MultipartFile } from '../../transport/multipart';
import { StreamingMultipartBody, fileFromBuffer } from '../../transport/multipart';
import { requestGaardResult } from '../../transport/result';
import { readWaitTimeoutSeconds, waitOptionsField } from '../common.description';
import type { OperationExecute } from '../operation';
import { resultItem } from '../resultItem';
import { waitForFinalResult } from '../waitForFinalResult';

type WaitMode = 'none' | 'sync' | 'poll';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the video',
		description:
			'The binary field of the input item that holds the video, e.g. "data" after Read/Write Files from Disk or an HTTP Request download',
	},
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
				placeholder: 'VI08',
				description: 'The camera that recorded the video; Gaard returns it in the result',
			},
			{
				displayName: 'Flow',
				name: 'flow',
				type: 'string',
				default: '',
				description: "The Gaard flow to run; its webhook integrations receive the result. Leave empty for the tenant's default flow.",
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				placeholder: 'Add Metadata',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Extra key/value pairs sent to Gaard as the metadata JSON and returned in the result',
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
				placeholder: '134188',
				description: 'The site the camera belongs to; Gaard returns it in the result metadata',
			},
		],
	},
	waitOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['classification'], operation: ['classify'] } },
	properties,
);

/** The video of an input item as a multipart file part, streamed when n8n keeps it on disk. */
async function videoPart(this: IExecuteFunctions, itemIndex: number): Promise<MultipartFile> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const name = binary.fileName || `video${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const type = binary.mimeType || 'application/octet-stream';
	if (binary.id) {
		// Filesystem (or other external) binary mode: stream it, never holding the file in memory.
		const binaryId = binary.id;
		const { fileSize } = await this.helpers.getBinaryMetadata(binaryId);
		return {
			name,
			type,
			size: fileSize,
			open: async () => (await this.helpers.getBinaryStream(binaryId)) as AsyncIterable<Uint8Array>,
		};
	}
	// In-memory binary mode: the bytes are already in the item.
	return fileFromBuffer(name, type, await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName));
}

function textFields(additionalFields: IDataObject): Array<[string, string]> {
	const fields: Array<[string, string]> = [];
	const cameraId = String(additionalFields.cameraId ?? '').trim();
	const siteId = String(additionalFields.siteId ?? '').trim();
	const flow = String(additionalFields.flow ?? '').trim();
	const analyseId = additionalFields.analyseId;
	if (cameraId) fields.push([CLASSIFY_FIELDS.cameraId, cameraId]);
	if (siteId) fields.push([CLASSIFY_FIELDS.siteId, siteId]);
	if (typeof analyseId === 'number' && analyseId !== 0) fields.push([CLASSIFY_FIELDS.analyseId, String(analyseId)]);
	if (flow) fields.push([CLASSIFY_FIELDS.flow, flow]);

	const pairs = ((additionalFields.metadata as IDataObject | undefined)?.values ?? []) as Array<{ key?: string; value?: string }>;
	const metadata: IDataObject = {};
	for (const { key, value } of pairs) if (key?.trim()) metadata[key.trim()] = value ?? '';
	// As in Gaard's results, the camera and site ids belong to the metadata too.
	if (cameraId) metadata.camera_id = cameraId;
	if (siteId) metadata.site_id = siteId;
	if (Object.keys(metadata).length) fields.push([CLASSIFY_FIELDS.metadata, JSON.stringify(metadata)]);
	return fields;
}

export const execute: OperationExecute = async function (itemIndex, timing) {
	const waitMode = this.getNodeParameter('waitMode', itemIndex) as WaitMode;
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const startedAt = Date.now();
	const timeoutSeconds = readWaitTimeoutSeconds.call(this, itemIndex);
	const video = await videoPart.call(this, itemIndex);
	if (video.size === 0) {
		throw new NodeOperationError(this.getNode(), `The video "${video.name}" is empty`, { itemIndex });
	}
	const fields = textFields(additionalFields);

	const submitted = await requestGaardResult.call(this, {
		method: 'POST',
		path: GAARD_PATHS.classify,
		qs: waitMode === 'sync' ? SYNC_QUERY : undefined,
		// A fresh body for each attempt: a stream cannot be sent twice.
		body: () => {
			const form = new StreamingMultipartBody();
			for (const [name, value] of fields) form.append(name, value);
			form.append(CLASSIFY_FIELDS.video, video);
			return form;
		},
		retry: 'submit',
		retrySchedule: timing.retry,
		// One timeout for the whole operation: the upload (a large video takes a while), and the
		// sync API's answer or the polls, which come only when the result is final.
		timeoutMs: timeoutSeconds * 1000,
		deadline: startedAt + timeoutSeconds * 1000,
		subject: 'the video upload',
		itemIndex,
	});

	const result =
		waitMode === 'poll'
			? await waitForFinalResult.call(this, {
					resultId: submitted.id,
					timeoutSeconds,
					itemIndex,
					timing,
					startedAt,
					latest: submitted,
				})
			: submitted;
	return [resultItem(result, itemIndex)];
};
