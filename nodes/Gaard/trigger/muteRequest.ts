/**
 * A request on the trigger's `mute` webhook: someone opened a mute link (GET), or pressed the
 * page's button (POST). Opening a link changes nothing, so that a chat app fetching it for a
 * preview mutes nothing; the button mutes or unmutes. Every answer is a page (mutePage.ts); a link
 * that does not hold gets one that says why, and changes nothing.
 *
 * The trigger's Secret and Allowed IPs guard deliveries from Gaard, not this: a person's phone
 * neither knows the secret nor has Gaard's address. A link is guarded by its signature.
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { clock } from '../clock';
import { answeredWithExecution, pageSentByN8n } from '../n8nQuirks';
import type { LinkProblem, MuteClaim } from './muteLinks';
import {
	LINK_LIFETIME_MS,
	MUTE_DURATIONS,
	TOKEN_PARAMETER,
	durationInWords,
	muteKeyOf,
	readMuteToken,
} from './muteLinks';
import type { MutePageButton, MutePageView } from './mutePage';
import { renderMutePage } from './mutePage';
import type { CameraMute, TriggerMutes } from './mutes';
import { activeMute, muteAnnouncement, setMute, takeEndedMutes, undoMute } from './mutes';
import { workflowDataOf } from './outputs';
import { triggerStateOf } from './processState';
import type { TriggerSettings } from './settings';
import { readTriggerSettings } from './settings';

/** The page for a link that does not hold, by why. */
const PROBLEM_PAGES: Record<LinkProblem, { status: number; title: string; line: string }> = {
	malformed: {
		status: 400,
		title: 'Not a mute link',
		line: 'This link is incomplete or damaged: nothing was changed. Open it again from the alarm message.',
	},
	foreign: {
		status: 403,
		title: 'Not a link of this trigger',
		line: "This link was made by another Gaard Trigger, or before this trigger's key was replaced: nothing was changed.",
	},
	tampered: {
		status: 403,
		title: 'This link was changed',
		line: 'Its signature does not match what it says: nothing was changed.',
	},
	expired: {
		status: 410,
		title: 'This link has expired',
		line: `A mute link works for ${LINK_LIFETIME_MS / 3_600_000} hours after its alarm: nothing was changed. Use the link of a newer alarm.`,
	},
};

/**
 * Answers with `view`, and starts the workflow with `workflowData`, if any. A page of status 200
 * that starts nothing is sent by n8n once it has saved what the request changed, so that a
 * result sent right after the button, to another n8n process, finds the mute saved; the others
 * are sent here.
 */
function answerWithPage(
	this: IWebhookFunctions,
	view: Omit<MutePageView, 'timeZone'>,
	workflowData?: INodeExecutionData[][],
): IWebhookResponseData {
	const page = renderMutePage({ ...view, timeZone: this.getTimezone() });
	const response = this.getResponseObject();
	for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
	if (page.status === 200 && !workflowData) return pageSentByN8n(page.body);
	response.status(page.status);
	response.end(page.body);
	return answeredWithExecution(workflowData);
}

const cameraWords = (claim: Pick<MuteClaim, 'camera' | 'siteId'>) =>
	claim.siteId === null
		? `camera ${claim.camera}`
		: `camera ${claim.camera} (site ${claim.siteId})`;

/** The buttons a link's page offers: its own duration, or each one the trigger offers; Unmute while muted. */
function buttonsFor(claim: MuteClaim, settings: TriggerSettings, muted: boolean): MutePageButton[] {
	const durations = claim.minutes
		? [claim.minutes]
		: settings.muteDurations.map((duration) => MUTE_DURATIONS[duration]);
	return [
		...durations.map((minutes) => ({
			label: `${muted ? 'Mute again' : 'Mute'} for ${durationInWords(minutes)}`,
			action: 'mute' as const,
			minutes: claim.minutes ? undefined : minutes,
		})),
		...(muted ? [{ label: 'Unmute', action: 'unmute' as const }] : []),
	];
}

