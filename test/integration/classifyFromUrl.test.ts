/**
 * Classify Video with its video taken from a URL (a recorder's clip export on 127.0.0.1), and its
 * output keeping the input's binary: n8n-core's execution context and HTTP helper, the simulator.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Gaard } from '../../nodes/Gaard/Gaard.node';
import type { ClipServer } from '../helpers/clipServer';
import { clipNameOf, startClipServer, uploadWaitsOnStalledClip } from '../helpers/clipServer';
import { failure } from '../helpers/failure';
import {
	filesystemBinary,
	gaardCredential,
	memoryBinary,
	runGaardNode,
	runGaardNodeAgainst,
} from '../helpers/n8nCore';
import { testClockInUse, whileTimingOut } from '../helpers/testClock';
import { when } from '../helpers/when';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;
let clips: ClipServer;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 200 });
	clips = await startClipServer();
});

afterEach(async () => {
	await clips.stop();
	await sim.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A clip of `size` bytes that differ from one another, so that a reordering would show. */
function clipOf(size: number): Buffer {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
	return bytes;
}

const run = (
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
) => runGaardNodeAgainst(sim, parameters, items, continueOnFail);

const fromUrl = (videoUrl: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'classification',
	operation: 'classify',
	videoSource: 'url',
	videoUrl,
	waitMode: 'none',
	...extra,
});

/** A URL of the clip server that redirects `count` times before it reaches `path`. */
function redirectsTo(path: string, count: number): string {
	let to = path;
	for (let n = 0; n < count; n++) to = `/redirect?to=${encodeURIComponent(to)}`;
	return `${clips.url}${to}`;
}

/** Everything an error shows a user, for checks that a secret is not in it. */
const shown = (error: { message: string; description?: string | null }) =>
	`${error.message} ${error.description ?? ''}`;

describe('Classify Video from a URL', () => {
	it('streams the clip to Gaard byte for byte, named and typed as the server says', async () => {
		const bytes = clipOf(2 * 1024 * 1024 + 5);
		const url = clips.add('intrusion-north-gate.mp4', bytes);
		const [item] = await run(fromUrl(url, { waitMode: 'sync' }));
		expect(item.json).toMatchObject({ status: { classify: 'done' }, risk: 'intrusion' });
		expect(sim.uploads[0]).toMatchObject({
			filename: 'intrusion-north-gate.mp4',
			mimeType: 'video/mp4',
			size: bytes.length,
			sha256: sha256(bytes),
		});
		expect(clips.requests).toHaveLength(1);
	});

	it('sends a clip whose length the server does not announce (chunked), byte for byte', async () => {
		const bytes = clipOf(700_001);
		const url = clips.add('person-dock.mp4', bytes, { chunked: true });
		await run(fromUrl(url));
		expect(sim.uploads[0]).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
	});

	it('follows a redirect to a file the server streams, named by its Content-Disposition', async () => {
		const content = clipOf(3 * 1024 * 1024);
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'gaard-clip-')), 'export.bin');
		writeFileSync(file, content);
		clips.add('export-4411', { file }, { type: 'video/quicktime', fileName: 'rain.mov' });
		await run(fromUrl(`${clips.url}/redirect?to=${encodeURIComponent('/clips/export-4411')}`));
		expect(sim.uploads[0]).toMatchObject({
			filename: 'rain.mov',
			mimeType: 'video/quicktime',
			sha256: sha256(content),
		});
		expect(clips.requests.map((request) => request.path)).toEqual([
			'/redirect',
			'/clips/export-4411',
		]);
	});

	it('sends the Download Options headers to the recorder, never to Gaard', async () => {
		const url = clips.add('cam.mp4', clipOf(1000));
		await run(
			fromUrl(url, {
				downloadOptions: {
					headers: { values: [{ name: 'Authorization', value: 'Basic cmVjb3JkZXI6c2VjcmV0' }] },
				},
			}),
		);
		expect(clips.requests[0].headers.authorization).toBe('Basic cmVjb3JkZXI6c2VjcmV0');
		expect(sim.uploads).toHaveLength(1);
		expect(JSON.stringify(sim.requests)).not.toContain('cmVjb3JkZXI6c2VjcmV0');
	});

	it('sends headers named with spaces around them, skips those with no name, and sends an empty value as empty', async () => {
		const url = clips.add('cam.mp4', clipOf(1000));
		const values = [
			{ name: ' X-Api-Key ', value: 'key-1' },
			{ name: '  ', value: 'dropped' },
			{ value: 'nameless' },
			{ name: 'X-Empty' },
		];
		await run(fromUrl(url, { downloadOptions: { headers: { values } } }));
		expect(clips.requests[0].headers).toMatchObject({ 'x-api-key': 'key-1', 'x-empty': '' });
		expect(JSON.stringify(clips.requests[0].headers)).not.toMatch(/dropped|nameless/);
	});

	it.each([1, 102_400])('downloads with a Max Size (MB) of %s', async (maxSizeMb) => {
		const url = clips.add('cam.mp4', clipOf(1000));
		await run(fromUrl(url, { downloadOptions: { maxSizeMb } }));
		expect(sim.uploads).toHaveLength(1);
	});

	it('downloads the clip again when Gaard asks for the upload to be retried: one job, whole', async () => {
		const bytes = clipOf(300_000);
		const url = clips.add('vehicle.mp4', bytes);
		sim.addFault({ kind: 'status', status: 503, route: 'classify', retryAfter: '0' });
		const [item] = await run(fromUrl(url));
		expect(item.json.id).toBeDefined();
		expect(sim.jobCount).toBe(1);
		expect(sim.uploads.at(-1)).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
	});
});

