import type { IDataObject } from 'n8n-workflow';

import { passCooldown, writeCooldowns } from '../../nodes/Gaard/trigger/cooldown';
import { STATIC_DATA_WRITE_INTERVAL_MS } from '../../nodes/Gaard/trigger/processState';

let triggers = 0;
const cooldownOf = (seconds: number, staticData: IDataObject = {}) => ({ trigger: `cooldown-test-${++triggers}`, staticData, seconds });

describe('Cooldown per Camera', () => {
	it('holds back a camera within the cooldown, and the next start carries how many were held back', () => {
		const cooldown = cooldownOf(60);
		expect(passCooldown(cooldown, 'VI08', 0)).toEqual({ ok: true, value: 0 });
		expect(passCooldown(cooldown, 'VI08', 10_000)).toEqual({ ok: false, reason: 'suppressed' });
		expect(passCooldown(cooldown, 'VI09', 10_000)).toEqual({ ok: true, value: 0 });
		expect(passCooldown(cooldown, 'VI08', 59_999)).toEqual({ ok: false, reason: 'suppressed' });
		expect(passCooldown(cooldown, 'VI08', 60_000)).toEqual({ ok: true, value: 2 });
		// The cooldown starts again from there.
		expect(passCooldown(cooldown, 'VI08', 61_000)).toEqual({ ok: false, reason: 'suppressed' });
	});

	it('is found again in the static data by a process that did not see the camera (after a restart)', () => {
		const staticData: IDataObject = {};
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 0);
		expect(writeCooldowns(cooldown, 0)).toBe(true);
		expect(passCooldown(cooldownOf(60, staticData), 'VI08', 1000)).toEqual({ ok: false, reason: 'suppressed' });
	});

	it('writes the static data at most once an interval, and then with every camera the process holds', () => {
		const staticData: IDataObject = {};
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 0);
		expect(writeCooldowns(cooldown, 0)).toBe(true);
		passCooldown(cooldown, 'VI09', 10);
		passCooldown(cooldown, 'VI08', 20);
		expect(writeCooldowns(cooldown, 20)).toBe(false);
		expect(staticData.cameraCooldowns).toEqual({ '#VI08': [0, 0] });
		expect(writeCooldowns(cooldown, STATIC_DATA_WRITE_INTERVAL_MS)).toBe(true);
		expect(staticData.cameraCooldowns).toEqual({ '#VI08': [0, 1], '#VI09': [10, 0] });
	});

	it('keeps a bounded number of cameras', () => {
		const staticData: IDataObject = {};
		const cooldown = cooldownOf(60, staticData);
		for (let camera = 0; camera < 5000; camera++) {
			passCooldown(cooldown, `cam-${camera}`, camera);
			writeCooldowns(cooldown, camera * STATIC_DATA_WRITE_INTERVAL_MS);
		}
		const stored = Object.keys(staticData.cameraCooldowns as object);
		expect(stored.length).toBeLessThanOrEqual(1250);
		expect(stored).toContain('#cam-4999');
	});
});
