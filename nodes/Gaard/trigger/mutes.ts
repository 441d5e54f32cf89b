/**
 * Cameras muted from a mute link (muteLinks.ts): while a camera is muted its results start
 * nothing; the first that starts the workflow once the mute is over (ended or undone) carries how
 * many were held back.
 *
 * Kept like the cooldowns (cooldown.ts): in this n8n process, so that overlapping deliveries see a
 * mute at once, and in the workflow's static data, so that it outlives a restart and reaches the
 * other n8n processes, which load the static data with each request. A mute or an unmute is
 * written at once; the count of results held back at most once per STATIC_DATA_WRITE_INTERVAL_MS.
 * When two records of a camera differ, the one set last wins. Bounded: at most MAX_CAMERAS cameras
 * a trigger, the most recently set kept.
 */

import type { Outcome } from '../outcome';
import type { TriggerState } from './processState';
import {
	claimStaticDataWrite,
	inProcessState,
	storedCameraRecord,
	storedCameraRecords,
	writeCameraRecords,
} from './processState';

const STORE_KEY = 'cameraMutes';
const MAX_CAMERAS = 1000;

/** One camera's mute, as this process and the static data hold it. */
export interface CameraMute {
	/** When it ends (ms since the epoch); at `setAt` when it was undone. */
	until: number;
	/** When it was set or undone. */
	setAt: number;
	minutes: number;
	siteId: string | null;
	/** Results held back since it was set; null once a result that started the workflow carried the count. */
	held: number | null;
	/** Its end was announced, or needs no announcement (announcements off, or it was undone). */
	endAnnounced: boolean;
}

/** The mutes of one trigger. */
export type TriggerMutes = TriggerState;

/** Each trigger's cameras in this process. */
const processMutes = inProcessState(() => ({
	cameras: new Map<string, CameraMute>(),
	writtenAt: undefined as number | undefined,
}));

/** A camera's record: this process's, or the static data's when that one was set later. */
function recordOf(mutes: TriggerMutes, camera: string): CameraMute | undefined {
	const { cameras } = processMutes(mutes.trigger);
	const stored = storedCameraRecord<CameraMute>(mutes.staticData, STORE_KEY, camera);
	const held = cameras.get(camera);
	if (stored && (!held || stored.setAt > held.setAt)) {
		const copy = { ...stored };
		cameras.set(camera, copy);
		return copy;
	}
	return held;
}

/** Whether a record has nothing left to do: over, counted, and its end announced. */
const isSpent = (mute: CameraMute, now: number) =>
	mute.until <= now && mute.held === null && mute.endAnnounced;

/**
 * Writes what this process holds into the static data (beside what another process wrote, the
 * record set last winning), dropping spent records. With `now` only when a write is due; `force`
 * for a mute or an unmute, written at once. Returns the key written, undefined when none was.
 */
export function writeMutes(mutes: TriggerMutes, now: number, force = false): string | undefined {
	const held = processMutes(mutes.trigger);
	if (!claimStaticDataWrite(held, now) && !force) return undefined;
	const stored = storedCameraRecords<CameraMute>(mutes.staticData, STORE_KEY);
	for (const [camera, mute] of held.cameras) {
		const key = `#${camera}`;
		if (!stored[key] || stored[key].setAt <= mute.setAt) stored[key] = { ...mute };
	}
	for (const [key, mute] of Object.entries(stored)) {
		if (isSpent(mute, now)) {
			delete stored[key];
			held.cameras.delete(key.slice(1));
		}
	}
	return writeCameraRecords(mutes.staticData, STORE_KEY, stored, (mute) => mute.setAt, {
		max: MAX_CAMERAS,
	});
}

/** The camera's mute if it lasts at `now`. */
export function activeMute(
	mutes: TriggerMutes,
	camera: string,
	now: number,
): CameraMute | undefined {
	const mute = recordOf(mutes, camera);
	return mute && mute.until > now ? mute : undefined;
}

/**
 * Mutes `camera` for `minutes` from `now` (a mute it has is replaced; what it held back still
 * counts). `announceEnd`: whether its end is to be announced. Returns the mute and the key written.
 */
