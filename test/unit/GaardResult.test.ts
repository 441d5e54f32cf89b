import type { GaardResult } from '../../nodes/Gaard/GaardResult';
import { isErrorResult, isFinalResult } from '../../nodes/Gaard/alarmRules';
import { toGaardItem } from '../../nodes/Gaard/gaardItem';
import { scoreOf } from '../../nodes/Gaard/alarmRules';
import { parseGaardResult } from '../../nodes/Gaard/GaardResult';
import { SAMPLE_RESULT } from '../../nodes/Gaard/trigger/sampleResult';
import { DOC_EXAMPLE_DERIVED, docExamplePayload } from '../fixtures';

const docExample = docExamplePayload;

function issuesOf(body: unknown) {
	const parsed = parseGaardResult(body);
	if (parsed.ok) throw new Error('expected the body to be rejected');
	return parsed.reason;
}

const deriveFields = (result: unknown, source: 'webhook' | 'api', receivedAt?: Date) =>
	toGaardItem(result as GaardResult, source, receivedAt)._derived;

describe('Gaard result schema', () => {
	it("accepts the docs' example payload verbatim, returning the very object it was given", () => {
		const payload = docExample();
		const parsed = parseGaardResult(payload);
		expect(parsed.ok).toBe(true);
		expect(parsed.ok && parsed.value).toBe(payload);
		expect(isFinalResult(payload as never)).toBe(true);
		expect(isErrorResult(payload as never)).toBe(false);
	});

	it("has the trigger's sample, for a test event, be the docs' example verbatim", () => {
		expect(SAMPLE_RESULT).toEqual(docExample());
	});

	it('accepts an error result (error_code != 0) as a final result with an error', () => {
		const payload = {
			...docExample(),
			error_code: 2,
			error_msg: 'video could not be decoded',
			risk: '',
			labels: [],
		};
		const parsed = parseGaardResult(payload);
		expect(parsed.ok).toBe(true);
		expect(isFinalResult(payload as never)).toBe(true);
		expect(isErrorResult(payload as never)).toBe(true);
	});

	it('treats a failed or error status, in any case, as a final result with an error', () => {
		for (const classify of ['failed', 'error', 'FAILED', 'Error']) {
			expect(isFinalResult({ status: { classify } })).toBe(true);
			expect(isErrorResult({ status: { classify }, error_code: 0 })).toBe(true);
		}
		expect(isErrorResult({ status: { classify: 'done' }, error_code: null })).toBe(false);
		expect(isFinalResult({ status: { classify: 'DONE' } })).toBe(true);
	});

	it('accepts a pending result with only an id and a status, as Gaard answers an accepted job', () => {
		const pending = { id: 'abc123', status: { classify: 'pending', video: 'pending' } };
		expect(parseGaardResult(pending).ok).toBe(true);
		expect(isFinalResult(pending)).toBe(false);
		expect(isFinalResult({ status: { classify: 'processing' } })).toBe(false);
	});

	it('accepts missing and null optional fields', () => {
		const sparse = {
			id: 'x1',
			status: { classify: 'done' },
			labels: null,
			scores: null,
			metadata: null,
			analyse_id: null,
		};
		expect(parseGaardResult(sparse).ok).toBe(true);
	});

	it('names every bad path when types are wrong', () => {
		const payload = {
			...docExample(),
			risk: 7,
			labels: ['person', 3],
			scores: { person: 'high' },
			analyse_id: 1.5,
			video: { filesize: '786800' },
			status: { video: 'done' },
		};
		const { issues, message } = issuesOf(payload);
		const paths = issues.map((issue) => issue.path).sort();
		expect(paths).toEqual(
			[
				'analyse_id',
				'labels.1',
				'risk',
				'scores.person',
				'status.classify',
				'video.filesize',
			].sort(),
		);
		// The message names the first issue and counts the others, which the issues list.
		expect(message).toMatch(
			new RegExp(`^Not a valid Gaard result: ${issues[0].path}: .+ \\(and 5 more\\)$`),
		);
	});

	it('rejects a result without an id, and a body that is not an object', () => {
		expect(issuesOf({ status: { classify: 'done' } }).issues.map((issue) => issue.path)).toEqual([
			'id',
		]);
		expect(
			issuesOf({ id: '', status: { classify: 'done' } }).issues.map((issue) => issue.path),
		).toEqual(['id']);
		expect(issuesOf([docExample()]).issues[0].path).toBe('(root)');
		expect(issuesOf('{"id":"x"}').issues[0].path).toBe('(root)');
	});

	it('says what an id must be, and checks the types of the video specs', () => {
		expect(
			JSON.stringify(issuesOf({ id: 'two words', status: { classify: 'done' } }).issues),
		).toContain('Expected a result ID: printable characters without spaces, not only dots');
		const specs = { height: 'tall', width: '1920', duration: '3 s' };
		const video = { ...(docExample().video as object), specs };
		expect(
			issuesOf({ ...docExample(), video })
				.issues.map((issue) => issue.path)
				.sort(),
		).toEqual(['video.specs.duration', 'video.specs.height', 'video.specs.width']);
	});

	it('takes an id that starts with dots, refuses one made of dots only', () => {
		expect(parseGaardResult({ ...docExample(), id: '..clip-7' }).ok).toBe(true);
		expect(issuesOf({ ...docExample(), id: '...' }).issues.map((issue) => issue.path)).toEqual([
			'id',
		]);
	});

	it("checks the metadata's camera and site ids: a string or a number", () => {
		const metadata = { camera_id: { name: 'VI08' }, site_id: ['134188'] };
		expect(
			issuesOf({ ...docExample(), metadata })
				.issues.map((issue) => issue.path)
				.sort(),
		).toEqual(['metadata.camera_id', 'metadata.site_id']);
	});

	it('keeps fields Gaard may add later, at every level', () => {
		const payload = {
			...docExample(),
			zone: 'north gate',
			status: { classify: 'done', video: 'done', review: 'open' },
			video: { ...(docExample().video as object), codec: 'h264' },
		};
		const parsed = parseGaardResult(payload);
		expect(parsed.ok).toBe(true);
		const item = toGaardItem(payload as never, 'webhook');
		expect(item.zone).toBe('north gate');
		expect((item.status as Record<string, unknown>).review).toBe('open');
		expect((item.video as Record<string, unknown>).codec).toBe('h264');
	});
});

