/**
 * Cameras' mutes as n8n processes share them through the static data: a mute set in one process
 * holds in another that loads the static data; the record set last wins; spent records go.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	activeMute,
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
