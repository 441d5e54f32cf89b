import type { GaardResult } from '../../nodes/Gaard/GaardResult';
import { toGaardItem } from '../../nodes/Gaard/GaardResult';
import { matchFilter, resultFilterFrom } from '../../nodes/Gaard/trigger/filters';
import { docExamplePayload } from '../fixtures';

const result = (overrides: Record<string, unknown>) => ({ ...docExamplePayload(), ...overrides }) as GaardResult;

describe("the trigger's filters", () => {
	it('read a score as the derived fields do, whatever the case of its key', () => {
		const nothing = result({ risk: 'nothing', labels: [], scores: { NOTHING: 0.9 } });
		expect(toGaardItem(nothing, 'webhook')._derived.riskScore).toBe(0.9);
		expect(matchFilter(nothing, resultFilterFrom({ minScore: 0.5 })).ok).toBe(true);
		expect(matchFilter(nothing, resultFilterFrom({ minScore: 0.95 }))).toEqual({ ok: false, reason: 'score' });
		expect(matchFilter(nothing, resultFilterFrom({ minScore: 0.5, scoreLabel: 'Nothing' })).ok).toBe(true);
	});

	it('miss a score that is not there', () => {
		expect(matchFilter(result({ risk: 'danger' }), resultFilterFrom({ minScore: 0.1 }))).toEqual({ ok: false, reason: 'score' });
	});

	it('say which part a result missed, and hand back the result that passes', () => {
		const payload = result({});
		expect(matchFilter(payload, resultFilterFrom({ risks: 'INTRUSION', cameraIds: 'VI08' }))).toEqual({ ok: true, value: payload });
		expect(matchFilter(payload, resultFilterFrom({ cameraIds: 'VI09' }))).toEqual({ ok: false, reason: 'camera' });
		expect(matchFilter(payload, resultFilterFrom({ siteIds: '1' }))).toEqual({ ok: false, reason: 'site' });
		expect(matchFilter(payload, resultFilterFrom({ risks: 'danger' }))).toEqual({ ok: false, reason: 'risk' });
		expect(matchFilter(payload, resultFilterFrom({ labels: 'rain' }))).toEqual({ ok: false, reason: 'labels' });
	});
});
