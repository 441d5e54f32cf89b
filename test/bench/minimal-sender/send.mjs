/**
 * The bench's floor outside n8n (BENCHMARKS.md, section 3): the least a Node.js program does to
 * send a file, or a clip it downloads, to Gaard as a multipart upload. One read size (the Gaard
 * node's), nothing else: no retries, no checks. Run with the Node.js that runs n8n.
 *
 *   node send.mjs file <path> <gaard upload URL> <token>
 *   node send.mjs url <clip URL> <gaard upload URL> <token>
 *
 * Prints one JSON line: the bytes sent and this process's CPU time, in ms.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

const [mode, source, target, token] = process.argv.slice(2);
/** The Gaard node's read size. */
const BUFFER = 256 * 1024;
const boundary = `----bench${Date.now()}`;
const head = Buffer.from(
	`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

/** The clip as a stream, and its size when known. */
async function clip() {
	if (mode === 'file')
		return {
			stream: createReadStream(source, { highWaterMark: BUFFER }),
			size: statSync(source).size,
		};
	const response = await new Promise((resolve, reject) =>
		http.get(source, resolve).on('error', reject),
	);
	const length = response.headers['content-length'];
	return { stream: response, size: length === undefined ? undefined : Number(length) };
}

const { stream, size } = await clip();
let sent = 0;
const answer = await new Promise((resolve, reject) => {
	const request = http.request(target, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${token}`,
			'Content-Type': `multipart/form-data; boundary=${boundary}`,
			...(size === undefined ? {} : { 'Content-Length': head.length + size + tail.length }),
		},
	});
	request.on('response', (response) => {
		response.resume();
		response.on('end', () => resolve(response.statusCode));
	});
	request.on('error', reject);
	request.write(head);
	stream.on('data', (chunk) => {
		sent += chunk.length;
		if (!request.write(chunk)) {
			stream.pause();
			request.once('drain', () => stream.resume());
		}
	});
	stream.on('end', () => request.end(tail));
	stream.on('error', reject);
});
if (answer < 200 || answer > 299) throw new Error(`Gaard answered ${answer}`);
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ bytes: sent, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
