/**
 * The Gaard Trigger under 10,000 generated deliveries a run, over HTTP through n8n's webhook
 * rules (test/helpers/triggerServer.ts): valid results changed in every way the schema allows,
 * results broken in one way each, hostile shapes (huge, deep, non-finite, `__proto__`, bad ids),
 * random JSON, text that is not JSON, empty bodies, under JSON and other content types.
 *
 * Properties: no 5xx and no exception; every answer is JSON of at most ANSWER_BOUND bytes; an
 * invalid body gets a 4xx with `ok: false` and starts nothing; a valid one is answered
 * `{"ok":true}` and starts exactly one execution whose item holds the body's fields unchanged;
 * Object.prototype is untouched. The figures (deliveries, answers by status, executions, largest answer) are
 * printed at the end. Set FUZZ_SEED to replay a run, FUZZ_RUNS to change its size.
 */
import fc from 'fast-check';

import { RESULT_BOUNDS } from '../../nodes/Gaard/resultBounds';
import { postJson } from '../helpers/loopback';
import type { TriggerServer } from '../helpers/triggerServer';
import { startTriggerServer } from '../helpers/triggerServer';
import { docExamplePayload } from '../fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** The largest answer any delivery may get. */
const ANSWER_BOUND = 4096;

type Expectation = 'accepted' | 'refused' | 'any';

interface Delivery {
	text: string;
	contentType: string | null;
	expect: Expectation;
	/** For an accepted delivery: the fields its item must hold. */
	fields?: Record<string, unknown>;
}

const JSON_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'application/vnd.gaard.result+json',
];
const OTHER_TYPES = [
	null,
	'text/plain',
	'application/x-www-form-urlencoded',
	'application/octet-stream',
];

let nextId = 0;
const uniqueId = () => `fuzz-${SEED}-${++nextId}`;

/** Strings of every kind: unicode, right-to-left, NUL and other control characters. */
const anyText = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.constantFrom('', '\u0000', 'שלום עולם', '\u202Eevil', 'a\u0000b', '😀'.repeat(10), ' '),
);

/** JSON values without `__proto__` keys (a key the trigger refuses), to put in unknown fields. */
const safeJson = fc
	.jsonValue({ maxDepth: 3 })
	.filter((value) => !JSON.stringify(value).includes('"__proto__"'));

const OPTIONAL_FIELDS = [
	'parent_id',
	'camera_id',
	'analyse_id',
	'tenant',
	'duration',
	'duration_seconds',
	'model',
	'version',
	'error_code',
	'error_msg',
	'risk',
	'labels',
	'result',
	'scores',
	'video',
	'metadata',
	'created_at',
	'started_at',
];
const STRING_FIELDS = [
	'parent_id',
	'camera_id',
	'tenant',
	'model',
	'version',
	'error_msg',
	'risk',
	'result',
	'created_at',
];

/** The docs' example, changed only in ways a Gaard result may change. */
const validResult = fc
	.record({
		drop: fc.subarray(OPTIONAL_FIELDS),
		nulls: fc.subarray(OPTIONAL_FIELDS),
		strings: fc.dictionary(fc.constantFrom(...STRING_FIELDS), anyText),
		labels: fc.array(anyText, { maxLength: 20 }),
		scores: fc.dictionary(
			anyText.filter((key) => key !== '__proto__'),
			fc.double({ noNaN: true, noDefaultInfinity: true }),
		),
		extra: fc.dictionary(
			fc
				.string({ minLength: 1, maxLength: 12 })
				.filter(
					(key) => !(key in docExamplePayload()) && key !== '__proto__' && key !== '_derived',
				),
			safeJson,
			{ maxKeys: 4 },
		),
		siteId: fc.oneof(fc.integer(), anyText),
	})
	.map(({ drop, nulls, strings, labels, scores, extra, siteId }) => {
		const body: Record<string, unknown> = {
			...docExamplePayload(),
			id: uniqueId(),
			labels,
			scores,
			...strings,
			...extra,
		};
		body.metadata = { camera_id: 'VI08', site_id: siteId };
		for (const field of nulls) body[field] = null;
		for (const field of drop) delete body[field];
		return body;
	});

