/**
 * Cameras' mutes as n8n processes share them through the static data: a mute set in one process
 * holds in another that loads the static data; the record set last wins; spent records go; and
 * what the Mutes output says of each.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CameraMute } from '../../nodes/Gaard/trigger/mutes';
import {
	activeMute,
	muteAnnouncement,
	passMute,
	setMute,
	undoMute,
	writeMutes,
} from '../../nodes/Gaard/trigger/mutes';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
let processes = 0;
/** A trigger as one n8n process sees it, on static data as loaded from the database. */
const inProcess = (staticData: IDataObject) => ({
	trigger: `workflow/node/webhook#process-${++processes}`,
	staticData,
});
const saved = (staticData: IDataObject) => JSON.parse(JSON.stringify(staticData)) as IDataObject;
const mute = { minutes: 60, siteId: null, announceEnd: false };

it('a mute set in one process holds in another, once it loads the static data', () => {
	const first = inProcess({});
	setMute(first, 'VI08', mute, NOW);
	const second = inProcess(saved(first.staticData));
	expect(passMute(second, 'VI08', NOW + 1_000)).toEqual({ ok: false, reason: 'muted' });
	expect(passMute(second, 'VI09', NOW + 1_000)).toEqual({ ok: true, value: undefined });
});

it('an unmute in one process ends a mute the other held, the record set last winning', () => {
	const first = inProcess({});
	setMute(first, 'VI08', mute, NOW);
	const second = inProcess(saved(first.staticData));
	expect(activeMute(second, 'VI08', NOW + 1)).toBeDefined();
	undoMute(second, 'VI08', NOW + 2);
	// The first process still holds its older record in memory: the saved one is newer.
	first.staticData = saved(second.staticData);
	expect(activeMute(first, 'VI08', NOW + 3)).toBeUndefined();
});

it('a record over, counted and announced is dropped at the next write', () => {
	const trigger = inProcess({});
	setMute(trigger, 'VI08', { ...mute, minutes: 5 }, NOW);
	expect(passMute(trigger, 'VI08', NOW + 1)).toEqual({ ok: false, reason: 'muted' });
	expect(passMute(trigger, 'VI08', NOW + 5 * 60_000)).toEqual({ ok: true, value: 1 });
	writeMutes(trigger, NOW + 5 * 60_000, true);
	expect(trigger.staticData.cameraMutes).toEqual({});
});

it('keeps to itself when the static data holds something else under its key', () => {
	const trigger = inProcess({ cameraMutes: ['not', 'mutes'] });
	expect(passMute(trigger, 'VI08', NOW)).toEqual({ ok: true, value: undefined });
	setMute(trigger, 'VI08', mute, NOW);
	expect(Object.keys(trigger.staticData.cameraMutes as object)).toEqual(['#VI08']);
});

it('a mute another process saved its older copy over is saved again by the process that set it, with the next result from the camera a second later', () => {
	const setter = inProcess({});
	setMute(setter, 'VI08', mute, NOW);
	// Another process saves the static data it loaded before the mute, whole.
	setter.staticData = {};
	expect(passMute(setter, 'VI08', NOW + 500)).toEqual({ ok: false, reason: 'muted' });
	expect(writeMutes(setter, NOW + 500)).toBeUndefined();
	expect(passMute(setter, 'VI08', NOW + 1_000)).toEqual({ ok: false, reason: 'muted' });
	expect(writeMutes(setter, NOW + 1_000)).toBe('cameraMutes');
	const other = inProcess(saved(setter.staticData));
	expect(passMute(other, 'VI08', NOW + 1_001)).toEqual({ ok: false, reason: 'muted' });
});

it("a mute over keeps its count for the camera's next result, through writes in between", () => {
	const trigger = inProcess({});
	setMute(trigger, 'VI08', { ...mute, minutes: 5 }, NOW);
	passMute(trigger, 'VI08', NOW + 1);
	writeMutes(trigger, NOW + 10 * 60_000, true);
	const restarted = inProcess(saved(trigger.staticData));
	expect(passMute(restarted, 'VI08', NOW + 11 * 60_000)).toEqual({ ok: true, value: 1 });
});

it('a mute and an unmute are written at once, however soon after the last write', () => {
	const trigger = inProcess({});
	setMute(trigger, 'VI08', mute, NOW);
	setMute(trigger, 'VI09', mute, NOW + 10);
	expect(Object.keys(trigger.staticData.cameraMutes as object).sort()).toEqual(['#VI08', '#VI09']);
	undoMute(trigger, 'VI08', NOW + 20);
	const other = inProcess(saved(trigger.staticData));
	expect(activeMute(other, 'VI08', NOW + 30)).toBeUndefined();
	expect(activeMute(other, 'VI09', NOW + 30)).toBeDefined();
});

it('keeps the 1,000 cameras muted last', () => {
	const trigger = inProcess({});
	for (let camera = 0; camera <= 1000; camera++) setMute(trigger, `C${camera}`, mute, NOW + camera);
	const kept = Object.keys(trigger.staticData.cameraMutes as object);
	expect(kept).toHaveLength(1000);
	expect(kept).not.toContain('#C0');
	expect(kept).toContain('#C1000');
	expect(kept).toContain('#C1');
});

describe('what the Mutes output says', () => {
	const record = (overrides: Partial<CameraMute> = {}): CameraMute => ({
		until: NOW + 60 * 60_000,
		setAt: NOW,
		minutes: 60,
		siteId: '134188',
		held: 0,
		endAnnounced: false,
		...overrides,
	});

	it.each([
		[
			'muted',
			record(),
			'Camera VI08 (site 134188) muted for 60 min, until 2026-12-05T13:00:00.000Z',
		],
		['unmuted', record({ held: 1 }), 'Camera VI08 (site 134188) unmuted: 1 result held back'],
		[
			'muteEnded',
			record({ held: 2, siteId: null }),
			'Camera VI08 no longer muted: 2 results held back',
		],
		[
			'muteEnded',
			record({ held: null }),
			'Camera VI08 (site 134188) no longer muted: 0 results held back',
		],
	] as const)('%s: %s', (event, mute, text) => {
		expect(muteAnnouncement(event, 'VI08', mute, NOW + 1_000)).toEqual({
			event,
			cameraId: 'VI08',
			siteId: mute.siteId,
			minutes: 60,
			mutedUntil: '2026-12-05T13:00:00.000Z',
			heldBack: mute.held ?? 0,
			at: '2026-12-05T12:00:01.000Z',
			text,
		});
	});
});
