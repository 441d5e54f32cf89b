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
import {
	claimStaticDataWrite,
	inProcessState,
	setMostRecent,
	storedCameraRecord,
	storedCameraRecords,
	writeCameraRecords,
} from './processState';

export const MAX_COOLDOWN_SECONDS = 86_400;
const MAX_CAMERAS = 1000;
const STORE_KEY = 'cameraCooldowns';

/** When a camera last started the workflow (ms since the epoch), and how many were held back since. */
type CameraState = [startedAt: number, suppressed: number];

/** Each trigger's cameras in this process, the least recently started first. */
const processCameras = inProcessState(() => ({
	cameras: new Map<string, CameraState>(),
	writtenAt: undefined as number | undefined,
}));

/** The cooldown of one trigger: `trigger` names it in this process, `staticData` is its node's. */
export interface CameraCooldown {
	trigger: string;
	staticData: IDataObject;
	seconds: number;
}

/**
 * Writes the cameras this process holds into the static data when a write is due at `now`, beside
 * those another process wrote, the most recently started kept when there are too many. Returns the
 * key of the static data it wrote, undefined when no write was due.
 */
export function writeCooldowns(cooldown: CameraCooldown, now: number): string | undefined {
	const held = processCameras(cooldown.trigger);
	if (!claimStaticDataWrite(held, now)) return undefined;
	const stored = storedCameraRecords<CameraState>(cooldown.staticData, STORE_KEY);
	for (const [camera, state] of held.cameras) stored[`#${camera}`] = state;
	return writeCameraRecords(cooldown.staticData, STORE_KEY, stored, ([startedAt]) => startedAt, {
		max: MAX_CAMERAS,
		growTo: MAX_CAMERAS + MAX_CAMERAS / 4,
	});
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
	const fromStaticData = storedCameraRecord<CameraState>(cooldown.staticData, STORE_KEY, camera);
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
