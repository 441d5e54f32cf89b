import type { IDataObject, INode } from 'n8n-workflow';

import { passCooldown, writeCooldowns } from '../../nodes/Gaard/trigger/cooldown';
import { STATIC_DATA_WRITE_INTERVAL_MS } from '../../nodes/Gaard/trigger/processState';
import { workflowWith } from '../helpers/n8nCore';

let triggers = 0;
const cooldownOf = (seconds: number, staticData: IDataObject = {}) => ({
	trigger: `cooldown-test-${++triggers}`,
	staticData,
	seconds,
});

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
		expect(writeCooldowns(cooldown, 0)).toBe('cameraCooldowns');
		expect(passCooldown(cooldownOf(60, staticData), 'VI08', 1000)).toEqual({
			ok: false,
			reason: 'suppressed',
		});
	});

	it('writes the static data at most once an interval, and then with every camera the process holds', () => {
		const staticData: IDataObject = {};
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 0);
		expect(writeCooldowns(cooldown, 0)).toBe('cameraCooldowns');
		passCooldown(cooldown, 'VI09', 10);
		passCooldown(cooldown, 'VI08', 20);
		expect(writeCooldowns(cooldown, 20)).toBeUndefined();
		expect(staticData.cameraCooldowns).toEqual({ '#VI08': [0, 0] });
		expect(writeCooldowns(cooldown, STATIC_DATA_WRITE_INTERVAL_MS)).toBe('cameraCooldowns');
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

	it('keeps the cameras another process wrote into the static data beside its own', () => {
		const staticData: IDataObject = { cameraCooldowns: { '#VI01': [0, 3] } };
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 0);
		writeCooldowns(cooldown, 0);
		expect(staticData.cameraCooldowns).toEqual({ '#VI01': [0, 3], '#VI08': [0, 0] });
	});

	it.each([
		['text', 'not cameras'],
		['a list', [[0, 1]]],
	])('writes its cameras over static data that holds %s instead of cameras', (_, stored) => {
		const staticData: IDataObject = { cameraCooldowns: stored as IDataObject['cameraCooldowns'] };
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 0);
		expect(writeCooldowns(cooldown, 0)).toBe('cameraCooldowns');
		expect(staticData.cameraCooldowns).toEqual({ '#VI08': [0, 0] });
	});

	it('lets the static data grow to 1,250 cameras, then keeps the 1,000 that started the workflow last', () => {
		const fromOtherProcesses = Object.fromEntries(
			Array.from({ length: 1248 }, (_, camera) => [`#old-${camera}`, [camera, 0]]),
		);
		const staticData: IDataObject = { cameraCooldowns: fromOtherProcesses };
		const cooldown = cooldownOf(60, staticData);
		passCooldown(cooldown, 'VI08', 10_000);
		passCooldown(cooldown, 'VI09', 10_001);
		writeCooldowns(cooldown, 0);
		expect(Object.keys(staticData.cameraCooldowns as object)).toHaveLength(1250);

		passCooldown(cooldown, 'VI10', 10_002);
		writeCooldowns(cooldown, STATIC_DATA_WRITE_INTERVAL_MS);
		const kept = Object.keys(staticData.cameraCooldowns as object);
		expect(kept).toHaveLength(1000);
		expect(kept).toEqual(
			expect.arrayContaining(['#VI08', '#VI09', '#VI10', '#old-1247', '#old-251']),
		);
		expect(kept).not.toContain('#old-250');
	});

	it("marks n8n's static data changed at every write, so that n8n saves it", () => {
		const node: INode = {
			id: 'cooldown-node',
			name: 'Gaard Trigger',
			type: 'n8n-nodes-gaard.gaardTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = workflowWith(node);
		const cooldown = cooldownOf(60, workflow.getStaticData('node', node));
		for (const [write, camera] of ['VI08', 'VI09'].entries()) {
			// As n8n does once it has saved the static data.
			workflow.staticData.__dataChanged = false;
			passCooldown(cooldown, camera, write);
			writeCooldowns(cooldown, write * STATIC_DATA_WRITE_INTERVAL_MS);
			expect(workflow.staticData.__dataChanged).toBe(true);
		}
	});
});
