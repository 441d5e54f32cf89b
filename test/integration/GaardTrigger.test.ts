import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { storedWindowIds } from '../../nodes/Gaard/trigger/dedup';
import { VERIFY_DEADLINE_MS } from '../../nodes/Gaard/trigger/delivery';
import { STATIC_DATA_WRITE_INTERVAL_MS } from '../../nodes/Gaard/trigger/processState';
import { failure } from '../helpers/failure';
import { captureLogs } from '../helpers/logs';
import { postJson } from '../helpers/loopback';
import { WEBHOOK_BASE_URL, gaardCredential, runTriggerHook, triggerNode } from '../helpers/n8nCore';
import type { TriggerServer, TriggerServerOptions } from '../helpers/triggerServer';
import { useTestClock } from '../helpers/testClock';
import { startTriggerServer } from '../helpers/triggerServer';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';
import { DOC_EXAMPLE_DERIVED, docExamplePayload } from '../fixtures';

const docExample = docExamplePayload;

let server: TriggerServer | undefined;

async function serve(
	parameters: TriggerServerOptions['parameters'] = {},
	options: Partial<TriggerServerOptions> = {},
) {
	server = await startTriggerServer({ parameters, ...options });
	return server;
}

afterEach(async () => {
	await server?.stop();
	server = undefined;
});

/** Delivers `body` to the trigger served (or to `url`); its answer: status, text and JSON. */
async function deliver(
	body: unknown,
	options: {
		contentType?: string | null;
		headers?: Record<string, string>;
		query?: string;
		url?: string;
	} = {},
) {
	const { status, text, json } = await postJson(
		`${options.url ?? server!.url}${options.query ?? ''}`,
		body,
		{
			contentType: options.contentType === undefined ? 'application/json' : options.contentType,
			headers: options.headers,
		},
	);
	return { status, text, json };
}

const result = (overrides: Record<string, unknown> = {}) => ({ ...docExample(), ...overrides });
const emittedIds = () =>
	server!.executions.flatMap((execution) =>
		execution.workflowData.flat().map((item) => item.json.id),
	);

describe('an accepted delivery', () => {
	it('turns the docs\' example payload into one item, field for field, answered {"ok":true}', async () => {
		await serve();
		const payload = docExample();
		const answer = await deliver(payload);
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('{"ok":true}');
		expect(server!.executions).toHaveLength(1);
		const [[item]] = server!.executions[0].workflowData;
		const { _derived: derived, ...fields } = item.json as Record<string, any>;
		expect(fields).toEqual(payload);
		expect(derived).toMatchObject({ ...DOC_EXAMPLE_DERIVED, source: 'webhook' });
		expect(typeof derived.latencySeconds).toBe('number');
	});

	it('takes application/json in any case and with parameters', async () => {
		await serve();
		expect(
			(await deliver(docExample(), { contentType: 'Application/JSON; charset=utf-8' })).text,
		).toBe('{"ok":true}');
		expect(emittedIds()).toEqual([docExample().id]);
	});

	it('keeps fields Gaard adds later', async () => {
		await serve();
		await deliver(result({ zone: 'north gate' }));
		expect(server!.executions[0].workflowData[0][0].json.zone).toBe('north gate');
	});

	it.each([1, 1.1])(
		'accepts a JSON media type that n8n leaves unparsed (application/...+json), at version %s',
		async (typeVersion) => {
			await serve({}, { typeVersion });
			const answer = await deliver(docExample(), {
				contentType: 'application/vnd.gaard.result+json',
			});
			expect(answer.status).toBe(200);
			expect(emittedIds()).toEqual([docExample().id]);
		},
	);

	it('behaves at version 1, which saved workflows keep, as at the version new workflows get', async () => {
		for (const typeVersion of [1, 1.1]) {
			await serve({ filters: { alarmsOnly: true } }, { typeVersion });
			expect((await deliver(docExample())).text).toBe('{"ok":true}');
			expect((await deliver(docExample())).text).toBe('{"ok":true,"duplicate":true}');
			expect((await deliver(result({ id: 'rain-1', risk: 'nothing' }))).text).toBe('{"ok":true}');
			expect(emittedIds()).toEqual([docExample().id]);
			await server!.stop();
		}
		server = undefined;
	});
});