/** One way to break a result, each enough on its own for a 400. */
const BREAKERS: Array<[string, (body: Record<string, unknown>) => string]> = [
	['no id', ({ id: _id, ...rest }) => JSON.stringify(rest)],
	['no status', ({ status: _status, ...rest }) => JSON.stringify(rest)],
	['status.classify a number', (body) => JSON.stringify({ ...body, status: { classify: 3 } })],
	['id a number', (body) => JSON.stringify({ ...body, id: 42 })],
	[
		'id too long',
		(body) => JSON.stringify({ ...body, id: 'x'.repeat(RESULT_BOUNDS.maxIdLength + 1) }),
	],
	['id of a megabyte', (body) => JSON.stringify({ ...body, id: 'x'.repeat(1024 * 1024) })],
	['id with a space', (body) => JSON.stringify({ ...body, id: 'a b' })],
	['id of dots', (body) => JSON.stringify({ ...body, id: '..' })],
	['risk a number', (body) => JSON.stringify({ ...body, risk: 5 })],
	['labels a string', (body) => JSON.stringify({ ...body, labels: 'person' })],
	['labels holding numbers', (body) => JSON.stringify({ ...body, labels: [1, 2] })],
	['scores an array', (body) => JSON.stringify({ ...body, scores: [0.5] })],
	['a score as text', (body) => JSON.stringify({ ...body, scores: { person: 'high' } })],
	['analyse_id not whole', (body) => JSON.stringify({ ...body, analyse_id: 1.5 })],
	['error_code as text', (body) => JSON.stringify({ ...body, error_code: '0' })],
	[
		'an overflowing score',
		(body) =>
			JSON.stringify({ ...body, scores: { person: 0.5 } }).replace(
				'"scores":{"person":0.5}',
				'"scores":{"person":1e999}',
			),
	],
	[
		'an overflowing site id',
		(body) =>
			JSON.stringify({ ...body, metadata: { site_id: 7 } }).replace(
				'"metadata":{"site_id":7}',
				'"metadata":{"site_id":-1e999}',
			),
	],
	[
		'a hundred thousand labels',
		(body) => JSON.stringify({ ...body, labels: Array.from({ length: 100_000 }, (_, i) => i) }),
	],
	[
		'a huge error message',
		(body) => JSON.stringify({ ...body, error_msg: 'e'.repeat(RESULT_BOUNDS.maxStringLength + 1) }),
	],
	[
		'deep nesting',
		(body) =>
			JSON.stringify({ ...body, extra: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }),
	],
	[
		'a __proto__ key',
		(body) => JSON.stringify(body).replace('{', '{"__proto__":{"polluted":true},'),
	],
	[
		'a __proto__ key deep down',
		(body) =>
			JSON.stringify({ ...body, metadata: {} }).replace(
				'"metadata":{}',
				'"metadata":{"__proto__":{"polluted":true}}',
			),
	],
	[
		'too many keys',
		(body) =>
			JSON.stringify({
				...body,
				metadata: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
			}),
	],
	[
		'a duplicate key whose last value breaks it',
		(body) => JSON.stringify(body).replace(/}$/, ',"risk":"intrusion","risk":7}'),
	],
];

const brokenResult = fc
	.tuple(validResult, fc.constantFrom(...BREAKERS), fc.constantFrom(...JSON_TYPES))
	.map(
		([body, [, breakIt], contentType]): Delivery => ({
			text: breakIt(body),
			contentType,
			expect: 'refused',
		}),
	);

const acceptedResult = fc.tuple(validResult, fc.constantFrom(...JSON_TYPES), fc.boolean()).map(
	([body, contentType, duplicateKey]): Delivery => ({
		// A duplicate key: JSON.parse keeps the last, which is the valid id.
		text: duplicateKey ? JSON.stringify(body).replace('{', '{"id":7,') : JSON.stringify(body),
		contentType,
		expect: 'accepted',
		fields: JSON.parse(JSON.stringify(body)) as Record<string, unknown>,
	}),
);

const resultUnderOtherType = fc.tuple(validResult, fc.constantFrom(...OTHER_TYPES)).map(
	([body, contentType]): Delivery => ({
		text: JSON.stringify(body),
		contentType,
		expect: 'refused',
	}),
);

const randomDelivery = fc
	.tuple(
		fc.oneof(
			fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? ''),
			fc.string({ unit: 'binary', maxLength: 200 }),
			fc.constantFrom(
				'',
				' ',
				'{',
				'{"id":',
				'null',
				'[]',
				'{}',
				'"x"',
				'0',
				'NaN',
				'{"id":"a","status":{"classify":"done"}',
			),
		),
		fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES),
	)
	.map(([text, contentType]): Delivery => ({ text, contentType, expect: 'any' }));

const delivery = fc.oneof(
	{ arbitrary: acceptedResult, weight: 3 },
	{ arbitrary: brokenResult, weight: 3 },
	{ arbitrary: resultUnderOtherType, weight: 1 },
	{ arbitrary: randomDelivery, weight: 3 },
);

let server: TriggerServer;

beforeAll(async () => {
	server = await startTriggerServer({ parameters: {} });
});

afterAll(async () => {
	await server.stop();
});

it(`the trigger takes ${RUNS} generated deliveries: no 5xx, small answers, one execution per valid result, nothing else`, async () => {
	const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
	const byStatus = new Map<number, number>();
	let largestAnswer = 0;

	await fc.assert(
		fc.asyncProperty(delivery, async (sent) => {
			const executionsBefore = server.executions.length;
			const response = await postJson(server.url, sent.text, { contentType: sent.contentType });
			const { text } = response;
			byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
			largestAnswer = Math.max(largestAnswer, Buffer.byteLength(text));
			const started_ = server.executions.slice(executionsBefore);

			expect(response.status).toBeLessThan(500);
			expect(Buffer.byteLength(text)).toBeLessThanOrEqual(ANSWER_BOUND);
			const answer = JSON.parse(text) as Record<string, unknown>;
			if (response.status >= 400) {
				expect({ expected: sent.expect, answer }).not.toMatchObject({ expected: 'accepted' });
				expect(started_).toHaveLength(0);
				// n8n's own body parser answers malformed application/json; every other refusal is the trigger's.
				if (response.status !== 422)
					expect(answer).toMatchObject({ ok: false, error: expect.any(String) });
				return;
			}
			expect({ expected: sent.expect, answer }).not.toMatchObject({ expected: 'refused' });
			expect(text).toBe('{"ok":true}');
			expect(started_).toHaveLength(1);
			const [[item]] = started_[0].workflowData;
			const { _derived: derived, ...fields } = item.json;
			expect(derived).toMatchObject({ source: 'webhook' });
			if (sent.fields) expect(fields).toEqual(sent.fields);
		}),
		{ numRuns: RUNS, seed: SEED, endOnFailure: true },
	);

	expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	process.stdout.write(
		`[fuzz] seed ${SEED}: ${RUNS} deliveries; answers by status ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; ` +
			`${server.executions.length} executions; largest answer ${largestAnswer} bytes\n`,
	);
}, 600_000);
