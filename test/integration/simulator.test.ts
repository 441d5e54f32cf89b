import { createHash } from 'node:crypto';
import http from 'node:http';

import { listen } from '../helpers/loopback';
import { TestClock } from '../helpers/testClock';
import { classify } from '../simulator/classifier';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

let sim: GaardSimulator;

beforeEach(async () => {
	sim = await startSimulator({ processingMs: 200 });
});

afterEach(async () => {
	await sim.stop();
});

const auth = (token = sim.token) => ({ Authorization: `Bearer ${token}` });

function videoForm(
	filename: string,
	bytes: Buffer | string = 'fake video bytes',
	fields: Record<string, string> = {},
) {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	form.append('video', new Blob([bytes], { type: 'video/mp4' }), filename);
	return form;
}

async function classifyVideo(
	filename: string,
	options: {
		sync?: boolean;
		fields?: Record<string, string>;
		headers?: Record<string, string>;
	} = {},
) {
	const response = await fetch(`${sim.url}/api/classify${options.sync ? '?sync=true' : ''}`, {
		method: 'POST',
		headers: { ...auth(), ...options.headers },
		body: videoForm(filename, `bytes of ${filename}`, options.fields),
	});
	return {
		status: response.status,
		body: (await response.json()) as Record<string, any>,
		headers: response.headers,
	};
}

async function getResult(id: string, headers: Record<string, string> = {}) {
	const response = await fetch(`${sim.url}/api/result/${id}`, {
		headers: { ...auth(), ...headers },
	});
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A webhook receiver on 127.0.0.1 that records every POST and answers with `status`. */
async function receiver(status = 200) {
	const received: Array<{ body: any; contentType?: string }> = [];
	const server = await listen((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				body: JSON.parse(Buffer.concat(chunks).toString()),
				contentType: req.headers['content-type'],
			});
			res
				.writeHead(status, { 'Content-Type': 'application/json' })
				.end(status < 300 ? '{"ok":true}' : '{"ok":false}');
		});
	});
	return { url: `${server.url}/hook`, received, close: server.close };
}

describe('authentication and tenants', () => {
	it('GET /api/me answers the token default tenant', async () => {
		const response = await fetch(`${sim.url}/api/me`, { headers: auth() });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ tenant: 'acme_prod' });
	});

	it('answers 401 with a JSON reason for a missing or wrong token, on every endpoint', async () => {
		for (const [path, method] of [
			['/api/me', 'GET'],
			['/api/result/x', 'GET'],
			['/api/classify', 'POST'],
		]) {
			const missing = await fetch(`${sim.url}${path}`, { method });
			const wrong = await fetch(`${sim.url}${path}`, { method, headers: auth('not-the-token') });
			for (const response of [missing, wrong]) {
				expect(response.status).toBe(401);
				expect(await response.json()).toEqual({
					error: 'invalid or expired token',
					code: 'unauthorized',
				});
			}
		}
	});

	it('selects the tenant from the tenant header, and refuses a tenant the token may not use', async () => {
		const other = await fetch(`${sim.url}/api/me`, {
			headers: { ...auth(), 'X-Gaard-Tenant': 'acme_staging' },
		});
		expect(await other.json()).toMatchObject({ tenant: 'acme_staging' });
		const foreign = await fetch(`${sim.url}/api/me`, {
			headers: { ...auth(), 'X-Gaard-Tenant': 'globex' },
		});
		expect(foreign.status).toBe(403);
		expect(await foreign.json()).toMatchObject({ code: 'forbidden' });
	});

	it('keeps each tenant to its own results', async () => {
		const { body } = await classifyVideo('intrusion.mp4', {
			headers: { 'X-Gaard-Tenant': 'acme_staging' },
		});
		expect((await getResult(body.id, { 'X-Gaard-Tenant': 'acme_staging' })).status).toBe(200);
		expect((await getResult(body.id)).status).toBe(404);
	});
});

