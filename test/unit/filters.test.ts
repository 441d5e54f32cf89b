import type { GaardResult } from '../../nodes/Gaard/GaardResult';
import { toGaardItem } from '../../nodes/Gaard/gaardItem';
import { matchFilter, resultFilterFrom } from '../../nodes/Gaard/trigger/filters';
import { docExamplePayload } from '../fixtures';

const result = (overrides: Record<string, unknown>) =>
	({ ...docExamplePayload(), ...overrides }) as GaardResult;

describe("the trigger's filters", () => {
	it('read a score as the derived fields do, whatever the case of its key', () => {
		const nothing = result({ risk: 'nothing', labels: [], scores: { NOTHING: 0.9 } });
		expect(toGaardItem(nothing, 'webhook')._derived.riskScore).toBe(0.9);
		expect(matchFilter(nothing, resultFilterFrom({ minScore: 0.5 })).ok).toBe(true);
		expect(matchFilter(nothing, resultFilterFrom({ minScore: 0.95 }))).toEqual({
			ok: false,
			reason: 'score',
		});
		expect(
			matchFilter(nothing, resultFilterFrom({ minScore: 0.5, scoreLabel: 'Nothing' })).ok,
		).toBe(true);
	});

	it('keep only alarms with Alarms Only: final, no error, a risk that is not a non-alarm one', () => {
		const alarmsOnly = resultFilterFrom({ alarmsOnly: true });
		expect(matchFilter(result({ risk: 'intrusion' }), alarmsOnly).ok).toBe(true);
		for (const risk of ['safe', 'NOTHING', 'none', 'clear', '']) {
			expect(matchFilter(result({ risk }), alarmsOnly)).toEqual({ ok: false, reason: 'alarm' });
		}
		expect(matchFilter(result({ status: { classify: 'processing' } }), alarmsOnly)).toEqual({
			ok: false,
			reason: 'alarm',
		});
		// Error results are routed by Error Results, not filtered here.
		expect(matchFilter(result({ error_code: 2, risk: '' }), alarmsOnly).ok).toBe(true);
	});

	it('miss a score that is not there', () => {
		expect(matchFilter(result({ risk: 'danger' }), resultFilterFrom({ minScore: 0.1 }))).toEqual({
			ok: false,
			reason: 'score',
		});
	});

	it('say which part a result missed, and hand back the result that passes', () => {
		const payload = result({});
		expect(
			matchFilter(payload, resultFilterFrom({ risks: 'INTRUSION', cameraIds: 'VI08' })),
		).toEqual({ ok: true, value: payload });
		expect(matchFilter(payload, resultFilterFrom({ cameraIds: 'VI09' }))).toEqual({
			ok: false,
			reason: 'camera',
		});
		expect(matchFilter(payload, resultFilterFrom({ siteIds: '1' }))).toEqual({
			ok: false,
			reason: 'site',
		});
		expect(matchFilter(payload, resultFilterFrom({ risks: 'danger' }))).toEqual({
			ok: false,
			reason: 'risk',
		});
		expect(matchFilter(payload, resultFilterFrom({ labels: 'rain' }))).toEqual({
			ok: false,
			reason: 'labels',
		});
	});

	it('compare risks, labels and the score label whatever their case and the spaces around the label', () => {
		const payload = result({
			risk: 'Intrusion',
			labels: ['Person'],
			scores: { intrusion: 0.9, person: 0.6 },
		});
		expect(
			matchFilter(payload, resultFilterFrom({ risks: 'danger, INTRUSION', labels: 'rain, person' }))
				.ok,
		).toBe(true);
		expect(
			matchFilter(payload, resultFilterFrom({ minScore: 0.5, scoreLabel: '  person ' })).ok,
		).toBe(true);
		expect(matchFilter(payload, resultFilterFrom({ minScore: 0.8, scoreLabel: '  ' })).ok).toBe(
			true,
		);
	});

	it('let a score equal to Min Score pass', () => {
		const payload = result({ risk: 'intrusion', scores: { intrusion: 0.9 } });
		expect(matchFilter(payload, resultFilterFrom({ minScore: 0.9 })).ok).toBe(true);
		expect(matchFilter(payload, resultFilterFrom({ minScore: 0.91 }))).toEqual({
			ok: false,
			reason: 'score',
		});
	});

	it('miss a result that has no risk, no labels or no score when they are filtered on, even at Min Score 0', () => {
		const bare = result({ risk: undefined, labels: undefined, scores: undefined });
		expect(matchFilter(bare, resultFilterFrom({ risks: 'intrusion' }))).toEqual({
			ok: false,
			reason: 'risk',
		});
		expect(matchFilter(bare, resultFilterFrom({ labels: 'person' }))).toEqual({
			ok: false,
			reason: 'labels',
		});
		expect(matchFilter(bare, resultFilterFrom({ minScore: 0 }))).toEqual({
			ok: false,
			reason: 'score',
		});
		expect(
			matchFilter(
				result({ scores: undefined }),
				resultFilterFrom({ minScore: 0, scoreLabel: 'person' }),
			),
		).toEqual({ ok: false, reason: 'score' });
	});

	it('filter nothing on a Min Score left empty, even a result without a score', () => {
		const unscored = result({ scores: undefined });
		for (const minScore of [
			undefined,
			Number.NaN,
			'' as unknown as number,
			null as unknown as number,
		]) {
			expect(matchFilter(unscored, resultFilterFrom({ minScore })).ok).toBe(true);
		}
	});

	it('match a site among several, and miss a result that names no site', () => {
		const sites = resultFilterFrom({ siteIds: '3, 7' });
		expect(matchFilter(result({ metadata: { site_id: 7 } }), sites).ok).toBe(true);
		expect(matchFilter(result({ metadata: { site_id: 3 } }), sites).ok).toBe(true);
		expect(matchFilter(result({ metadata: {} }), sites)).toEqual({ ok: false, reason: 'site' });
	});
});