describe('derived fields', () => {
	const receivedAt = new Date('2024-05-14T14:13:40.156Z');

	it("describe the docs' example: top label, alarm, camera, site, latency", () => {
		const derived = deriveFields(docExample() as never, 'webhook', receivedAt);
		expect(derived).toEqual({
			...DOC_EXAMPLE_DERIVED,
			receivedAt: '2024-05-14T14:13:40.156Z',
			latencySeconds: 3,
			source: 'webhook',
		});
	});

	it('sit under one key beside every field exactly as Gaard sent it', () => {
		const payload = docExample();
		const item = toGaardItem(payload as never, 'api', receivedAt);
		const { _derived: derived, ...fields } = item;
		expect(fields).toEqual(payload);
		expect(Object.keys(item)).toEqual([...Object.keys(payload), '_derived']);
		expect(derived.source).toBe('api');
	});

	it('are not an alarm for a safe risk, an error result or a pending one', () => {
		expect(deriveFields({ ...docExample(), risk: 'safe' } as never, 'api').isAlarm).toBe(false);
		expect(deriveFields({ ...docExample(), error_code: 3 } as never, 'api').isAlarm).toBe(false);
		expect(deriveFields({ id: 'p', status: { classify: 'pending' } }, 'api')).toMatchObject({
			isAlarm: false,
			isFinal: false,
			topLabel: null,
			topScore: null,
			riskScore: null,
			cameraId: null,
			siteId: null,
			latencySeconds: null,
		});
	});

	it('name the camera from the metadata, else from the top level, and no camera or site for an empty or null id', () => {
		const withIds = (metadata: Record<string, unknown>, cameraId: unknown) => ({
			id: 'r',
			status: { classify: 'done' },
			metadata,
			camera_id: cameraId,
		});
		expect(deriveFields(withIds({ camera_id: 'VI08', site_id: 7 }, 'VI09'), 'api')).toMatchObject({
			cameraId: 'VI08',
			siteId: '7',
		});
		expect(deriveFields(withIds({ camera_id: null, site_id: null }, 'VI09'), 'api')).toMatchObject({
			cameraId: 'VI09',
			siteId: null,
		});
		expect(deriveFields(withIds({ camera_id: '', site_id: '' }, 'VI09'), 'api')).toMatchObject({
			cameraId: 'VI09',
			siteId: null,
		});
		expect(deriveFields(withIds({ camera_id: 0, site_id: 0 }, ''), 'api')).toMatchObject({
			cameraId: '0',
			siteId: '0',
		});
		expect(deriveFields(withIds({}, ''), 'api')).toMatchObject({ cameraId: null, siteId: null });
	});

	it('take the best-scored label, and fall back to the scores when there are no labels', () => {
		const result = {
			id: 'r',
			status: { classify: 'done' },
			labels: [],
			scores: { rain: 0.2, wind: 0.7, plant: 0.1 },
		};
		expect(deriveFields(result, 'api')).toMatchObject({ topLabel: 'wind', topScore: 0.7 });
	});

	it('take a scored label over an unscored one, even at 0, and the first label when none is scored', () => {
		const labelled = (labels: string[], scores: Record<string, number>) => ({
			id: 'r',
			status: { classify: 'done' },
			labels,
			scores,
		});
		expect(deriveFields(labelled(['unscored', 'zero'], { zero: 0 }), 'api')).toMatchObject({
			topLabel: 'zero',
			topScore: 0,
		});
		expect(deriveFields(labelled(['first', 'second'], {}), 'api')).toMatchObject({
			topLabel: 'first',
			topScore: null,
		});
	});

	it('are no alarm for a final result without a risk, or with an empty one', () => {
		expect(deriveFields({ ...docExample(), risk: null } as never, 'api').isAlarm).toBe(false);
		expect(deriveFields({ ...docExample(), risk: undefined } as never, 'api').isAlarm).toBe(false);
		expect(deriveFields({ ...docExample(), risk: '' } as never, 'api').isAlarm).toBe(false);
		expect(deriveFields({ ...docExample(), risk: 'SAFE' } as never, 'api').isAlarm).toBe(false);
	});
});

