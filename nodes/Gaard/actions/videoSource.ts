/** Where Classify Video takes its video from: an input binary field, or a URL it downloads. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Video } from '../transport/download';
import { videoFromUrl } from '../transport/download';
import { MiB, quotedValue } from '../transport/http';
import type { MultipartFile } from '../transport/multipart';
import { fileFromBuffer } from '../transport/multipart';

const DEFAULT_MAX_DOWNLOAD_MB = 1024;
const MAX_DOWNLOAD_MB = 102_400;
/**
 * The file is read 256 KiB at a time (not the stream default of 64 KiB): inside n8n, whose heap is
 * large, four times fewer buffers to allocate and collect made uploads markedly faster, and 1 MiB
 * reads grew the process by more than 100 MiB (BENCHMARKS.md, Upload inside n8n).
 */
const READ_CHUNK_BYTES = 256 * 1024;

export const videoSourceFields: INodeProperties[] = [
	{
		displayName: 'Video Source',
		name: 'videoSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description:
					'A video in a binary field of the input item, e.g. from Read/Write Files from Disk',
			},
			{
				name: 'URL',
				value: 'url',
				description:
					'A video n8n downloads from a URL, e.g. an NVR clip export or a signed storage link',
			},
		],
		default: 'binary',
		description: 'Where the video to classify comes from',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the video',
		description:
			'The binary field of the input item that holds the video, e.g. "data" after Read/Write Files from Disk or an HTTP Request download',
		displayOptions: { show: { videoSource: ['binary'] } },
	},
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://recorder.example.com/exports/clip.mp4',
		description:
			"The full http:// or https:// address of one video clip (MP4, MOV, MKV...), such as a recorder's clip export or a signed storage link. n8n downloads it and streams it to Gaard; errors name it without its query string.",
		displayOptions: { show: { videoSource: ['url'] } },
	},
	{
		displayName: 'Download Options',
		name: 'downloadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { videoSource: ['url'] } },
		options: [
			{
				displayName: 'Headers',
				name: 'headers',
				type: 'fixedCollection',
				placeholder: 'Add Header',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Headers sent with the download, e.g. Authorization for a protected recorder. Authorization and Cookie are not sent on when the URL redirects to another host.',
				options: [
					{
						displayName: 'Header',
						name: 'values',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								typeOptions: { password: true },
								default: '',
							},
						],
					},
				],
			},
			{
				displayName: 'Max Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_DOWNLOAD_MB },
				default: DEFAULT_MAX_DOWNLOAD_MB,
				description: 'The largest video downloaded; a larger one fails before it is sent to Gaard',
			},
		],
	},
];

type VideoSource = 'binary' | 'url';

/** The video of an input item as a multipart file part, streamed when n8n keeps it on disk. */
async function videoFromBinary(this: IExecuteFunctions, itemIndex: number): Promise<Video> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const name = binary.fileName || `video${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const type = binary.mimeType || 'application/octet-stream';
	const release = () => undefined;
	let video: MultipartFile;
	if (binary.id) {
		// Filesystem (or other external) binary mode: stream it, never holding the file in memory.
		const binaryId = binary.id;
		const { fileSize } = await this.helpers.getBinaryMetadata(binaryId);
		video = {
			name,
			type,
			size: fileSize,
			open: async () =>
				(await this.helpers.getBinaryStream(
					binaryId,
					READ_CHUNK_BYTES,
				)) as AsyncIterable<Uint8Array>,
		};
	} else {
		// In-memory binary mode: the bytes are already in the item.
		video = fileFromBuffer(
			name,
			type,
			await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName),
		);
	}
	if (video.size === 0)
		throw new NodeOperationError(this.getNode(), `The video "${name}" is empty`);
	return { ...video, release };
}

function downloadHeaders(this: IExecuteFunctions, options: IDataObject): Record<string, string> {
	// n8n gives each pair both its fields, their default ('') where the user left one empty.
	const pairs = ((options.headers as IDataObject | undefined)?.values ?? []) as Array<{
		name: string;
		value: string;
	}>;
	const headers: Record<string, string> = {};
	for (const { name, value } of pairs) {
		const key = String(name).trim();
		if (!key) continue;
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/.test(key)) {
			throw new NodeOperationError(
				this.getNode(),
				`${quotedValue(key)} is not a valid header name`,
			);
		}
		headers[key] = String(value);
	}
	return headers;
}

/**
 * The item's video, from the source chosen; the URL is downloaded (and checked) by `deadline`.
 * Errors carry no item index: the router gives them their item's.
 */
export async function videoOf(
	this: IExecuteFunctions,
	itemIndex: number,
	deadline: number,
): Promise<Video> {
	const source = this.getNodeParameter('videoSource', itemIndex, 'binary') as VideoSource;
	if (source !== 'url') return await videoFromBinary.call(this, itemIndex);
	const options = this.getNodeParameter('downloadOptions', itemIndex, {}) as IDataObject;
	const maxSizeMb = Number(options.maxSizeMb ?? DEFAULT_MAX_DOWNLOAD_MB);
	if (!Number.isFinite(maxSizeMb) || maxSizeMb < 1 || maxSizeMb > MAX_DOWNLOAD_MB) {
		throw new NodeOperationError(
			this.getNode(),
			`Max Size (MB) must be from 1 to ${MAX_DOWNLOAD_MB}`,
		);
	}
	return await videoFromUrl.call(this, {
		url: String(this.getNodeParameter('videoUrl', itemIndex)),
		headers: downloadHeaders.call(this, options),
		maxBytes: Math.floor(maxSizeMb * MiB),
		deadline,
	});
}