export function setMute(
	mutes: TriggerMutes,
	camera: string,
	mute: { minutes: number; siteId: string | null; announceEnd: boolean },
	now: number,
): { mute: CameraMute; written: string } {
	const before = recordOf(mutes, camera);
	const record: CameraMute = {
		until: now + mute.minutes * 60_000,
		setAt: now,
		minutes: mute.minutes,
		siteId: mute.siteId,
		held: before?.held ?? 0,
		endAnnounced: !mute.announceEnd,
	};
	processMutes(mutes.trigger).cameras.set(camera, record);
	return { mute: record, written: writeMutes(mutes, now, true)! };
}

/** Ends `camera`'s mute at `now`; undefined when it had none lasting. */
export function undoMute(
	mutes: TriggerMutes,
	camera: string,
	now: number,
): { mute: CameraMute; written: string } | undefined {
	const mute = activeMute(mutes, camera, now);
	if (!mute) return undefined;
	// Undoing is announced as such: its end needs no announcement of its own.
	Object.assign(mute, { until: now, setAt: now, endAnnounced: true });
	return { mute, written: writeMutes(mutes, now, true)! };
}

/**
 * Whether a result from `camera` may start the workflow at `now`: not while the camera is muted
 * (it is counted as held back). When it may, the value is how many were held back, if the camera
 * was muted since the last result that started the workflow. Call it with no `await` before
 * acting on the answer, then `writeMutes`.
 */
export function passMute(
	mutes: TriggerMutes,
	camera: string,
	now: number,
): Outcome<number | undefined, 'muted'> {
	const mute = recordOf(mutes, camera);
	if (!mute) return { ok: true, value: undefined };
	if (mute.until > now) {
		mute.held = (mute.held ?? 0) + 1;
		return { ok: false, reason: 'muted' };
	}
	const held = mute.held ?? undefined;
	mute.held = null;
	return { ok: true, value: held };
}

/**
 * The mutes that ended by `now` and whose end is still to be announced, by camera; they count as
 * announced from here on. Call it, then `writeMutes`, with no `await` between.
 */
export function takeEndedMutes(mutes: TriggerMutes, now: number): Array<[string, CameraMute]> {
	const cameras = new Set([
		...processMutes(mutes.trigger).cameras.keys(),
		...Object.keys(storedCameraRecords(mutes.staticData, STORE_KEY)).map((key) => key.slice(1)),
	]);
	const ended: Array<[string, CameraMute]> = [];
	for (const camera of cameras) {
		const mute = recordOf(mutes, camera)!;
		if (mute.until <= now && !mute.endAnnounced) {
			mute.endAnnounced = true;
			ended.push([camera, { ...mute }]);
		}
	}
	return ended;
}

/** What the Mutes output says happened to a camera's mute. */
export type MuteEvent = 'muted' | 'unmuted' | 'muteEnded';

/** An item of the Mutes output (Announce Mutes). */
export interface MuteAnnouncement {
	event: MuteEvent;
	cameraId: string;
	siteId: string | null;
	/** The mute's length, as set. */
	minutes: number;
	/** When it ends or ended (ISO 8601). */
	mutedUntil: string;
	/** Results from the camera held back by it so far. */
	heldBack: number;
	/** When this happened (ISO 8601). */
	at: string;
	/** A sentence for a chat message. */
	text: string;
}

const EVENT_WORDS: Record<MuteEvent, string> = {
	muted: 'muted',
	unmuted: 'unmuted',
	muteEnded: 'no longer muted',
};

export function muteAnnouncement(
	event: MuteEvent,
	camera: string,
	mute: CameraMute,
	now: number,
): MuteAnnouncement {
	const mutedUntil = new Date(mute.until).toISOString();
	const heldBack = mute.held ?? 0;
	const where =
		mute.siteId === null ? `Camera ${camera}` : `Camera ${camera} (site ${mute.siteId})`;
	const detail =
		event === 'muted'
			? ` for ${mute.minutes} min, until ${mutedUntil}`
			: `: ${heldBack} result${heldBack === 1 ? '' : 's'} held back`;
	return {
		event,
		cameraId: camera,
		siteId: mute.siteId,
		minutes: mute.minutes,
		mutedUntil,
		heldBack,
		at: new Date(now).toISOString(),
		text: `${where} ${EVENT_WORDS[event]}${detail}`,
	};
}