describe('Classify Video from a URL that fails', () => {
	const signature = 'X-Sig=7f3a9c1e5b2d4f6a8c0e';

	it.each([
		[
			'a 404',
			'gone.mp4',
			'Could not download the video from {url}: the server answered HTTP 404',
			/deleted/,
		],
		[
			'a 403 (expired link)',
			'expired.mp4',
			'Could not download the video from {url}: the server answered HTTP 403',
			/expired/,
		],
		[
			'a web page',
			'login.mp4',
			'The file at {url} is not a video: the server sent "text/html"',
			/login page/,
		],
		['an empty clip', 'empty.mp4', 'The video at {url} is empty', /no bytes/],
		[
			'an empty clip of unknown length',
			'empty-chunked.mp4',
			'The video at {url} is empty',
			/no bytes/,
		],
		[
			'a clip over Max Size',
			'big.mp4',
			'The video at {url} is 5 MB, more than the 4 MB allowed',
			/Max Size/,
		],
		[
			'a clip over Max Size of unknown length',
			'big-chunked.mp4',
			'The video at {url} has more bytes, more than the 4 MB allowed',
			/Max Size/,
		],
		[
			'a connection cut short',
			'cut.mp4',
			'The download of {url} broke off after 0.1 MB',
			/closed the connection/,
		],
		[
			'a 401',
			'locked.mp4',
			'Could not download the video from {url}: the server answered HTTP 401',
			/need authentication/,
		],
		[
			'a 410',
			'deleted.mp4',
			'Could not download the video from {url}: the server answered HTTP 410',
			/deleted/,
		],
		[
			'a 429',
			'busy.mp4',
			'Could not download the video from {url}: the server answered HTTP 429',
			/busy or failing/,
		],
		[
			'a 500',
			'failing.mp4',
			'Could not download the video from {url}: the server answered HTTP 500',
			/busy or failing/,
		],
		[
			'a 400',
			'odd.mp4',
			'Could not download the video from {url}: the server answered HTTP 400',
			/^Check the URL and the headers sent with it\.$/,
		],
		[
			'a 302 that leads nowhere',
			'moved.mp4',
			'Could not download the video from {url}: the server answered HTTP 302',
			/^Check the URL and the headers/,
		],
		[
			'a 300',
			'choices.mp4',
			'Could not download the video from {url}: the server answered HTTP 300',
			/^Check the URL and the headers/,
		],
		[
			'a clip over a Max Size of 1.5 MB',
			'mid.mp4',
			'The video at {url} is 2 MB, more than the 1.5 MB allowed',
			/Max Size/,
		],
	])(
		'%s: a clear error naming the URL without its query, and nothing classified',
		async (_case, name, message, advice) => {
			const big = clipOf(5 * 1024 * 1024);
			clips.add('expired.mp4', clipOf(1000), { status: 403 });
			clips.add('login.mp4', clipOf(1000), { type: 'text/html' });
			clips.add('empty.mp4', Buffer.alloc(0));
			clips.add('empty-chunked.mp4', Buffer.alloc(0), { chunked: true });
			clips.add('big.mp4', big);
			clips.add('big-chunked.mp4', big, { chunked: true });
			clips.add('cut.mp4', clipOf(2 * 1024 * 1024), { breakAt: 65536 });
			for (const [clip, status] of [
				['locked.mp4', 401],
				['deleted.mp4', 410],
				['busy.mp4', 429],
				['failing.mp4', 500],
				['odd.mp4', 400],
				['moved.mp4', 302],
				['choices.mp4', 300],
			] as const) {
				clips.add(clip, clipOf(1000), { status });
			}
			clips.add('mid.mp4', clipOf(2 * 1024 * 1024));
			const maxSizeMb = name === 'mid.mp4' ? 1.5 : 4;
			const error = await failure(
				run(fromUrl(`${clips.url}/clips/${name}?${signature}`, { downloadOptions: { maxSizeMb } })),
			);
			expect(error.message).toBe(message.replace('{url}', `${clips.url}/clips/${name}`));
			expect(error.description).toMatch(advice);
			expect(shown(error)).not.toContain('7f3a9c1e');
			expect(sim.jobCount).toBe(0);
		},
	);

	it('refuses what is not an http(s) URL, without quoting it', async () => {
		for (const [value, description] of [
			['ftp://recorder.local/clip.mp4', '"ftp:" addresses are not downloaded.'],
			['clip.mp4', 'The value is not a URL.'],
			['', 'The value is not a URL.'],
		]) {
			const error = await failure(run(fromUrl(value)));
			expect(error.message).toBe('Video URL must be a full http:// or https:// address');
			expect(error.description).toBe(description);
		}
		expect(sim.requests).toHaveLength(0);
	});

	it('downloads https:// addresses too, and takes an address with spaces around it', async () => {
		const url = clips.add('cam.mp4', clipOf(1000));
		const port = new URL(url).port;
		const error = await failure(run(fromUrl(`https://127.0.0.1:${port}/clips/cam.mp4`)));
		expect(error.message).toMatch(
			new RegExp(
				`^Could not download the video from https://127\\.0\\.0\\.1:${port}/clips/cam\\.mp4: `,
			),
		);
		await run(fromUrl(`  ${url}  `));
		expect(sim.uploads).toHaveLength(1);
	});

	it('quotes what went wrong when it is not a network failure, on one line', async () => {
		clips.add('cam.mp4', clipOf(1000));
		const error = await failure(run(fromUrl(redirectsTo('/clips/cam.mp4', 6))));
		// Every piece of the query's values is removed from what is quoted: here the word "redirect" of `to`.
		expect(error.message).toBe(
			`Could not download the video from ${clips.url}/redirect: Maximum number of ***s exceeded`,
		);
		expect(error.description).toBe('Check the URL and that this n8n can reach its server.');
	});

	it.each([300, 500])(
		'refuses an answer of HTTP %s even when it carries a video, before asking Gaard anything',
		async (status) => {
			const url = clips.add(`status-${status}.mp4`, clipOf(1000), { status, type: 'video/mp4' });
			expect((await failure(run(fromUrl(url)))).message).toBe(
				`Could not download the video from ${url}: the server answered HTTP ${status}`,
			);
			expect(sim.requests).toHaveLength(0);
		},
	);

	it('takes an answer of HTTP 299 with a video as the video', async () => {
		const url = clips.add('status-299.mp4', clipOf(1000), { status: 299, type: 'video/mp4' });
		await run(fromUrl(url));
		expect(sim.uploads[0]).toMatchObject({ size: 1000 });
	});

	it('quotes at most 100 characters of a type that is not a video', async () => {
		const url = clips.add('page.mp4', clipOf(1000), { type: `text/${'x'.repeat(150)}` });
		expect((await failure(run(fromUrl(url)))).message).toBe(
			`The file at ${url} is not a video: the server sent "text/${'x'.repeat(95)}"`,
		);
	});

	it.each(['application/mp4-manifest+json', 'text/x-video/mp4'])(
		'refuses a type that only begins or ends as a video type does: %s',
		async (type) => {
			const url = clips.add('odd-type.mp4', clipOf(1000), { type });
			expect((await failure(run(fromUrl(url)))).message).toBe(
				`The file at ${url} is not a video: the server sent "${type}"`,
			);
			expect(sim.requests).toHaveLength(0);
		},
	);

	it('refuses an empty clip of announced length before asking Gaard anything', async () => {
		const url = clips.add('empty.mp4', Buffer.alloc(0));
		expect((await failure(run(fromUrl(url)))).message).toBe(`The video at ${url} is empty`);
		expect(sim.requests).toHaveLength(0);
	});

	it.each([false, true])('takes a clip of exactly Max Size (chunked: %s)', async (chunked) => {
		const url = clips.add('exact.mp4', clipOf(1024 * 1024), { chunked });
		await run(fromUrl(url, { downloadOptions: { maxSizeMb: 1 } }));
		expect(sim.uploads[0]).toMatchObject({ size: 1024 * 1024 });
	});

	it('names a server that cannot be reached', async () => {
		const url = clips.add('cam.mp4', clipOf(1000));
		await clips.stop();
		const error = await failure(run(fromUrl(`${url}?${signature}`)));
		expect(error.message).toBe(
			`Could not download the video from ${url}: the connection was refused`,
		);
	});

	it('names a server that closes the connection without answering', async () => {
		const url = clips.add('cam.mp4', clipOf(1000), { hangUp: true });
		const error = await failure(run(fromUrl(url)));
		expect(error.message).toBe(
			`Could not download the video from ${url}: the connection was closed before the server answered`,
		);
	});

	it('closes the download of a clip Gaard never took (the credential could not be read), with Continue On Fail too', async () => {
		// Larger than the sockets' buffers: the clip server sends it until the node reads or closes it.
		const url = clips.add('cam.mp4', clipOf(8 * 1024 * 1024));
		// Continue On Fail: no other item is stopped, so nothing but the node closes the download.
		const [[item]] = await runGaardNode({
			parameters: fromUrl(url),
			credentials: {},
			continueOnFail: true,
		});
		expect(item.json.error).toMatch(/credential/);
		expect(clips.requests).toHaveLength(1);
		await when(() => clips.clipsBeingSent === 0);
	});

	it('closes a download the upload stopped reading midway (Gaard dropped the connection), whatever comes of the item', async () => {
		// Larger than the sockets' buffers: the clip server is still sending when Gaard drops the upload.
		const url = clips.add('cam.mp4', clipOf(8 * 1024 * 1024));
		sim.addFault({ kind: 'reset', route: 'classify' });
		const [item] = await run(fromUrl(url), undefined, true);
		expect(item.json.error).toBeDefined();
		expect(clips.requests.length).toBeGreaterThan(0);
		await when(() => clips.clipsBeingSent === 0);
	});

	it('never shows the user info or a header value of a download that fails', async () => {
		const url = new URL(`${clips.url}/clips/missing.mp4`);
		url.username = 'operator';
		url.password = 'pa55w0rd-recorder';
		const error = await failure(
			run(
				fromUrl(url.href, {
					downloadOptions: {
						headers: { values: [{ name: 'X-Api-Key', value: 'key-9d8c7b6a5f4e' }] },
					},
				}),
			),
		);
		expect(error.message).toBe(
			`Could not download the video from ${clips.url}/clips/missing.mp4: the server answered HTTP 404`,
		);
		expect(JSON.stringify(error)).not.toMatch(/pa55w0rd|9d8c7b6a/);
	});

	it('with continue-on-fail, a failing URL becomes an error item and the others are classified', async () => {
		const good = clips.add('intrusion.mp4', clipOf(5000));
		const items = [
			{ json: { clip: good } },
			{ json: { clip: `${clips.url}/clips/nothing.mp4` } },
			{ json: { clip: good } },
		];
		const output = await run(fromUrl('={{ $json.clip }}'), items, true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.id).toBeDefined();
		expect(output[1].json.error).toBe(
			`Could not download the video from ${clips.url}/clips/nothing.mp4: the server answered HTTP 404`,
		);
		expect(output[2].json.id).toBeDefined();
		expect(sim.jobCount).toBe(2);
	});

	it('refuses a header name that is not one, quoting up to 40 characters of it', async () => {
		const url = clips.add('cam.mp4', clipOf(1000));
		const withHeader = (name: string) =>
			fromUrl(url, { downloadOptions: { headers: { values: [{ name, value: 'x' }] } } });
		expect((await failure(run(withHeader('Bad Header')))).message).toBe(
			'"Bad Header" is not a valid header name',
		);
		expect((await failure(run(withHeader(`Bad ${'h'.repeat(60)}`)))).message).toBe(
			`"Bad ${'h'.repeat(36)}" is not a valid header name`,
		);
		expect(clips.requests).toHaveLength(0);
	});

	it.each([0, 0.5, 102_401, 'abc'])(
		'refuses a Max Size (MB) of %s before downloading',
		async (maxSizeMb) => {
			const url = clips.add('cam.mp4', clipOf(1000));
			expect((await failure(run(fromUrl(url, { downloadOptions: { maxSizeMb } })))).message).toBe(
				'Max Size (MB) must be from 1 to 102400',
			);
			expect(clips.requests).toHaveLength(0);
		},
	);
});

