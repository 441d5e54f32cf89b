/**
 * One delivery from Gaard, from the request to n8n's answer: check the sender, validate the body,
 * deduplicate, verify, filter, then start the workflow with one item. Every refusal is a 4xx (or
 * 502 when Gaard cannot be asked) with a JSON reason, and starts no execution.
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { isErrorResult, resultCameraIds } from '../alarmRules';
import { clock } from '../clock';
import type { GaardDerivedFields, GaardItem } from '../gaardItem';
import { toGaardItem } from '../gaardItem';
import type { WebhookRequest } from '../n8nQuirks';
import { MUTE_WEBHOOK, acceptWithExecution, readUnparsedBody } from '../n8nQuirks';
import type { GaardResult, GaardResultIssue } from '../GaardResult';
import { parseGaardResult } from '../GaardResult';
import type { Outcome } from '../outcome';
import { firstHeader, mediaType } from '../transport/http';
import { fetchGaardResult } from '../transport/result';
import type { CameraCooldown } from './cooldown';
import { passCooldown, writeCooldowns } from './cooldown';
import type { DedupWindow } from './dedup';
import { remember, wasSeen, writeWindow } from './dedup';
import { matchFilter } from './filters';
import { ensureMuteKey, muteLinksFor } from './muteLinks';
import { handleMuteRequest } from './muteRequest';
import { muteAnnouncement, passMute, takeEndedMutes, writeMutes } from './mutes';
import { workflowDataOf } from './outputs';
import { isIpAllowed } from './ipAllowlist';
import { SAMPLE_RESULT } from './sampleResult';
import { secretMatches } from './secret';
import type { TriggerSettings } from './settings';
import { readTriggerSettings } from './settings';
import { triggerStateOf } from './processState';

/** The answer Gaard's docs ask for; every accepted, filtered or duplicate delivery gets it. */
const ACCEPTED = { ok: true };

const SETUP_MESSAGE =
	'This is an n8n Gaard Trigger. Enter this URL as the destination of a Webhook integration in Gaard: Gaard delivers finished classifications here with POST.';

/**
 * Gaard's sender waits while a delivery is verified: the whole verification, retries included,
 * is over within this time, or the delivery is answered 502.
 */
export const VERIFY_DEADLINE_MS = 5_000;

/** Why a delivery is refused: the HTTP status and JSON reason its sender gets. */
interface Refusal {
	status: number;
	error: string;
	issues?: GaardResultIssue[];
}

const refused = (status: number, error: string, issues?: GaardResultIssue[]) =>
	({ ok: false, reason: { status, error, issues } }) as const;

/** Answers a refused delivery itself; returning no workflowData starts no execution. */
function answerRefusal(this: IWebhookFunctions, refusal: Refusal): IWebhookResponseData {
	// JSON leaves `issues` out when there are none.
	const body = { ok: false, error: refusal.error, issues: refusal.issues };
	this.getResponseObject().status(refusal.status).json(body);
	return { noWebhookResponse: true };
}

/** Whether the sender may deliver: its address (allowlist), then the shared secret. */
function checkSender(this: IWebhookFunctions, settings: TriggerSettings): Outcome<true, Refusal> {
	const request = this.getRequestObject();
	if (settings.allowlist.length) {
		// `ip` honours N8N_PROXY_HOPS; the socket address is the fallback.
		const address = request.ip ?? request.socket?.remoteAddress;
		if (!isIpAllowed(address, settings.allowlist)) {
			return refused(
				403,
				`Deliveries from ${address ?? 'an unknown address'} are not allowed by this trigger`,
			);
		}
	}
	if (settings.secret) {
		const { location, name, value } = settings.secret;
		const presented =
			location === 'query'
				? (this.getQueryData() as Record<string, unknown>)[name]
				: firstHeader(this.getHeaderData(), name);
		if (!secretMatches(typeof presented === 'string' ? presented : undefined, value)) {
			return refused(
				401,
				`Missing or wrong secret (expected in the ${location === 'query' ? 'query parameter' : 'header'} "${name}")`,
			);
		}
	}
	return { ok: true, value: true };
}

/** The bytes of a body n8n did not parse, or why they could not be read. */
async function unparsedBody(request: WebhookRequest): Promise<Outcome<Buffer, Refusal>> {
	try {
		return { ok: true, value: await readUnparsedBody(request) };
	} catch (error) {
		const status = (error as { status?: unknown }).status;
		return status === 413
			? refused(413, 'The body is larger than this n8n accepts (its N8N_PAYLOAD_SIZE_MAX)')
			: refused(400, 'The body could not be read');
	}
}