describe('a malformed delivery gets a 4xx with a JSON reason, and starts nothing', () => {
	beforeEach(async () => {
		await serve();
	});

	afterEach(() => {
		expect(server!.executions).toHaveLength(0);
	});

	it.each([
		['text/plain', 'not json at all'],
		['application/x-www-form-urlencoded', 'id=1'],
		[null, '{"id":"x"}'],
	])('refuses Content-Type %s with 415', async (contentType, body) => {
		const answer = await deliver(body, { contentType });
		expect(answer.status).toBe(415);
		expect(answer.json).toEqual({
			ok: false,
			error: expect.stringMatching(/^Expected a JSON body/),
		});
	});

	it('names the Content-Type it refuses, or its absence', async () => {
		expect((await deliver('x', { contentType: 'Text/Plain; charset=utf-8' })).json.error).toBe(
			'Expected a JSON body (Content-Type: application/json), got text/plain',
		);
		// Bytes, which fetch sends without a Content-Type (text it would call text/plain).
		const untyped = await fetch(server!.url, {
			method: 'POST',
			body: new TextEncoder().encode('{}'),
		});
		expect(await untyped.json()).toEqual({
			ok: false,
			error: 'Expected a JSON body (Content-Type: application/json), got no Content-Type',
		});
	});

	it('refuses a JSON body that is not an object', async () => {
		for (const body of ['[1,2]', '"a string"', '42']) {
			const answer = await deliver(body);
			expect(answer.status).toBe(400);
			expect(answer.json).toMatchObject({
				ok: false,
				error: expect.stringContaining('must be a JSON object'),
			});
		}
	});

	it('refuses an empty body', async () => {
		const answer = await deliver('');
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			ok: false,
			error: 'The body is empty: expected a Gaard classification result',
		});
	});

	it('refuses wrong types, listing each bad path', async () => {
		const answer = await deliver(
			result({ risk: 5, scores: { person: 'high' }, status: { video: 'done' } }),
		);
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Not a valid Gaard result: /),
		});
		expect(answer.json.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
			'risk',
			'scores.person',
			'status.classify',
		]);
		for (const issue of answer.json.issues) expect(typeof issue.message).toBe('string');
	});

	it('refuses a result without an id', async () => {
		const { id: _id, ...withoutId } = docExample();
		const answer = await deliver(withoutId);
		expect(answer.status).toBe(400);
		expect(answer.json.issues).toEqual([{ path: 'id', message: expect.any(String) }]);
	});

	it("refuses with 413 a body of a JSON media type n8n leaves to the node that is over n8n's payload limit", async () => {
		await server!.stop();
		await serve({}, { payloadSizeMax: 1000 });
		const answer = await deliver(result({ pad: 'x'.repeat(1000) }), {
			contentType: 'application/vnd.gaard.result+json',
		});
		expect(answer.status).toBe(413);
		expect(answer.json).toEqual({
			ok: false,
			error: expect.stringContaining('N8N_PAYLOAD_SIZE_MAX'),
		});
	});

	it('refuses an empty body, or JSON that is not an object, under a JSON media type that n8n leaves to the node', async () => {
		const contentType = 'application/vnd.gaard.result+json';
		expect((await deliver('', { contentType })).json).toEqual({
			ok: false,
			error: 'The body is empty: expected a Gaard classification result',
		});
		for (const body of ['[1]', '"text"', 'null']) {
			const answer = await deliver(body, { contentType });
			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({
				ok: false,
				error: 'The body must be a JSON object (a Gaard classification result)',
			});
		}
	});

	it('refuses invalid JSON under a JSON media type that n8n leaves to the node', async () => {
		const answer = await deliver('{"id": ', { contentType: 'application/problem+json' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ ok: false, error: 'The body is not valid JSON' });
	});
});

describe('filters: a result that does not match is acknowledged and starts nothing', () => {
	const cases: Array<[string, INodeParameters, Record<string, unknown>, Record<string, unknown>]> =
		[
			['alarmsOnly', { alarmsOnly: true }, { risk: 'danger' }, { risk: 'nothing' }],
			['risks', { risks: 'intrusion, danger' }, { risk: 'danger' }, { risk: 'safe' }],
			['risks (any case)', { risks: 'INTRUSION' }, {}, { risk: 'safe' }],
			[
				'labels',
				{ labels: 'vehicule, person' },
				{ labels: ['person'] },
				{ labels: ['rain', 'wind'] },
			],
			[
				'minScore on the risk',
				{ minScore: 0.9 },
				{},
				{ scores: { ...docExample().scores, intrusion: 0.5 } },
			],
			[
				'minScore on a chosen label',
				{ minScore: 0.1, scoreLabel: 'vehicule' },
				{},
				{ scores: { ...docExample().scores, vehicule: 0.05 } },
			],
			[
				'cameraIds (metadata id)',
				{ cameraIds: 'VI08' },
				{},
				{ metadata: { camera_id: 'VI09', site_id: 134188 }, camera_id: '134188-VI09' },
			],
			[
				'cameraIds (Gaard id)',
				{ cameraIds: '134188-VI08' },
				{},
				{ metadata: {}, camera_id: '99-VI01' },
			],
			['siteIds', { siteIds: '134188, 2' }, {}, { metadata: { camera_id: 'VI08', site_id: 777 } }],
		];

	it.each(cases)('%s', async (_name, filters, matching, notMatching) => {
		await serve({ filters });
		const passed = await deliver(result({ id: 'match-1', ...matching }));
		const filtered = await deliver(result({ id: 'filtered-1', ...notMatching }));
		expect(passed.text).toBe('{"ok":true}');
		expect(filtered.status).toBe(200);
		expect(filtered.text).toBe('{"ok":true}');
		expect(emittedIds()).toEqual(['match-1']);
	});

	it('does not apply the alarm, risk, label or score filters to error results, which have none', async () => {
		await serve({ filters: { alarmsOnly: true, risks: 'intrusion', minScore: 0.5 } });
		await deliver(result({ id: 'err-1', error_code: 2, risk: '', labels: [], scores: {} }));
		expect(emittedIds()).toEqual(['err-1']);
	});
});

describe('error results (error_code != 0)', () => {
	const errorResult = () =>
		result({
			id: 'err-1',
			error_code: 2,
			error_msg: 'video could not be decoded',
			risk: '',
			labels: [],
		});

	it('are emitted with the others by default', async () => {
		await serve();
		await deliver(errorResult());
		const [[item]] = server!.executions[0].workflowData;
		expect(item.json).toMatchObject({ id: 'err-1', _derived: { isError: true, isAlarm: false } });
	});

	it('can be dropped: acknowledged, nothing starts', async () => {
		await serve({ errorResults: 'drop' });
		expect((await deliver(errorResult())).text).toBe('{"ok":true}');
		await deliver(result({ id: 'fine-1' }));
		expect(emittedIds()).toEqual(['fine-1']);
	});

	it('can go to a second output named Error, the others to the first', async () => {
		await serve({ errorResults: 'separateOutput' });
		await deliver(errorResult());
		await deliver(result({ id: 'fine-1' }));
		const [errorRun, fineRun] = server!.executions.map((execution) => execution.workflowData);
		expect(errorRun[0]).toEqual([]);
		expect(errorRun[1].map((item) => item.json.id)).toEqual(['err-1']);
		expect(fineRun[0].map((item) => item.json.id)).toEqual(['fine-1']);
		expect(fineRun[1]).toEqual([]);
	});
});