describe('Classify Video from a URL, what it asks and what it makes of the answer', () => {
	it('asks for the video unencoded, so that its length is the length Gaard receives', async () => {
		await run(fromUrl(clips.add('cam.mp4', clipOf(1000))));
		expect(clips.requests[0].headers).toMatchObject({
			accept: 'video/*, application/octet-stream;q=0.9, */*;q=0.1',
			'accept-encoding': 'identity',
		});
	});

	it('refuses a clip the server compressed anyway, whose bytes outgrow the length announced', async () => {
		const clip = Buffer.alloc(300_000);
		const url = clips.add('packed.mp4', clip, { gzip: true });
		const error = await failure(run(fromUrl(url)));
		expect(error.message).toBe(
			`The video at ${url} has more bytes than the ${gzipSync(clip).length} its server announced`,
		);
		expect(error.description).toMatch(/turn compression off/);
		expect(sim.jobCount).toBe(0);
	});

	it('does not send Download Options headers on to another host it is redirected to', async () => {
		const other = new URL(clips.add('cam.mp4', clipOf(1000)));
		other.hostname = 'localhost';
		const headers = { values: [{ name: 'Authorization', value: 'Basic cmVjb3JkZXI=' }] };
		await run(
			fromUrl(`${clips.url}/redirect?to=${encodeURIComponent(other.href)}`, {
				downloadOptions: { headers },
			}),
		);
		expect(clips.requests.map((request) => request.headers.authorization)).toEqual([
			'Basic cmVjb3JkZXI=',
			undefined,
		]);
		expect(sim.uploads).toHaveLength(1);
	});

	it('follows at most 5 redirects', async () => {
		clips.add('cam.mp4', clipOf(1000));
		await run(fromUrl(redirectsTo('/clips/cam.mp4', 5)));
		expect(sim.uploads).toHaveLength(1);
		const error = await failure(run(fromUrl(redirectsTo('/clips/cam.mp4', 6))));
		expect(error.message).toMatch(
			new RegExp(`^Could not download the video from ${clips.url}/redirect`),
		);
		expect(sim.uploads).toHaveLength(1);
	});

	it.each([
		['VIDEO/MP4; codecs="avc1"', 'north.mp4', 'video/mp4'],
		['application/mp4', 'north.bin', 'application/mp4'],
		['application/octet-stream', 'north.MKV', 'video/x-matroska'],
		['binary/octet-stream', 'north.mov', 'video/quicktime'],
		['', 'north.webm', 'video/webm'],
		['', 'north.clip', 'application/octet-stream'],
	])('takes a video sent as "%s", named %s, as %s', async (type, name, mimeType) => {
		await run(fromUrl(clips.add(name, clipOf(1000), { type })));
		expect(sim.uploads[0]).toMatchObject({ filename: name, mimeType });
	});

	it.each([
		['a name from the path, decoded', 'north%20gate.mp4', 'north gate.mp4'],
		['a path with a broken escape, as it is', 'cam%E0.mp4', 'cam%E0.mp4'],
		['"video" when the path names nothing', '', 'video'],
		['"video" when the path is only dots', '...', 'video'],
	])('names the upload by %s', async (_, path, filename) => {
		clips.add(clipNameOf(path), clipOf(1000), { type: 'video/mp4' });
		await run(fromUrl(`${clips.url}/clips/${path}`));
		expect(sim.uploads[0]).toMatchObject({ filename });
	});

	it('says when the server sends no answer before the timeout', async () => {
		const url = clips.add('stuck.mp4', clipOf(1000), { silent: true });
		const error = await failure(
			whileTimingOut(run(fromUrl(url, { options: { timeout: 1 } })), () => clips.heldRequests > 0),
		);
		expect(error.message).toBe(
			`Could not download the video from ${url}: no answer before the timeout`,
		);
		expect(error.description).toBe(
			'Raise the Timeout option, or check that the server is reachable from n8n.',
		);
	});

	it('gives up on a server that sends no answer exactly when the Timeout option says', async () => {
		const url = clips.add('stuck.mp4', clipOf(1000), { silent: true });
		const clock = testClockInUse();
		const startedAt = clock.now();
		await failure(
			whileTimingOut(run(fromUrl(url, { options: { timeout: 7 } })), () => clips.heldRequests > 0),
		);
		expect(clock.now() - startedAt).toBe(7000);
	});

	it('names the server, not Gaard, when the clip stops coming midway until the timeout', async () => {
		const url = clips.add('stalled.mp4', clipOf(1024 * 1024), { stallAt: 100 * 1024 });
		const error = await failure(
			whileTimingOut(
				run(fromUrl(url, { options: { timeout: 7 } })),
				uploadWaitsOnStalledClip(clips, testClockInUse()),
			),
		);
		expect(error.message).toBe(
			`The download of ${url} stalled after 0.1 MB: no more bytes came before the timeout`,
		);
		expect(error.description).toBe(
			'The server stopped sending the clip: raise the Timeout option, or check the server.',
		);
		expect(sim.jobCount).toBe(0);
	});

	it('says the execution was cancelled when it is cancelled while the server has not answered', async () => {
		const url = clips.add('stuck.mp4', clipOf(1000), { silent: true });
		const cancel = new AbortController();
		const running = runGaardNode({
			parameters: fromUrl(url),
			credentials: { gaardApi: gaardCredential(sim.url, sim.token) },
			abortSignal: cancel.signal,
		});
		await when(() => clips.heldRequests > 0);
		cancel.abort();
		const error = await failure(running);
		expect(error.message).toBe('The execution was cancelled while downloading the video');
		expect(error.description).toBe(`GET ${url} was stopped.`);
		expect(sim.requests).toHaveLength(0);
	});

	it('fails when the clip changed size before the upload was sent again', async () => {
		const url = clips.add('growing.mp4', clipOf(1000));
		const gaard = await startSimulator({
			onRequest: (request) => {
				if (request.path === '/api/classify') clips.add('growing.mp4', clipOf(2000));
			},
		});
		try {
			gaard.addFault({ kind: 'status', status: 503, route: 'classify', retryAfter: '0' });
			const error = await failure(runGaardNodeAgainst(gaard, fromUrl(url)));
			expect(error.message).toBe(`The video at ${url} changed size between two attempts`);
			expect(error.description).toBe('Try again once the clip no longer changes.');
			expect(gaard.jobCount).toBe(0);
		} finally {
			await gaard.stop();
		}
	});
});