describe('classification', () => {
	it('accepts an upload with 202 and a pending result, then shows it processing, then done', async () => {
		const clock = new TestClock('manual');
		sim.clock = clock;
		const accepted = await classifyVideo('intrusion-gate.mp4');
		expect(accepted.status).toBe(202);
		expect(accepted.body).toMatchObject({ status: { classify: 'pending', video: 'pending' } });
		expect(accepted.body.id).toMatch(/^[0-9a-f]{24}$/);
		expect((await getResult(accepted.body.id)).body.status).toEqual({
			classify: 'pending',
			video: 'pending',
		});
		// Half its processing time later (on the simulator's clock, moved by the test), it is processing.
		clock.skip(sim.processingMs / 2);
		expect((await getResult(accepted.body.id)).body.status).toEqual({
			classify: 'processing',
			video: 'processing',
		});
		await sim.finished(accepted.body.id);
		const done = await getResult(accepted.body.id);
		expect(done.body).toMatchObject({
			id: accepted.body.id,
			status: { classify: 'done', video: 'done' },
			risk: 'intrusion',
			labels: ['intrusion', 'person'],
			error_code: 0,
			result: 'classified',
			tenant: 'acme_prod',
			video: {
				filename: 'intrusion-gate.mp4',
				filesize: Buffer.byteLength('bytes of intrusion-gate.mp4'),
			},
		});
	});

	it('waits for the final result with ?sync=true', async () => {
		const started = Date.now();
		const { status, body } = await classifyVideo('rain-at-night.mov', { sync: true });
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: { classify: 'done' }, risk: 'safe', labels: ['rain'] });
	});

	it('classifies deterministically: the same name and bytes give the same scores', () => {
		const sha = createHash('sha256').update('same').digest('hex');
		expect(classify('clip.mp4', sha)).toEqual(classify('clip.mp4', sha));
		expect(classify('corrupt.mp4', sha)).toMatchObject({ errorCode: 2, risk: '', labels: [] });
		const intrusion = classify('intrusion.mp4', sha);
		expect(intrusion.scores.intrusion).toBeGreaterThanOrEqual(0.9);
		expect(intrusion.scores.rain).toBeLessThan(0.06);
		// The risk scores high even when it is not among the labels.
		expect(classify('person.mp4', sha)).toMatchObject({ risk: 'intrusion', labels: ['person'] });
		expect(classify('person.mp4', sha).scores.intrusion).toBeGreaterThanOrEqual(0.9);
	});

	it('produces error results (error_code != 0) for unreadable videos', async () => {
		const { body } = await classifyVideo('corrupt-clip.mp4', { sync: true });
		expect(body).toMatchObject({
			status: { classify: 'done' },
			error_code: 2,
			error_msg: 'video could not be decoded',
			risk: '',
		});
	});

	it('returns camera, site, analyse id and metadata the way Gaard does', async () => {
		const { body } = await classifyVideo('person.mp4', {
			sync: true,
			fields: {
				camera_id: 'VI08',
				site_id: '134188',
				analyse_id: '3373550353',
				flow: 'default',
				metadata: '{"zone":"north"}',
			},
		});
		expect(body).toMatchObject({
			camera_id: '134188-VI08',
			analyse_id: 3373550353,
			metadata: { camera_id: 'VI08', site_id: 134188, zone: 'north' },
		});
		expect(sim.uploads[0]).toMatchObject({
			filename: 'person.mp4',
			mimeType: 'video/mp4',
			fields: { camera_id: 'VI08' },
		});
	});

	it('answers 404 for an unknown result id', async () => {
		const { status, body } = await getResult('000000000000000000000000');
		expect(status).toBe(404);
		expect(body).toEqual({ error: 'result 000000000000000000000000 not found', code: 'not_found' });
	});

	it('refuses a body without a video part, a body that is not multipart, and bad metadata', async () => {
		const noVideo = new FormData();
		noVideo.append('camera_id', 'VI08');
		const cases: Array<[RequestInit, string]> = [
			[{ body: noVideo }, 'missing the video file part'],
			[
				{ body: '{"video":"x"}', headers: { 'Content-Type': 'application/json' } },
				'expected multipart/form-data',
			],
			[{ body: videoForm('a.mp4', 'x', { metadata: '[1,2]' }) }, 'metadata must be a JSON object'],
		];
		for (const [init, error] of cases) {
			const response = await fetch(`${sim.url}/api/classify`, {
				method: 'POST',
				...init,
				headers: { ...auth(), ...(init.headers as Record<string, string>) },
			});
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject({ error, code: 'bad_request' });
		}
		expect(sim.jobCount).toBe(0);
	});

	it('answers 413 for a video over the size limit', async () => {
		sim.maxUploadBytes = 1000;
		const response = await fetch(`${sim.url}/api/classify`, {
			method: 'POST',
			headers: auth(),
			body: videoForm('big.mp4', Buffer.alloc(5000)),
		});
		expect(response.status).toBe(413);
		expect(sim.jobCount).toBe(0);
	});

	it('consumes a large upload as a stream: its memory does not grow with the file', async () => {
		const size = 256 * 1024 * 1024;
		const chunk = Buffer.alloc(1024 * 1024, 7);
		const hash = createHash('sha256');
		const boundary = 'sim-test-boundary';
		const head = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="site-archive.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
		);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		global.gc?.();
		const before = process.memoryUsage().rss;
		let peak = before;
		const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
			const req = http.request(`${sim.url}/api/classify`, {
				method: 'POST',
				headers: {
					...auth(),
					'Content-Type': `multipart/form-data; boundary=${boundary}`,
					'Content-Length': head.length + size + tail.length,
				},
			});
			req.on('response', (res) => {
				let body = '';
				res.on('data', (data) => (body += data));
				res.on('end', () => resolve({ status: res.statusCode, body }));
			});
			req.on('error', reject);
			let sent = 0;
			const write = () => {
				while (sent < size) {
					sent += chunk.length;
					hash.update(chunk);
					peak = Math.max(peak, process.memoryUsage().rss);
					if (!req.write(chunk)) {
						req.once('drain', write);
						return;
					}
				}
				req.end(Buffer.concat([tail]));
			};
			req.write(head);
			write();
		});
		expect(answer.status).toBe(202);
		expect(sim.uploads[0]).toMatchObject({ size, sha256: hash.digest('hex') });
		// The whole file would be 256 MiB; streaming keeps the process far below that.
		expect((peak - before) / 1024 / 1024).toBeLessThan(96);
	});
});

