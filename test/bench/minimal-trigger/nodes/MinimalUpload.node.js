'use strict';
/**
 * The floor for any community node that uploads (BENCHMARKS.md, section 3): the item's file from
 * n8n's binary store, or a clip it downloads from a URL, streamed to Gaard as a multipart upload
 * with n8n's own request helper: the multipart body a stream of the part's head, the clip and the
 * closing boundary (with Content-Length when the clip's size is known), redirects not followed
 * (following them keeps a copy of the body). Nothing else: no checks, no retries, no time limits.
 */
const { Readable } = require('node:stream');

/** The same read size as the Gaard node's. */
const READ_CHUNK_BYTES = 256 * 1024;

class MinimalUpload {
	constructor() {
		this.description = {
			displayName: 'Minimal Upload',
			name: 'minimalUpload',
			group: ['output'],
			version: 1,
			description: "Streams the item's file, or a clip from a URL, to Gaard",
			defaults: { name: 'Minimal Upload' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Clip URL', name: 'clipUrl', type: 'string', default: '' },
				{ displayName: 'Upload URL', name: 'uploadUrl', type: 'string', default: '' },
				{ displayName: 'Token', name: 'token', type: 'string', default: '' },
			],
		};
	}

	async execute() {
		const clipUrl = this.getNodeParameter('clipUrl', 0);
		let stream;
		let knownLength;
		if (clipUrl) {
			const response = await this.helpers.httpRequest({
				method: 'GET',
				url: clipUrl,
				encoding: 'stream',
				returnFullResponse: true,
			});
			stream = response.body;
			knownLength = response.headers['content-length'];
		} else {
			const binary = this.getInputData()[0].binary.data;
			stream = await this.helpers.getBinaryStream(binary.id, READ_CHUNK_BYTES);
			knownLength = (await this.helpers.getBinaryMetadata(binary.id)).fileSize;
		}
		const boundary = `----minimal${Date.now()}`;
		const head = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
		);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		async function* parts() {
			yield head;
			yield* stream;
			yield tail;
		}
		const answer = await this.helpers.httpRequest({
			method: 'POST',
			url: this.getNodeParameter('uploadUrl', 0),
			headers: {
				Authorization: `Bearer ${this.getNodeParameter('token', 0)}`,
				'Content-Type': `multipart/form-data; boundary=${boundary}`,
				...(knownLength === undefined
					? {}
					: { 'Content-Length': head.length + Number(knownLength) + tail.length }),
			},
			body: Readable.from(parts(), { objectMode: false }),
			disableFollowRedirect: true,
			returnFullResponse: true,
		});
		return [[{ json: { statusCode: answer.statusCode } }]];
	}
}

module.exports = { MinimalUpload };