describe('shared secret', () => {
	it('in the default query parameter "token": missing or wrong gets 401 and starts nothing', async () => {
		await serve({ security: { secret: 's3cret-value' } });
		const missing = await deliver(docExample());
		const wrong = await deliver(docExample(), { query: '?token=nope' });
		for (const answer of [missing, wrong]) {
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual({
				ok: false,
				error: 'Missing or wrong secret (expected in the query parameter "token")',
			});
		}
		expect(server!.executions).toHaveLength(0);
		expect((await deliver(docExample(), { query: '?token=s3cret-value' })).text).toBe(
			'{"ok":true}',
		);
		expect(server!.executions).toHaveLength(1);
	});

	it('in the default header "x-gaard-token", or one the user names', async () => {
		await serve({ security: { secret: 'abc', secretLocation: 'header' } });
		expect((await deliver(docExample(), { headers: { 'X-Gaard-Token': 'abc' } })).status).toBe(200);
		await server!.stop();
		await serve({
			security: { secret: 'abc', secretLocation: 'header', parameterOrHeaderName: 'X-Proxy-Auth' },
		});
		expect((await deliver(docExample(), { headers: { 'X-Gaard-Token': 'abc' } })).status).toBe(401);
		expect((await deliver(docExample(), { headers: { 'x-proxy-auth': 'abc' } })).status).toBe(200);
		await server!.stop();
		await serve({
			security: {
				secret: 'abc',
				secretLocation: 'header',
				parameterOrHeaderName: ' X-Proxy-Auth ',
			},
		});
		expect((await deliver(docExample(), { headers: { 'x-proxy-auth': 'abc' } })).status).toBe(200);
	});

	it('in a header, says which one when it is missing or wrong', async () => {
		await serve({
			security: { secret: 'abc', secretLocation: 'header', parameterOrHeaderName: 'X-Proxy-Auth' },
		});
		const answer = await deliver(docExample(), { headers: { 'X-Proxy-Auth': 'nope' } });
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({
			ok: false,
			error: 'Missing or wrong secret (expected in the header "X-Proxy-Auth")',
		});
	});

	it('is trimmed, since HTTP strips the spaces around a header value', async () => {
		await serve({ security: { secret: '  abc \n', secretLocation: 'header' } });
		expect((await deliver(docExample(), { headers: { 'x-gaard-token': 'abc' } })).status).toBe(200);
	});

	it('given more than once in the query is refused, even when each copy is right', async () => {
		await serve({ security: { secret: 'abc' } });
		expect((await deliver(docExample(), { query: '?token=abc&token=abc' })).status).toBe(401);
		expect((await deliver(docExample(), { query: '?token=abc&token=nope' })).status).toBe(401);
		expect(server!.executions).toHaveLength(0);
	});

	it('counts only where it is expected: the other place neither helps nor hurts', async () => {
		await serve({ security: { secret: 'abc' } });
		expect((await deliver(docExample(), { headers: { 'x-gaard-token': 'abc' } })).status).toBe(401);
		expect(
			(await deliver(docExample(), { query: '?token=abc', headers: { 'x-gaard-token': 'wrong' } }))
				.status,
		).toBe(200);
	});

	it('is checked before the body, so an unauthenticated sender learns nothing about it', async () => {
		await serve({ security: { secret: 'abc' } });
		expect((await deliver('not json', { contentType: 'text/plain' })).status).toBe(401);
	});

	it('may be an expression, evaluated for each delivery', async () => {
		await serve({ security: { secret: '={{ "s3cret" + "-value" }}' } });
		expect((await deliver(docExample())).status).toBe(401);
		expect((await deliver(docExample(), { query: '?token=s3cret-value' })).text).toBe(
			'{"ok":true}',
		);
	});

	it('written as an expression that gives nothing, fails activation and every delivery rather than let anyone in', async () => {
		const emptySecret = { security: { secret: '={{ "" }}' } };
		await expect(runTriggerHook('create', emptySecret)).rejects.toThrow(
			'Secret is an expression that gave no value',
		);
		await serve(emptySecret);
		expect((await deliver(docExample())).status).toBe(500);
		expect(server!.executions).toHaveLength(0);
	});
});

