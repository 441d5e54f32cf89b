/**
 * Alarm flood control, per camera: once a result from a camera starts the workflow, further
 * results from that camera within the cooldown start nothing; the next one that does start
 * carries how many were held back since the last one.
 *
 * Kept like the deduplication window (see dedup.ts): in this n8n process, so that deliveries that
 * overlap in time see each other, and in the workflow's static data, written at most once per
 * STATIC_DATA_WRITE_INTERVAL_MS, so that it outlives a restart. Best effort across n8n processes.
 * Bounded: at most MAX_CAMERAS cameras a trigger, the one that started the workflow longest ago
 * going first (about 60 bytes a camera in static data).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Outcome } from '../outcome';
import { claimStaticDataWrite, inProcessState, setMostRecent } from './processState';

export const MAX_COOLDOWN_SECONDS = 86_400;
const MAX_CAMERAS = 1000;
const STORE_KEY = 'cameraCooldowns';

/** When a camera last started the workflow (ms since the epoch), and how many were held back since. */
type CameraState = [startedAt: number, suppressed: number];

/** Each trigger's cameras in this process, the least recently started first. */
const processCameras = inProcessState(50, () => ({
	cameras: new Map<string, CameraState>(),
	writtenAt: undefined as number | undefined,
}));

/** The cooldown of one trigger: `trigger` names it in this process, `staticData` is its node's. */
export interface CameraCooldown {
	trigger: string;
	staticData: IDataObject;
	seconds: number;
}

/** The cameras the static data holds, as a plain object: none when it holds something else. */
function storedCameras(staticData: IDataObject): Record<string, CameraState> {
	const stored = staticData[STORE_KEY];
	return stored && typeof stored === 'object' && !Array.isArray(stored)
		? { ...(stored as Record<string, CameraState>) }
		: {};
}

/**
 * Writes the cameras this process holds into the static data when a write is due at `now`, beside
 * those another process wrote, the most recently started kept when there are too many. Returns the
 * key of the static data it wrote, undefined when no write was due.
 */
export function writeCooldowns(cooldown: CameraCooldown, now: number): string | undefined {
	const held = processCameras(cooldown.trigger);
	if (!claimStaticDataWrite(held, now)) return undefined;
	const stored = storedCameras(cooldown.staticData);
	for (const [camera, state] of held.cameras) stored[`#${camera}`] = state;
	const keys = Object.keys(stored);
	const kept =
		keys.length > MAX_CAMERAS + MAX_CAMERAS / 4
			? keys.sort((a, b) => stored[b][0] - stored[a][0]).slice(0, MAX_CAMERAS)
			: keys;
	// Assigned through n8n's static data object, so that n8n notices the change and saves it.
	cooldown.staticData[STORE_KEY] = Object.fromEntries(kept.map((key) => [key, stored[key]]));
	return STORE_KEY;
}

/**
 * Whether a result from `camera` may start the workflow at `now`. When it may, the camera's
 * cooldown starts again and the value is how many were held back since it last started; when it
 * may not, it is counted as held back. Call it with no `await` before acting on the answer.
 */
export function passCooldown(
	cooldown: CameraCooldown,
	camera: string,
	now: number,
): Outcome<number, 'suppressed'> {
	const stored = cooldown.staticData[STORE_KEY] as Record<string, CameraState> | undefined;
	const fromStaticData =
		stored && Object.prototype.hasOwnProperty.call(stored, `#${camera}`)
			? stored[`#${camera}`]
			: undefined;
	const { cameras } = processCameras(cooldown.trigger);
	const [startedAt, suppressed] = cameras.get(camera) ??
		fromStaticData ?? [Number.NEGATIVE_INFINITY, 0];
	if (now - startedAt < cooldown.seconds * 1000) {
		setMostRecent(cameras, camera, [startedAt, suppressed + 1], MAX_CAMERAS);
		return { ok: false, reason: 'suppressed' };
	}
	setMostRecent(cameras, camera, [now, 0], MAX_CAMERAS);
	return { ok: true, value: suppressed };
}