describe('webhook integrations', () => {
	it('POSTs the final result once to every integration of the flow, as JSON', async () => {
		const [first, second, otherFlow] = await Promise.all([receiver(), receiver(), receiver()]);
		sim.setWebhooks([first.url, second.url]);
		sim.setWebhooks([otherFlow.url], 'night-shift');
		const { body } = await classifyVideo('vehicle-parking.mp4');
		await sim.waitForDelivery(body.id);
		for (const target of [first, second]) {
			expect(target.received).toHaveLength(1);
			expect(target.received[0].contentType).toBe('application/json');
			expect(target.received[0].body).toEqual((await getResult(body.id)).body);
		}
		expect(otherFlow.received).toHaveLength(0);
		expect(sim.deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
		await Promise.all([first.close(), second.close(), otherFlow.close()]);
	});

	it('delivers a flow only to its own integrations', async () => {
		const night = await receiver();
		sim.setWebhooks([night.url], 'night-shift');
		const { body } = await classifyVideo('person.mp4', { fields: { flow: 'night-shift' } });
		await sim.waitForDelivery(body.id);
		expect(night.received.map((entry) => entry.body.id)).toEqual([body.id]);
		await night.close();
	});

	it('does not retry a delivery answered with an error, nor one that cannot connect', async () => {
		const failing = await receiver(500);
		sim.setWebhooks([failing.url, 'http://127.0.0.1:1/unreachable']);
		const { body } = await classifyVideo('intrusion.mp4');
		const deliveries = await sim.waitForDelivery(body.id);
		await sim.settled();
		// Nothing is left to do: no second attempt is on its way.
		expect(sim.scheduledWork).toBe(0);
		expect(failing.received).toHaveLength(1);
		expect(deliveries).toHaveLength(2);
		expect(deliveries.find((d) => d.url === failing.url)?.status).toBe(500);
		expect(deliveries.find((d) => d.url.includes('unreachable'))?.error).toBeDefined();
		await failing.close();
	});

	it('publishes a given result (the docs example, say) through the same delivery', async () => {
		const target = await receiver();
		sim.setWebhooks([target.url]);
		const result = {
			id: '6662f5c1f897618de43f0bbd',
			status: { classify: 'done', video: 'done' },
			tenant: 'acme_prod',
		};
		await sim.publishResult(result);
		expect(target.received[0].body).toEqual(result);
		expect((await getResult(result.id)).body).toEqual(result);
		await target.close();
	});
});

describe('fault knobs', () => {
	it('adds latency', async () => {
		sim.addFault({ kind: 'latency', ms: 300, route: 'me' });
		const started = Date.now();
		expect((await fetch(`${sim.url}/api/me`, { headers: auth() })).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('answers 429 with Retry-After, then serves normally once the fault is used up', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: '2', route: 'me', times: 2 });
		for (let i = 0; i < 2; i++) {
			const response = await fetch(`${sim.url}/api/me`, { headers: auth() });
			expect(response.status).toBe(429);
			expect(response.headers.get('retry-after')).toBe('2');
		}
		expect((await fetch(`${sim.url}/api/me`, { headers: auth() })).status).toBe(200);
	});

	it.each([500, 503])('answers %i and takes no job', async (status) => {
		sim.addFault({ kind: 'status', status, route: 'classify' });
		const response = await fetch(`${sim.url}/api/classify`, {
			method: 'POST',
			headers: auth(),
			body: videoForm('a.mp4'),
		});
		expect(response.status).toBe(status);
		expect(await response.json()).toMatchObject({ code: 'simulated' });
		expect(sim.jobCount).toBe(0);
	});

	it('can answer with a non-JSON body', async () => {
		sim.addFault({
			kind: 'status',
			status: 502,
			body: '<html>Bad Gateway</html>',
			contentType: 'text/html',
			route: 'result',
		});
		const response = await fetch(`${sim.url}/api/result/x`, { headers: auth() });
		expect(response.status).toBe(502);
		expect(await response.text()).toBe('<html>Bad Gateway</html>');
	});

	it('resets the connection before taking the job', async () => {
		sim.addFault({ kind: 'reset', route: 'classify' });
		await expect(
			fetch(`${sim.url}/api/classify`, {
				method: 'POST',
				headers: auth(),
				body: videoForm('a.mp4'),
			}),
		).rejects.toThrow();
		expect(sim.jobCount).toBe(0);
	});

	it('resets the connection after taking the job', async () => {
		sim.addFault({ kind: 'reset', when: 'after', route: 'classify' });
		await expect(
			fetch(`${sim.url}/api/classify`, {
				method: 'POST',
				headers: auth(),
				body: videoForm('a.mp4'),
			}),
		).rejects.toThrow();
		expect(sim.jobCount).toBe(1);
	});

	it('answers malformed JSON', async () => {
		sim.addFault({ kind: 'malformedJson', route: 'me' });
		const response = await fetch(`${sim.url}/api/me`, { headers: auth() });
		expect(response.status).toBe(200);
		await expect(response.json()).rejects.toThrow();
	});

	it('sends a slow body that still arrives whole', async () => {
		sim.addFault({ kind: 'slowBody', ms: 400, route: 'me' });
		const started = Date.now();
		const response = await fetch(`${sim.url}/api/me`, { headers: auth() });
		expect(await response.json()).toMatchObject({ tenant: 'acme_prod' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(350);
	});

	it('targets only the route it names', async () => {
		sim.addFault({ kind: 'status', status: 503, route: 'result' });
		expect((await fetch(`${sim.url}/api/me`, { headers: auth() })).status).toBe(200);
		expect((await fetch(`${sim.url}/api/result/x`, { headers: auth() })).status).toBe(503);
	});
});

describe('control API', () => {
	it('sets webhooks and faults, publishes results and reports its state over HTTP', async () => {
		const target = await receiver();
		await fetch(`${sim.url}/_simulator/webhooks/default`, {
			method: 'PUT',
			body: JSON.stringify({ urls: [target.url] }),
		});
		await fetch(`${sim.url}/_simulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ kind: 'status', status: 503, route: 'me' }),
		});
		expect((await fetch(`${sim.url}/api/me`, { headers: auth() })).status).toBe(503);
		await fetch(`${sim.url}/_simulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ kind: 'status', status: 503, route: 'me' }),
		});
		await fetch(`${sim.url}/_simulator/faults`, { method: 'DELETE' });
		expect((await fetch(`${sim.url}/api/me`, { headers: auth() })).status).toBe(200);
		const published = await fetch(`${sim.url}/_simulator/results`, {
			method: 'POST',
			body: JSON.stringify({ id: 'r-1', status: { classify: 'done' } }),
		});
		expect(await published.json()).toMatchObject({
			ok: true,
			deliveries: [{ resultId: 'r-1', status: 200 }],
		});
		const state = (await (await fetch(`${sim.url}/_simulator`)).json()) as Record<string, any>;
		expect(state).toMatchObject({
			url: sim.url,
			token: sim.token,
			webhooks: { default: [target.url] },
		});
		await target.close();
	});
});