describe('IP allowlist', () => {
	it('lets listed addresses and ranges in', async () => {
		await serve({ security: { allowedIps: '10.0.0.0/8, 127.0.0.1' } });
		expect((await deliver(docExample())).status).toBe(200);
	});

	it('refuses other addresses with 403, starting nothing', async () => {
		await serve({ security: { allowedIps: '10.0.0.0/8, 2001:db8::/32' } });
		const answer = await deliver(docExample());
		expect(answer.status).toBe(403);
		expect(answer.json).toEqual({
			ok: false,
			error: expect.stringMatching(/^Deliveries from .*127\.0\.0\.1 are not allowed/),
		});
		expect(server!.executions).toHaveLength(0);
	});

	it('uses the forwarded client address when n8n trusts its proxy (N8N_PROXY_HOPS)', async () => {
		await serve({ security: { allowedIps: '203.0.113.0/24' } }, { proxyHops: 1 });
		expect(
			(await deliver(docExample(), { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status,
		).toBe(200);
		expect(
			(await deliver(docExample(), { headers: { 'X-Forwarded-For': '198.51.100.1' } })).status,
		).toBe(403);
	});

	it('that lists only separators fails activation, instead of letting everyone in', async () => {
		await expect(runTriggerHook('create', { security: { allowedIps: ' , ,\n' } })).rejects.toThrow(
			'Allowed IPs lists no address',
		);
	});

	it('with an invalid entry, fails activation naming it', async () => {
		await expect(
			runTriggerHook('create', { security: { allowedIps: '10.0.0.0/8, 10.0.0/33, bogus' } }),
		).rejects.toThrow('Allowed IPs: "10.0.0/33", "bogus" is not an IP address or CIDR range');
	});
});

describe('verify with Gaard', () => {
	let sim: GaardSimulator;

	beforeEach(async () => {
		sim = await startSimulator();
	});

	afterEach(async () => {
		await sim.stop();
	});

	const verifying = () =>
		serve(
			{ security: { verifyWithGaard: true } },
			{ credentials: { gaardApi: gaardCredential(sim.url, sim.token) } },
		);

	it("emits Gaard's own copy of the result, not the posted body", async () => {
		const genuine: Record<string, any> = { ...docExample(), tenant: 'acme_prod' };
		await sim.publishResult(genuine);
		await verifying();
		const answer = await deliver({
			...genuine,
			risk: 'safe',
			labels: ['rain'],
			metadata: { site_id: 1 },
		});
		expect(answer.text).toBe('{"ok":true}');
		const [[item]] = server!.executions[0].workflowData;
		const { _derived: derived, ...fields } = item.json as Record<string, any>;
		expect(fields).toEqual(genuine);
		expect(derived.source).toBe('verified');
		expect(sim.requests.map((request) => request.path)).toEqual([`/api/result/${genuine.id}`]);
	});

	it('refuses a result Gaard does not know with 403, and that does not burn the real id', async () => {
		await verifying();
		const forged = await deliver(docExample());
		expect(forged.status).toBe(403);
		expect(forged.json.error).toMatch(/Gaard has no result with ID "6662f5c1f897618de43f0bbd"/);
		expect(server!.executions).toHaveLength(0);
		await sim.publishResult({ ...docExample(), tenant: 'acme_prod' });
		expect((await deliver(docExample())).text).toBe('{"ok":true}');
		expect(server!.executions).toHaveLength(1);
	});

	it("answers 502 and starts nothing when Gaard cannot be asked, without repeating Gaard's address or words", async () => {
		sim.addFault({
			kind: 'status',
			status: 500,
			route: 'result',
			body: JSON.stringify({ error: 'db shard 7 down' }),
		});
		await verifying();
		const answer = await deliver(docExample());
		expect(answer.status).toBe(502);
		expect(answer.json).toEqual({
			ok: false,
			error:
				"Could not verify the result with Gaard (Gaard answered HTTP 500); the reason is in n8n's log",
		});
		expect(answer.text).not.toContain(sim.url);
		expect(answer.text).not.toContain('shard');
		expect(server!.executions).toHaveLength(0);
	});

	it("logs why Gaard could not be asked, Gaard's words included, for the operator", async () => {
		const logs = captureLogs();
		sim.addFault({
			kind: 'status',
			status: 500,
			route: 'result',
			body: JSON.stringify({ error: 'db shard 7 down' }),
		});
		await verifying();
		await deliver(docExample());
		expect(logs).toContainEqual(
			expect.stringMatching(
				/^warn Gaard Trigger: could not verify result 6662f5c1f897618de43f0bbd with Gaard: Gaard is busy or unavailable \(HTTP 500\) Try again later.*Gaard said: "db shard 7 down"/,
			),
		);
	});

	it('answers 502 when Gaard cannot be reached at all', async () => {
		const port = new URL(sim.url).port;
		await sim.stop();
		await serve(
			{ security: { verifyWithGaard: true } },
			{ credentials: { gaardApi: gaardCredential(`http://127.0.0.1:${port}`, sim.token) } },
		);
		const answer = await deliver(docExample());
		expect(answer.status).toBe(502);
		expect(answer.json).toEqual({
			ok: false,
			error:
				"Could not verify the result with Gaard (Gaard did not answer in time or could not be reached); the reason is in n8n's log",
		});
		sim = await startSimulator();
	});

	it('starts one execution for overlapping deliveries of one id, both verified', async () => {
		await sim.publishResult({ ...docExample(), tenant: 'acme_prod' });
		sim.addFault({ kind: 'latency', ms: 200, route: 'result', times: 2 });
		await verifying();
		const answers = await Promise.all([deliver(docExample()), deliver(docExample())]);
		expect(answers.map((answer) => answer.text).sort()).toEqual([
			'{"ok":true,"duplicate":true}',
			'{"ok":true}',
		]);
		expect(server!.executions).toHaveLength(1);
		expect(sim.requests.filter((request) => request.path.startsWith('/api/result/'))).toHaveLength(
			2,
		);
	});

	it('answers 502 and starts nothing when Gaard answers with another result than the one asked for', async () => {
		const other = { ...docExample(), id: '0000000000000000000000aa' };
		sim.addFault({ kind: 'status', status: 200, route: 'result', body: JSON.stringify(other) });
		await verifying();
		const answer = await deliver(docExample());
		expect(answer.status).toBe(502);
		expect(answer.json).toEqual({
			ok: false,
			error: 'Gaard answered another result when asked for 6662f5c1f897618de43f0bbd',
		});
		expect(server!.executions).toHaveLength(0);
	});

	it('logs which result Gaard answered instead', async () => {
		const logs = captureLogs();
		sim.addFault({
			kind: 'status',
			status: 200,
			route: 'result',
			body: JSON.stringify({ ...docExample(), id: '0000000000000000000000aa' }),
		});
		await verifying();
		await deliver(docExample());
		expect(logs).toContainEqual(
			expect.stringMatching(
				/^warn Gaard Trigger: Gaard answered result 0000000000000000000000aa when asked for 6662f5c1f897618de43f0bbd /,
			),
		);
	});

	describe("on a frozen clock, moved by the trigger's own waits only", () => {
		const clock = useTestClock();

		it('gives up within its deadline when Gaard keeps asking to retry later', async () => {
			sim.addFault({ kind: 'status', status: 503, retryAfter: '3', route: 'result', times: 3 });
			await verifying();
			const started = clock.current.now();
			const answer = await deliver(docExample());
			expect(answer.status).toBe(502);
			// One attempt, one wait of 3 s; the next wait would pass the deadline.
			expect(
				sim.requests.filter((request) => request.path.startsWith('/api/result/')),
			).toHaveLength(2);
			expect(clock.current.now() - started).toBeLessThan(VERIFY_DEADLINE_MS);
		});
	});

	it('refuses an id that is not a result ID before asking Gaard, so it cannot steer the request', async () => {
		await verifying();
		for (const id of ['..', '.', 'a/../../me', 'x'.repeat(129)]) {
			const answer = await deliver({ ...docExample(), id });
			expect(answer.status).toBe(id.includes('/') ? 403 : 400);
		}
		// A slash is escaped: Gaard is asked for that id, which it does not know.
		expect(sim.requests.map((request) => request.path)).toEqual(['/api/result/a%2F..%2F..%2Fme']);
	});

	it("lets neither the trigger's secret nor the API token out: not in answers, items or log lines", async () => {
		const logged = captureLogs();
		const secret = 'trigger-secret-Q7w9E2r4';
		sim.addFault({ kind: 'status', status: 502, route: 'result', echoToken: true, times: 10 });
		await serve(
			{ security: { secret, verifyWithGaard: true } },
			{ credentials: { gaardApi: gaardCredential(sim.url, `${sim.token}\n`) } },
		);
		const answers = [
			await deliver(docExample()),
			await deliver(docExample(), { query: `?token=${secret.slice(0, -1)}` }),
			await deliver(docExample(), { query: `?token=${secret}` }),
		];
		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 502]);
		const everything = [...answers.map((answer) => answer.text), ...logged].join('\n');
		expect(logged.some((line) => line.includes('could not verify'))).toBe(true);
		for (const piece of [
			secret,
			sim.token,
			sim.token.slice(0, 8),
			sim.token.slice(-8),
			encodeURIComponent(sim.token),
		]) {
			expect(everything).not.toContain(piece);
		}
	});

	it('needs a Gaard API credential, which activation checks', async () => {
		const refusal = runTriggerHook('create', { security: { verifyWithGaard: true } });
		await expect(refusal).rejects.toThrow(
			'Verify with Gaard needs a Gaard API credential: select one, or turn the option off',
		);
		// n8n's own words for what is missing.
		await expect(refusal).rejects.toMatchObject({
			description: expect.stringMatching(/credential/i),
		});
		await expect(
			runTriggerHook(
				'create',
				{ security: { verifyWithGaard: true } },
				{ credentials: { gaardApi: gaardCredential(sim.url, sim.token) } },
			),
		).resolves.toBe(true);
	});
});

describe('deduplication on id', () => {
	// Time moves only when a test says so: the write interval holds however slow the machine is.
	const clock = useTestClock();
	/** The ids the trigger's window holds in the workflow's static data, as last saved. */
	const storedIds = () =>
		storedWindowIds(server!.staticData()['node:Gaard Trigger'] as IDataObject);

	it('acknowledges a repeated id as a duplicate and starts nothing', async () => {
		await serve();
		expect((await deliver(docExample())).text).toBe('{"ok":true}');
		const again = await deliver(docExample());
		expect(again.status).toBe(200);
		expect(again.json).toEqual({ ok: true, duplicate: true });
		expect(server!.executions).toHaveLength(1);
	});

	it("goes on with a replaced trigger's window when the new node takes its name (docs/trigger.md, upgrading), and starts without it under another", async () => {
		await serve(
			{},
			{ node: { id: 'old-trigger', name: 'Gaard Trigger' }, workflowId: 'wf-upgraded' },
		);
		expect((await deliver(docExample())).text).toBe('{"ok":true}');
		const saved = server!.staticData();
		await server!.stop();
		await serve(
			{},
			{
				node: { id: 'new-trigger', name: 'Gaard Trigger' },
				workflowId: 'wf-upgraded',
				staticData: saved,
			},
		);
		expect((await deliver(docExample())).json).toEqual({ ok: true, duplicate: true });
		await server!.stop();
		await serve(
			{},
			{
				node: { id: 'other-trigger', name: 'Gaard Trigger 1.1' },
				workflowId: 'wf-upgraded',
				staticData: saved,
			},
		);
		expect((await deliver(docExample())).text).toBe('{"ok":true}');
	});

	it('remembers the last Deduplication Window ids, forgetting the oldest', async () => {
		await serve({ dedupWindow: 2 });
		for (const id of ['a', 'b', 'c']) await deliver(result({ id }));
		expect((await deliver(result({ id: 'c' }))).json).toEqual({ ok: true, duplicate: true });
		expect((await deliver(result({ id: 'b' }))).json).toEqual({ ok: true, duplicate: true });
		expect((await deliver(result({ id: 'a' }))).text).toBe('{"ok":true}');
		expect(emittedIds()).toEqual(['a', 'b', 'c', 'a']);
	});

	it('keeps its static data bounded, whatever arrives', async () => {
		await serve({ dedupWindow: 10 });
		for (let n = 0; n < 100; n++) await deliver(result({ id: `id-${n}` }));
		// The next delivery after the write interval writes the whole window.
		clock.current.skip(STATIC_DATA_WRITE_INTERVAL_MS);
		await deliver(result({ id: 'id-100' }));
		// The window, plus at most the slack dropped in one pass.
		expect(storedIds().length).toBeLessThanOrEqual(10 + 16);
		expect(storedIds()).toEqual(expect.arrayContaining(['id-99', 'id-100']));
		expect(JSON.stringify(server!.staticData()).length).toBeLessThan(2048);
	});

	it('refuses a window that is not a whole number from 1 to 10000 at activation', async () => {
		for (const dedupWindow of [0, 2.5, 10_001, '={{ 1/0 }}', 'abc']) {
			await expect(runTriggerHook('create', { dedupWindow })).rejects.toThrow(
				/^Deduplication Window must be a whole number from 1 to 10000/,
			);
		}
		await expect(runTriggerHook('create', { dedupWindow: 10_000 })).resolves.toBe(true);
		await expect(
			runTriggerHook('create', { deduplicate: false, dedupWindow: 'abc' }),
		).resolves.toBe(true);
	});

	it('starts one execution for deliveries of one id that overlap in time', async () => {
		await serve();
		const answers = await Promise.all(
			Array.from({ length: 20 }, async () => await deliver(docExample())),
		);
		expect(answers.filter((answer) => answer.text === '{"ok":true}')).toHaveLength(1);
		expect(answers.filter((answer) => answer.text === '{"ok":true,"duplicate":true}')).toHaveLength(
			19,
		);
		expect(server!.executions).toHaveLength(1);
	});

	it('saves accepted ids in the static data, which outlives the process: at once after a quiet interval, else with the next write', async () => {
		await serve();
		await deliver(result({ id: 'kept-1' }));
		expect(storedIds()).toEqual(['kept-1']);
		await deliver(result({ id: 'kept-2' }));
		expect(storedIds()).toEqual(['kept-1']);
		clock.current.skip(STATIC_DATA_WRITE_INTERVAL_MS);
		await deliver(result({ id: 'kept-3' }));
		expect(storedIds()).toEqual(['kept-1', 'kept-2', 'kept-3']);
	});

	it('keeps test deliveries (Listen for test event) apart from production ones, as n8n keeps their executions', async () => {
		await serve({}, { mode: 'manual', workflowId: 'wf-test-and-production' });
		await deliver(docExample());
		await server!.stop();
		await serve({}, { mode: 'webhook', workflowId: 'wf-test-and-production' });
		expect((await deliver(docExample())).text).toBe('{"ok":true}');
		expect((await deliver(docExample())).text).toBe('{"ok":true,"duplicate":true}');
	});

	it('remembers filtered results too, so their repeats stay quiet', async () => {
		await serve({ filters: { risks: 'danger' } });
		await deliver(docExample());
		expect((await deliver(docExample())).json).toEqual({ ok: true, duplicate: true });
	});

	it('can be turned off', async () => {
		await serve({ deduplicate: false });
		await deliver(docExample());
		await deliver(docExample());
		expect(server!.executions).toHaveLength(2);
		expect(server!.staticData()).toEqual({});
	});
});

describe('Cooldown per Camera', () => {
	const clock = useTestClock();
	const fromCamera = (id: string, camera: string, overrides: Record<string, unknown> = {}) =>
		result({ id, metadata: { camera_id: camera, site_id: 134188 }, ...overrides });

	it('holds back further results from a camera within the cooldown; the next start says how many', async () => {
		await serve({ cooldownPerCamera: 1 });
		expect((await deliver(fromCamera('a', 'VI08'))).text).toBe('{"ok":true}');
		expect((await deliver(fromCamera('b', 'VI08'))).json).toEqual({ ok: true, suppressed: true });
		expect((await deliver(fromCamera('c', 'VI09'))).text).toBe('{"ok":true}');
		expect((await deliver(fromCamera('d', 'VI08'))).json).toEqual({ ok: true, suppressed: true });
		// Error results are never held back.
		expect(
			(await deliver(fromCamera('e', 'VI08', { error_code: 2, risk: '', labels: [] }))).text,
		).toBe('{"ok":true}');
		clock.current.skip(1_000);
		expect((await deliver(fromCamera('f', 'VI08'))).text).toBe('{"ok":true}');
		expect(emittedIds()).toEqual(['a', 'c', 'e', 'f']);
		const derived = server!.executions.map(
			(execution) => execution.workflowData[0][0].json._derived as Record<string, unknown>,
		);
		expect(derived.map((fields) => fields.suppressedCount)).toEqual([0, 0, 0, 2]);
	});

	it('never holds back results that name no camera, and counts none held back for them', async () => {
		await serve({ cooldownPerCamera: 60 });
		const noCamera = (id: string) => result({ id, metadata: {}, camera_id: null });
		expect((await deliver(noCamera('a'))).text).toBe('{"ok":true}');
		expect((await deliver(noCamera('b'))).text).toBe('{"ok":true}');
		const derived = server!.executions.map(
			(execution) => execution.workflowData[0][0].json._derived as Record<string, unknown>,
		);
		expect(derived.map((fields) => fields.suppressedCount)).toEqual([0, 0]);
	});

	it('keeps a cooldown that a delivery starting the workflow changed, across a restart', async () => {
		// What such a delivery writes is saved only when marked again (n8nQuirks.ts); with no
		// deduplication, nothing else the delivery wrote marks the static data.
		const parameters = { cooldownPerCamera: 60, deduplicate: false };
		await serve(parameters, { workflowId: 'wf-cooldown-saved' });
		await deliver(fromCamera('a', 'VI08'));
		clock.current.skip(STATIC_DATA_WRITE_INTERVAL_MS);
		await deliver(fromCamera('b', 'VI09'));
		const saved = server!.staticData();
		await server!.stop();
		await serve(parameters, { workflowId: 'wf-cooldown-saved-2', staticData: saved });
		expect((await deliver(fromCamera('c', 'VI09'))).json).toEqual({ ok: true, suppressed: true });
	});

	it('starts with the first result that passes the filters: a filtered one starts no cooldown', async () => {
		await serve({ cooldownPerCamera: 60, filters: { risks: 'intrusion' } });
		expect((await deliver(fromCamera('rain', 'VI08', { risk: 'safe' }))).text).toBe('{"ok":true}');
		expect((await deliver(fromCamera('alarm', 'VI08'))).text).toBe('{"ok":true}');
		expect(emittedIds()).toEqual(['alarm']);
	});

	it('is off by default: no result is held back, and items carry no suppressedCount', async () => {
		await serve();
		await deliver(fromCamera('a', 'VI08'));
		await deliver(fromCamera('b', 'VI08'));
		expect(emittedIds()).toEqual(['a', 'b']);
		expect(server!.executions[0].workflowData[0][0].json._derived).not.toHaveProperty(
			'suppressedCount',
		);
	});

	it("makes the mute links' signing key at activation, and only when Mute Links are on", async () => {
		const withLinks: IDataObject = {};
		await runTriggerHook('create', { muteLinks: ['1h'] }, { staticData: withLinks });
		const { muteKey } = withLinks['node:Gaard Trigger'] as IDataObject;
		expect(muteKey).toMatch(/^[0-9a-f]{64}$/);
		// Activated again (n8n restarted), it keeps the key every link was signed with.
		await runTriggerHook('create', { muteLinks: ['1h', '24h'] }, { staticData: withLinks });
		expect((withLinks['node:Gaard Trigger'] as IDataObject).muteKey).toBe(muteKey);

		const withoutLinks: IDataObject = {};
		await runTriggerHook('create', {}, { staticData: withoutLinks });
		expect(withoutLinks['node:Gaard Trigger'] ?? {}).not.toHaveProperty('muteKey');
	});

	it('refuses a Mute Links duration it does not offer at activation, naming those it does', async () => {
		for (const [muteLinks, shown] of [
			[['1h', '3h'], '"3h"'],
			[['1h', 60], '"60"'],
			[['toString'], '"toString"'],
		] as const) {
			const refusal = runTriggerHook('create', { muteLinks: [...muteLinks] });
			await expect(refusal).rejects.toThrow(`Mute Links: ${shown} is not a duration it offers`);
			await expect(refusal).rejects.toMatchObject({
				description: 'Choose among 5m, 15m, 30m, 1h, 2h, 4h, 8h, 24h.',
			});
		}
	});

	it('refuses a cooldown that is not a whole number of seconds from 0 to 86400 at activation', async () => {
		for (const cooldownPerCamera of [-1, 1.5, 86_401, '={{ 1/0 }}']) {
			await expect(runTriggerHook('create', { cooldownPerCamera })).rejects.toThrow(
				/^Cooldown per Camera must be a whole number of seconds/,
			);
		}
	});
});

describe('a setting that cannot work', () => {
	it.each<[string, INodeParameters, string, string]>([
		[
			'an allowlist entry that is not an address, quoted up to 60 characters',
			{ security: { allowedIps: `10.0.0.1, ${'x'.repeat(70)}` } },
			`Allowed IPs: "${'x'.repeat(60)}" is not an IP address or CIDR range`,
			'Use addresses such as 203.0.113.10 or ranges such as 10.0.0.0/8, comma-separated, without leading zeros.',
		],
		[
			'an allowlist of separators only',
			{ security: { allowedIps: ' , ,' } },
			'Allowed IPs lists no address',
			'Enter addresses or ranges, or clear the field to allow every address.',
		],
		[
			'a secret expression that gives nothing',
			{ security: { secret: '={{ "" }}' } },
			'Secret is an expression that gave no value',
			'Check what it reads, e.g. that the environment variable is set in n8n (and, for $env, that N8N_BLOCK_ENV_ACCESS_IN_NODE is false), or clear the field to go without a secret.',
		],
		[
			'a deduplication window out of range, quoted up to 40 characters',
			{ dedupWindow: 'y'.repeat(50) },
			`Deduplication Window must be a whole number from 1 to 10000, not "${'y'.repeat(40)}"`,
			'It is how many recent result IDs the trigger remembers; the default is 1000.',
		],
		[
			'a cooldown out of range, quoted up to 40 characters',
			{ cooldownPerCamera: 'z'.repeat(50) },
			`Cooldown per Camera must be a whole number of seconds from 0 to 86400, not "${'z'.repeat(40)}"`,
			'0 turns it off.',
		],
	])(
		'fails activation, naming it and what to do: %s',
		async (_, parameters, message, description) => {
			const error = await failure(runTriggerHook('create', parameters));
			expect(error.message).toBe(message);
			expect(error.description).toBe(description);
		},
	);

	it.each<[string, INodeParameters]>([
		['no Security options at all', {}],
		[
			'an allowlist of spaces only, which allows every address',
			{ security: { allowedIps: '   ' } },
		],
		['a secret of spaces only, which is no secret', { security: { secret: '   ' } }],
		['the smallest deduplication window', { dedupWindow: 1 }],
		['the longest cooldown', { cooldownPerCamera: 86_400 }],
	])('activates with %s', async (_, parameters) => {
		await expect(runTriggerHook('create', parameters)).resolves.toBe(true);
	});
});

describe("Gaard's webhook integration, over real HTTP", () => {
	it('delivers each finished classification to the trigger, which starts one execution', async () => {
		const sim = await startSimulator({ processingMs: 100 });
		await serve();
		sim.setWebhooks([server!.url]);
		const form = new FormData();
		form.append('camera_id', 'VI08');
		form.append('site_id', '134188');
		form.append(
			'video',
			new Blob(['clip bytes'], { type: 'video/mp4' }),
			'intrusion-north-gate.mp4',
		);
		const accepted = (await (
			await fetch(`${sim.url}/api/classify`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${sim.token}` },
				body: form,
			})
		).json()) as { id: string };
		const [delivery] = await sim.waitForDelivery(accepted.id);
		expect(delivery).toMatchObject({ status: 200, responseBody: '{"ok":true}' });
		const [[item]] = server!.executions[0].workflowData;
		expect(item.json).toMatchObject({
			id: accepted.id,
			risk: 'intrusion',
			labels: ['intrusion', 'person'],
			camera_id: '134188-VI08',
			_derived: { isAlarm: true, cameraId: 'VI08', siteId: '134188', topLabel: expect.any(String) },
		});
		await sim.stop();
	});
});

describe('a sample before the first alarm (GET on the trigger URL)', () => {
	const open = async (query = '') => {
		const response = await fetch(`${server!.url}${query}`);
		return { status: response.status, json: (await response.json()) as Record<string, unknown> };
	};

	it("while listening for a test event, starts the workflow with Gaard's documented example", async () => {
		await serve({}, { mode: 'manual' });
		const answer = await open();
		expect(answer).toEqual({
			status: 200,
			json: { ok: true, sample: true, message: 'A sample Gaard result was sent to the workflow.' },
		});
		const [[item]] = server!.executions[0].workflowData;
		const { _derived: derived, ...fields } = item.json as Record<string, any>;
		expect(fields).toEqual(docExample());
		expect(derived).toMatchObject({
			...DOC_EXAMPLE_DERIVED,
			source: 'sample',
			latencySeconds: null,
		});
	});

	it('on the production URL, only says what the URL is for', async () => {
		await serve();
		const answer = await open();
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			ok: true,
			message:
				'This is an n8n Gaard Trigger. Enter this URL as the destination of a Webhook integration in Gaard: Gaard delivers finished classifications here with POST.',
		});
		expect(server!.executions).toHaveLength(0);
	});

	it('is protected like deliveries', async () => {
		await serve({ security: { secret: 'abc' } }, { mode: 'manual' });
		expect((await open()).status).toBe(401);
		expect((await open('?token=abc')).status).toBe(200);
		expect(server!.executions).toHaveLength(1);
	});
});

describe('webhook lifecycle and description', () => {
	it('has nothing to register at Gaard: checkExists is false, create and delete succeed', async () => {
		await expect(runTriggerHook('checkExists', {})).resolves.toBe(false);
		await expect(runTriggerHook('create', {})).resolves.toBe(true);
		await expect(runTriggerHook('delete', {})).resolves.toBe(true);
	});

	it("logs the URL to enter in Gaard's integrations when it starts, and to remove there when it stops", async () => {
		const logs = captureLogs();
		await runTriggerHook('create', {});
		await runTriggerHook('delete', {});
		const url = `${WEBHOOK_BASE_URL}/${triggerNode({}).webhookId}/gaard`;
		expect(logs).toEqual([
			expect.stringContaining(
				`info Gaard Trigger listening: enter ${url} as the destination of a Webhook integration in Gaard`,
			),
			expect.stringContaining(
				`info Gaard Trigger stopped: remove ${url} from Gaard's integrations if it is no longer used`,
			),
		]);
	});

	it('keeps the names saved workflows depend on', () => {
		const { description } = new GaardTrigger();
		expect(description.name).toBe('gaardTrigger');
		expect(description.displayName).toBe('Gaard Trigger');
		expect(description.webhooks).toEqual([
			expect.objectContaining({
				name: 'default',
				httpMethod: 'POST',
				path: 'gaard',
				responseMode: 'onReceived',
			}),
			expect.objectContaining({
				name: 'setup',
				httpMethod: 'GET',
				path: 'gaard',
				responseMode: 'onReceived',
			}),
			expect.objectContaining({ name: 'mute', httpMethod: 'GET', path: 'mute' }),
			expect.objectContaining({ name: 'mute', httpMethod: 'POST', path: 'mute' }),
		]);
		const byName = (name: string) =>
			description.properties.find((property) => property.name === name) as INodeProperties;
		const optionNames = (property: INodeProperties) =>
			(property.options as Array<{ name: string; value?: string }>)
				.map((option) => option.value ?? option.name)
				.sort();
		expect(optionNames(byName('errorResults'))).toEqual(['drop', 'emit', 'separateOutput']);
		expect(byName('errorResults').default).toBe('emit');
		expect(optionNames(byName('filters'))).toEqual([
			'alarmsOnly',
			'cameraIds',
			'labels',
			'minScore',
			'risks',
			'scoreLabel',
			'siteIds',
		]);
		expect(optionNames(byName('security'))).toEqual([
			'allowedIps',
			'parameterOrHeaderName',
			'secret',
			'secretLocation',
			'verifyWithGaard',
		]);
		expect(byName('deduplicate').default).toBe(true);
		expect(byName('cooldownPerCamera').default).toBe(0);
		expect(byName('dedupWindow').type).toBe('number');
	});
});