describe("Classify Video's output keeps the clip", () => {
	const parameters = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'classification',
		operation: 'classify',
		binaryPropertyName: 'data',
		waitMode: 'sync',
		...extra,
	});

	it("carries the input item's binary data, the same entries and not a copy", async () => {
		const stored = await filesystemBinary(Readable.from([clipOf(4096)]), 'intrusion-gate.mp4');
		const input = {
			json: {},
			binary: {
				data: stored,
				snapshot: memoryBinary(Buffer.from('jpeg'), 'still.jpg', 'image/jpeg'),
			},
		};
		const [item] = await run(parameters(), [input]);
		expect(item.json).toMatchObject({ risk: 'intrusion' });
		expect(item.binary).toBe(input.binary);
		expect(item.binary?.data.id).toBe(stored.id);
	});

	it('leaves it off when Keep Input Binary is off', async () => {
		const input = { json: {}, binary: { data: memoryBinary(clipOf(100), 'rain.mp4') } };
		const [item] = await run(parameters({ options: { keepInputBinary: false } }), [input]);
		expect(item.json).toMatchObject({ risk: 'safe' });
		expect(item.binary).toBeUndefined();
	});

	it('from a URL, keeps whatever binary the input item had', async () => {
		const url = clips.add('person.mp4', clipOf(100));
		const input = {
			json: {},
			binary: { snapshot: memoryBinary(Buffer.from('jpeg'), 'still.jpg', 'image/jpeg') },
		};
		const [withBinary, without] = await run(fromUrl(url), [input, { json: {} }]);
		expect(withBinary.binary).toBe(input.binary);
		expect(without.binary).toBeUndefined();
	});
});

describe('Classify Video as a tool for AI agents', () => {
	const { description } = new Gaard();
	const field = (name: string) => description.properties.find((property) => property.name === name);

	it('offers the URL source, and tells the agent what each field takes', () => {
		const source = field('videoSource');
		expect((source?.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'binary',
			'url',
		]);
		expect(source?.default).toBe('binary');
		expect(field('videoUrl')?.description).toMatch(
			/full http:\/\/ or https:\/\/ address of one video clip/,
		);
		expect(field('videoUrl')?.displayOptions?.show?.videoSource).toEqual(['url']);
		expect(field('binaryPropertyName')?.displayOptions?.show?.videoSource).toEqual(['binary']);
	});
});