/** The posted body as a Gaard result, or why it is not one. */
async function readPayload(this: IWebhookFunctions): Promise<Outcome<GaardResult, Refusal>> {
	const contentType = mediaType(firstHeader(this.getHeaderData(), 'content-type'));
	if (contentType !== 'application/json' && !contentType.endsWith('+json')) {
		return refused(
			415,
			`Expected a JSON body (Content-Type: application/json), got ${contentType || 'no Content-Type'}`,
		);
	}
	let body: unknown = this.getBodyData();
	if (body === undefined || isEmptyObject(body)) {
		const rawBody = await unparsedBody(this.getRequestObject());
		if (!rawBody.ok) return rawBody;
		if (!rawBody.value.length)
			return refused(400, 'The body is empty: expected a Gaard classification result');
		try {
			body = JSON.parse(rawBody.value.toString('utf8'));
		} catch {
			return refused(400, 'The body is not valid JSON');
		}
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return refused(400, 'The body must be a JSON object (a Gaard classification result)');
	}
	const parsed = parseGaardResult(body);
	return parsed.ok ? parsed : refused(400, parsed.reason.message, parsed.reason.issues);
}

function isEmptyObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Fetches the result from Gaard, so that only what Gaard itself holds is emitted. */
async function fetchFromGaard(
	this: IWebhookFunctions,
	id: string,
): Promise<Outcome<GaardResult, Refusal>> {
	try {
		const fetched = await fetchGaardResult.call(this, id, {
			deadline: clock.now() + VERIFY_DEADLINE_MS,
		});
		if (fetched.id !== id) {
			this.logger.warn(`Gaard Trigger: Gaard answered result ${fetched.id} when asked for ${id}`);
			return refused(502, `Gaard answered another result when asked for ${id}`);
		}
		return { ok: true, value: fetched };
	} catch (error) {
		const httpCode = error instanceof NodeApiError ? error.httpCode : null;
		const { message, description } = error as { message?: string; description?: string | null };
		this.logger.warn(
			`Gaard Trigger: could not verify result ${id} with Gaard: ${message ?? String(error)} ${description ?? ''}`,
		);
		if (httpCode === '404') {
			return refused(403, `Gaard has no result with ID "${id}": the delivery was not verified`);
		}
		// The sender learns no more than this: the credential's address and Gaard's words stay in n8n's log.
		const what = httpCode
			? `Gaard answered HTTP ${httpCode}`
			: 'Gaard did not answer in time or could not be reached';
		return refused(
			502,
			`Could not verify the result with Gaard (${what}); the reason is in n8n's log`,
		);
	}
}