describe('scores, one lookup for the derived fields and the filters', () => {
	const result = (risk: string, scores: Record<string, number>) => ({
		id: 'r',
		status: { classify: 'done' },
		risk,
		scores,
	});

	it('finds a score key that differs from the label only in case', () => {
		expect(scoreOf(result('nothing', { NOTHING: 0.9 }), 'nothing')).toBe(0.9);
		expect(deriveFields(result('nothing', { NOTHING: 0.9 }), 'api').riskScore).toBe(0.9);
	});

	it('prefers the key spelled exactly like the label', () => {
		expect(scoreOf(result('rain', { RAIN: 0.1, rain: 0.6 }), 'rain')).toBe(0.6);
		expect(scoreOf(result('RAIN', { RAIN: 0.1, rain: 0.6 }), 'RAIN')).toBe(0.1);
	});

	it('is null for a label without a score, and for no label', () => {
		expect(scoreOf(result('intrusion', { person: 0.9 }), 'intrusion')).toBeNull();
		expect(scoreOf(result('', { '': 0.9 }), '')).toBeNull();
		expect(scoreOf({ scores: null }, 'person')).toBeNull();
	});
});

describe('a hostile or careless body', () => {
	const answerSize = (body: unknown) => JSON.stringify(issuesOf(body)).length;

	it('with a million labels is refused with one short issue, without looking at each', () => {
		const labels = Array.from({ length: 1_000_000 }, (_, index) => index);
		const refusal = issuesOf({ ...docExample(), labels });
		expect(refusal.issues).toEqual([{ path: 'labels', message: 'Expected at most 1000 entries' }]);
		expect(refusal.message).toBe('Not a valid Gaard result: labels: Expected at most 1000 entries');
	});

	it('with many bad fields lists the first ten, each short, and counts the rest', () => {
		const labels = Array.from({ length: 1000 }, (_, index) => index);
		const refusal = issuesOf({ ...docExample(), labels });
		expect(refusal.issues).toHaveLength(10);
		expect(refusal.message).toMatch(/^Not a valid Gaard result: labels\.0: .+ \(and 999 more\)$/);
		expect(answerSize({ ...docExample(), labels })).toBeLessThan(4096);
		const longKey = 'k'.repeat(250);
		const deep = {
			...docExample(),
			scores: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${longKey}${i}`, 'x'])),
		};
		for (const issue of issuesOf(deep).issues)
			expect(issue.path.length + issue.message.length).toBeLessThanOrEqual(400);
	});

	it('refuses numbers that are not finite, wherever they are', () => {
		for (const [body, path] of [
			[{ ...docExample(), scores: { person: Infinity } }, 'scores.person'],
			[
				{ ...docExample(), metadata: { camera_id: 'VI08', site_id: -Infinity } },
				'metadata.site_id',
			],
			[{ ...docExample(), extra: { deep: [1, Infinity] } }, 'extra.deep.1'],
		] as const) {
			expect(issuesOf(body).issues).toEqual([{ path, message: 'Expected a finite number' }]);
		}
		// As JSON.parse reads an overflowing number.
		expect(
			issuesOf(JSON.parse(`{"id":"a","status":{"classify":"done"},"duration":1e999}`)).issues[0]
				.path,
		).toBe('duration');
	});

	it('refuses what is too deep, too wide or too long, and a __proto__ key', () => {
		let nested: unknown = 1;
		for (let level = 0; level < 20; level++) nested = { nested };
		expect(issuesOf({ ...docExample(), nested }).issues[0].message).toBe(
			'Nested deeper than 16 levels',
		);
		const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1]));
		expect(issuesOf({ ...docExample(), metadata: wide }).issues[0]).toEqual({
			path: 'metadata',
			message: 'Expected at most 1000 keys',
		});
		expect(issuesOf({ ...docExample(), error_msg: 'x'.repeat(20_000) }).issues[0].message).toBe(
			'Expected at most 16384 characters',
		);
		expect(
			issuesOf(
				JSON.parse(
					'{"id":"a","status":{"classify":"done"},"metadata":{"__proto__":{"polluted":1}}}',
				),
			).issues[0],
		).toEqual({
			path: 'metadata',
			message: 'A key named __proto__ is not allowed',
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	/** A body of exactly `total` values (objects, arrays, strings, numbers), in arrays of at most 1000. */
	function bodyOfValues(total: number) {
		const chunks: number[][] = [];
		// The body, its id, its status, status.classify and the list of chunks.
		for (let left = total - 5; left > 0; left -= chunks.at(-1)!.length + 1)
			chunks.push(new Array(Math.min(1000, left - 1)).fill(0));
		return { id: 'a', status: { classify: 'done' }, chunks };
	}

	it('looks at up to 10,000 values, and refuses a body that holds more', () => {
		expect(parseGaardResult(bodyOfValues(10_000)).ok).toBe(true);
		expect(issuesOf(bodyOfValues(10_001)).issues).toEqual([
			{ path: 'id', message: 'The body holds more than 10000 values' },
		]);
	});

	it('takes each bound up to its limit: depth, keys, key length, string length', () => {
		const nestedTo = (depth: number, leaf: unknown) => {
			let value = leaf;
			for (let level = 1; level < depth; level++) value = { n: value };
			return { ...docExample(), n: value };
		};
		expect(parseGaardResult(nestedTo(15, {})).ok).toBe(true);
		expect(parseGaardResult(nestedTo(16, null)).ok).toBe(true);
		expect(issuesOf(nestedTo(16, {})).issues[0]).toEqual({
			path: `n${'.n'.repeat(15)}`,
			message: 'Nested deeper than 16 levels',
		});
		const keys = (count: number) =>
			Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 1]));
		expect(parseGaardResult({ ...docExample(), extra: keys(1000) }).ok).toBe(true);
		expect(parseGaardResult({ ...docExample(), extra: { ['k'.repeat(256)]: 1 } }).ok).toBe(true);
		expect(issuesOf({ ...docExample(), extra: { ['k'.repeat(257)]: 1 } }).issues[0]).toEqual({
			path: 'extra',
			message: 'A key is longer than 256 characters',
		});
		expect(parseGaardResult({ ...docExample(), extra: 'x'.repeat(16_384) }).ok).toBe(true);
		expect(issuesOf({ ...docExample(), extra: 'x'.repeat(16_385) }).issues[0]).toEqual({
			path: 'extra',
			message: 'Expected at most 16384 characters',
		});
	});

	it('finds a bad value first in a list as well as further on', () => {
		expect(issuesOf({ ...docExample(), extra: [Infinity, 1] }).issues).toEqual([
			{ path: 'extra.0', message: 'Expected a finite number' },
		]);
	});

	it("looks only at the body's own fields, not at what its prototype holds", () => {
		const body = Object.assign(Object.create({ inherited: Infinity }) as object, docExample());
		expect(parseGaardResult(body).ok).toBe(true);
	});

	it('cuts a path or a message longer than 200 characters to 197 and an ellipsis', () => {
		const pathOf = (key: string) =>
			issuesOf({ ...docExample(), scores: { [key]: 'x' } }).issues[0].path;
		expect(pathOf('k'.repeat(193))).toBe(`scores.${'k'.repeat(193)}`);
		expect(pathOf('k'.repeat(194))).toBe(`scores.${'k'.repeat(190)}...`);
	});

	it('accepts printable ids up to 128 characters, and refuses longer ones, spaces and dot-only ids', () => {
		const withId = (id: unknown) => ({ ...docExample(), id });
		expect(parseGaardResult(withId('6662f5c1f897618de43f0bbd')).ok).toBe(true);
		expect(parseGaardResult(withId(`${'a'.repeat(120)}-._:~!@$`)).ok).toBe(true);
		for (const id of [
			'a'.repeat(129),
			'x'.repeat(1024 * 1024),
			'has space',
			'tab\there',
			'..',
			'.',
			'nul\u0000',
			'é',
		]) {
			const refusal = issuesOf(withId(id));
			expect(refusal.issues.map((issue) => issue.path)).toEqual(['id']);
			expect(refusal.message.length).toBeLessThan(300);
		}
	});
});