export function handleMuteRequest(this: IWebhookFunctions): IWebhookResponseData {
	const page = (view: Omit<MutePageView, 'timeZone'>, workflowData?: INodeExecutionData[][]) =>
		answerWithPage.call(this, view, workflowData);
	const settings = readTriggerSettings.call(this);
	if (!settings.muteDurations.length) {
		return page({
			status: 404,
			title: 'Mute links are off',
			lines: ['This Gaard Trigger offers no mute links any more: nothing was changed.'],
			buttons: [],
		});
	}
	const mutes: TriggerMutes = triggerStateOf(this);
	const now = clock.now();
	const key = muteKeyOf(mutes.staticData);
	const token = (this.getQueryData() as Record<string, unknown>)[TOKEN_PARAMETER];
	const read = key ? readMuteToken(key, token, now) : ({ ok: false, reason: 'foreign' } as const);
	if (!read.ok) {
		const problem = PROBLEM_PAGES[read.reason];
		return page({
			status: problem.status,
			title: problem.title,
			lines: [problem.line],
			buttons: [],
		});
	}
	const claim = read.value;
	// The buttons post back to the link itself: its path and its token.
	const formAction = `?${TOKEN_PARAMETER}=${encodeURIComponent(String(token))}`;
	const showing = (
		title: string,
		lines: string[],
		mute: CameraMute | undefined,
		status = 200,
		workflowData?: INodeExecutionData[][],
	) =>
		page(
			{
				status,
				title,
				lines,
				mutedUntil: mute?.until,
				buttons: buttonsFor(claim, settings, mute !== undefined),
				formAction,
			},
			workflowData,
		);

	if (this.getRequestObject().method !== 'POST') {
		const mute = activeMute(mutes, claim.camera, now);
		const title = claim.minutes
			? `Mute ${cameraWords(claim)} for ${durationInWords(claim.minutes)}?`
			: `Mutes of ${cameraWords(claim)}`;
		const state = mute
			? `It is muted: its results start nothing, ${mute.held ?? 0} held back so far.`
			: 'It is not muted: its alarms start the workflow.';
		return showing(title, [state], mute);
	}

	const form = (this.getBodyData() ?? {}) as IDataObject;
	// Taken before the change, which writes them as announced: mutes of any camera that ended since.
	const takeEnded = () => (settings.announceMutes ? takeEndedMutes(mutes, now) : []);
	const announced = (
		ended: Array<[string, CameraMute]>,
		event: 'muted' | 'unmuted',
		mute: CameraMute,
	) =>
		workflowDataOf(settings, {
			announcements: [
				...ended.map(([camera, endedMute]) =>
					muteAnnouncement('muteEnded', camera, endedMute, now),
				),
				muteAnnouncement(event, claim.camera, mute, now),
			].map((json) => ({ json: json as unknown as IDataObject })),
		});
	if (form.action === 'mute') {
		const minutes = claim.minutes || Number(form.minutes);
		if (
			!claim.minutes &&
			!settings.muteDurations.some((duration) => MUTE_DURATIONS[duration] === minutes)
		) {
			return showing(
				'Not a duration this trigger offers',
				['Nothing was changed: choose one of the buttons below.'],
				activeMute(mutes, claim.camera, now),
				400,
			);
		}
		const ended = takeEnded();
		const { mute } = setMute(
			mutes,
			claim.camera,
			{ minutes, siteId: claim.siteId, announceEnd: settings.announceMutes },
			now,
		);
		return showing(
			`${capitalised(cameraWords(claim))} muted`,
			['Its results start nothing until then; its error results still do.'],
			mute,
			200,
			announced(ended, 'muted', mute),
		);
	}
	if (form.action === 'unmute') {
		const ended = activeMute(mutes, claim.camera, now) ? takeEnded() : [];
		const undone = undoMute(mutes, claim.camera, now);
		return showing(
			undone
				? `${capitalised(cameraWords(claim))} unmuted`
				: `${capitalised(cameraWords(claim))} was not muted`,
			['Its alarms start the workflow again.'],
			undefined,
			200,
			undone ? announced(ended, 'unmuted', undone.mute) : undefined,
		);
	}
	return showing(
		'Nothing to do',
		['The request said neither mute nor unmute: nothing was changed.'],
		activeMute(mutes, claim.camera, now),
		400,
	);
}

const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