export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === MUTE_WEBHOOK) return handleMuteRequest.call(this);
	const receivedAt = new Date(clock.now());
	const settings = readTriggerSettings.call(this);

	const sender = checkSender.call(this, settings);
	if (!sender.ok) return answerRefusal.call(this, sender.reason);
	if (this.getWebhookName() === 'setup') return answerSetupRequest.call(this, settings, receivedAt);

	const payload = await readPayload.call(this);
	if (!payload.ok) return answerRefusal.call(this, payload.reason);

	const triggerState = triggerStateOf(this);
	// The keys of the static data this delivery wrote (undefined for a write that was not due).
	const written: Array<string | undefined> = [];
	/** The answer to a delivery, and the execution it starts, if any (with the mutes that ended). */
	// The mutes that ended, to announce with this delivery: taken once, before the result's own
	// camera is let through (which counts its mute as over).
	let ended: ReturnType<typeof takeEndedMutes> | undefined;
	const takeEnded = (now: number) => {
		ended ??= settings.announceMutes ? takeEndedMutes(triggerState, now) : [];
		return ended;
	};
	const finish = (answer: IDataObject, emitted?: TriggerItem): IWebhookResponseData => {
		const now = clock.now();
		const ended = takeEnded(now);
		written.push(ended.length ? writeMutes(triggerState, now, true) : undefined);
		const workflowData = workflowDataOf(settings, {
			result: emitted && {
				item: { json: emitted as IDataObject },
				isError: emitted._derived.isError,
			},
			announcements: ended.map(([camera, mute]) => ({
				json: muteAnnouncement('muteEnded', camera, mute, now) as unknown as IDataObject,
			})),
		});
		// n8n would not save what this delivery wrote without marking it again (n8nQuirks.ts).
		return workflowData
			? acceptWithExecution(workflowData, answer, triggerState.staticData, written)
			: { webhookResponse: answer };
	};

	const dedup: DedupWindow | undefined =
		settings.dedupWindow === null ? undefined : { ...triggerState, size: settings.dedupWindow };
	const duplicate = { ...ACCEPTED, duplicate: true };
	if (dedup && wasSeen(dedup, payload.value.id)) return finish(duplicate);

	let result = payload.value;
	if (settings.verifyWithGaard) {
		const fetched = await fetchFromGaard.call(this, result.id);
		if (!fetched.ok) return answerRefusal.call(this, fetched.reason);
		result = fetched.value;
		// Another delivery of this id may have been verified meanwhile.
		if (dedup && wasSeen(dedup, result.id)) return finish(duplicate);
	}
	// Remembered only once verified (a forged delivery must not make the real one a duplicate),
	// and with no `await` since the check above, so that an overlapping delivery sees it.
	if (dedup) remember(dedup, result.id);
	const now = clock.now();
	written.push(dedup && writeWindow(dedup, now));

	if (
		(isErrorResult(result) && settings.errorResults === 'drop') ||
		!matchFilter(result, settings.filter).ok
	) {
		return finish(ACCEPTED);
	}

	// Error results, and results that name no camera, are never held back.
	const camera = isErrorResult(result) ? undefined : resultCameraIds(result)[0];
	let mutedCount: number | undefined;
	if (settings.muteDurations.length && camera) {
		takeEnded(now);
		const passed = passMute(triggerState, camera, receivedAt.getTime());
		// Written when it held a result back, or let through the first after its end.
		if (!passed.ok || passed.value !== undefined) written.push(writeMutes(triggerState, now));
		if (!passed.ok) return finish({ ...ACCEPTED, muted: true });
		mutedCount = passed.value;
	}

	let suppressedCount: number | undefined;
	if (settings.cooldownSeconds > 0) {
		const cooldown: CameraCooldown = { ...triggerState, seconds: settings.cooldownSeconds };
		const passed = camera ? passCooldown(cooldown, camera, receivedAt.getTime()) : undefined;
		written.push(passed && writeCooldowns(cooldown, now));
		if (passed && !passed.ok) return finish({ ...ACCEPTED, suppressed: true });
		suppressedCount = passed?.value ?? 0;
	}

	const source = settings.verifyWithGaard ? 'verified' : 'webhook';
	const item: TriggerItem = toGaardItem(result, source, receivedAt);
	if (suppressedCount !== undefined) item._derived.suppressedCount = suppressedCount;
	if (mutedCount !== undefined) item._derived.mutedCount = mutedCount;
	if (settings.muteDurations.length && camera) {
		const { key, written: keyWritten } = ensureMuteKey(triggerState.staticData);
		written.push(keyWritten);
		item._derived.muteLinks = muteLinksFor(
			this.getNodeWebhookUrl(MUTE_WEBHOOK)!,
			key,
			{ camera, siteId: item._derived.siteId },
			settings.muteDurations,
			receivedAt.getTime(),
		);
	}
	return finish(ACCEPTED, item);
}

/** The trigger's item: the Gaard node's, and fields of its own under `_derived`. */
type TriggerItem = GaardItem & {
	_derived: {
		/** How many results from this camera were held back since the one before this started the workflow (Cooldown per Camera). */
		suppressedCount?: number;
		/** How many results from this camera a mute held back, on the first that starts the workflow after it (Mute Links). */
		mutedCount?: number;
		/** Links that mute this camera, by duration (`1h`...), and `manage`, its page (Mute Links). */
		muteLinks?: Record<string, string>;
	};
};

/** The item of a result on its output (the sample's, with no mute links). */
function itemOnItsOutput(
	settings: TriggerSettings,
	result: GaardResult,
	source: GaardDerivedFields['source'],
	receivedAt: Date,
): INodeExecutionData[][] {
	const item = toGaardItem(result, source, receivedAt);
	return workflowDataOf(settings, {
		result: { item: { json: item as IDataObject }, isError: item._derived.isError },
	})!;
}

/**
 * A GET on the trigger's URL (someone opening it in a browser). While the editor listens for a
 * test event, it starts the workflow with Gaard's documented example result, so that fields can
 * be mapped before the first real alarm; otherwise it only says what this URL is for.
 */
function answerSetupRequest(
	this: IWebhookFunctions,
	settings: TriggerSettings,
	receivedAt: Date,
): IWebhookResponseData {
	if (this.getMode() !== 'manual') {
		return { webhookResponse: { ...ACCEPTED, message: SETUP_MESSAGE } };
	}
	return {
		workflowData: itemOnItsOutput(settings, SAMPLE_RESULT, 'sample', receivedAt),
		webhookResponse: {
			...ACCEPTED,
			sample: true,
			message: 'A sample Gaard result was sent to the workflow.',
		},
	};
}
