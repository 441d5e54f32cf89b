import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GaardDerivedFields, GaardResult, GaardResultIssue } from '../GaardResult';
import { isErrorResult, parseGaardResult, toGaardItem } from '../GaardResult';
import { remember, wasSeen } from '../helpers/dedup';
import { filterRejection } from '../helpers/filters';
import { isIpAllowed } from '../helpers/ipAllowlist';
import { secretMatches } from '../helpers/secret';
import { fetchGaardResult } from '../helpers/requestResult';
import { SAMPLE_RESULT } from '../sampleResult';
import type { TriggerSettings } from './settings';
import { readTriggerSettings } from './settings';

/** The answer Gaard's docs ask for; every accepted, filtered or duplicate delivery gets it. */
const ACCEPTED = { ok: true };

const SETUP_MESSAGE =
	'This is an n8n Gaard Trigger. Paste this URL into Gaard (Integrations > Webhook): Gaard delivers finished classifications here with POST.';

/** Verification should not keep Gaard's sender waiting long. */
const VERIFY_TIMEOUT_MS = 15_000;

class Rejection {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly issues?: GaardResultIssue[],
	) {}
}

function reject(this: IWebhookFunctions, rejection: Rejection): IWebhookResponseData {
	const body: IDataObject = { ok: false, error: rejection.error };
	if (rejection.issues) body.issues = rejection.issues as unknown as IDataObject[];
	this.getResponseObject().status(rejection.status).json(body);
	// No workflowData: no execution starts.
	return { noWebhookResponse: true };
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function checkSender(this: IWebhookFunctions, settings: TriggerSettings): Rejection | undefined {
	const request = this.getRequestObject();
	if (settings.allowlist.length) {
		// `ip` honours N8N_PROXY_HOPS; the socket address is the fallback.
		const address = request.ip ?? request.socket?.remoteAddress;
		if (!isIpAllowed(address, settings.allowlist)) {
			return new Rejection(403, `Deliveries from ${address ?? 'an unknown address'} are not allowed by this trigger`);
		}
	}
	if (settings.secret) {
		const { location, name, value } = settings.secret;
		const presented =
			location === 'query'
				? (this.getQueryData() as Record<string, unknown>)[name]
				: headerValue(this.getHeaderData()[name.toLowerCase()]);
		if (!secretMatches(typeof presented === 'string' ? presented : undefined, value)) {
			return new Rejection(401, `Missing or wrong secret (expected in the ${location === 'query' ? 'query parameter' : 'header'} "${name}")`);
		}
	}
	return undefined;
}

/** The posted body as a Gaard result, or why it is not one. */
function readPayload(this: IWebhookFunctions): GaardResult | Rejection {
	const contentType = String(this.getHeaderData()['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (contentType !== 'application/json' && !contentType.endsWith('+json')) {
		return new Rejection(415, `Expected a JSON body (Content-Type: application/json), got ${contentType || 'no Content-Type'}`);
	}
	let body: unknown = this.getBodyData();
	if (body === undefined || isEmptyObject(body)) {
		// n8n parses application/json itself; other JSON types (`...+json`) arrive unparsed.
		const rawBody = (this.getRequestObject() as { rawBody?: Buffer }).rawBody;
		if (!rawBody?.length) return new Rejection(400, 'The body is empty: expected a Gaard classification result');
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return new Rejection(400, 'The body is not valid JSON');
		}
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return new Rejection(400, 'The body must be a JSON object (a Gaard classification result)');
	}
	const parsed = parseGaardResult(body);
	return parsed.success ? parsed.result : new Rejection(400, parsed.message, parsed.issues);
}

function isEmptyObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Fetches the result from Gaard, so that only what Gaard itself holds is emitted. */
async function fetchFromGaard(this: IWebhookFunctions, id: string): Promise<GaardResult | Rejection> {
	try {
		const fetched = await fetchGaardResult.call(this, id, { timeoutMs: VERIFY_TIMEOUT_MS });
		if (fetched.id !== id) {
			this.logger.warn(`Gaard Trigger: Gaard answered result ${fetched.id} when asked for ${id}`);
			return new Rejection(502, `Gaard answered another result when asked for ${id}`);
		}
		return fetched;
	} catch (error) {
		const httpCode = error instanceof NodeApiError ? error.httpCode : null;
		const message = error instanceof Error ? error.message : String(error);
		this.logger.warn(`Gaard Trigger: could not verify result ${id} with Gaard: ${message}`);
		if (httpCode === '404') {
			return new Rejection(403, `Gaard has no result with ID "${id}": the delivery was not verified`);
		}
		return new Rejection(502, `Could not verify the result with Gaard: ${message}`);
	}
}

/**
 * Handles one delivery from Gaard: check the sender, validate the body, deduplicate, verify,
 * filter, then start the workflow with one item. Every refusal is a 4xx (or 502 when Gaard
 * cannot be asked) with a JSON reason, and starts no execution.
 */
export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = new Date();
	const settings = readTriggerSettings.call(this);

	const senderRejection = checkSender.call(this, settings);
	if (senderRejection) return reject.call(this, senderRejection);
	if (this.getWebhookName() === 'setup') return answerSetupRequest.call(this, settings, receivedAt);

	const payload = readPayload.call(this);
	if (payload instanceof Rejection) return reject.call(this, payload);

	const dedup =
		settings.dedupWindow === null
			? undefined
			: { recent: this.getWorkflowStaticData('node'), windowSize: settings.dedupWindow };
	if (dedup && wasSeen(dedup.recent, payload.id)) {
		return { webhookResponse: { ...ACCEPTED, duplicate: true } };
	}

	let result = payload;
	if (settings.verifyWithGaard) {
		const fetched = await fetchFromGaard.call(this, payload.id);
		if (fetched instanceof Rejection) return reject.call(this, fetched);
		result = fetched;
	}
	// Remembered only once verified: a forged delivery must not make the real one a duplicate.
	if (dedup) remember(dedup.recent, result.id, dedup.windowSize);

	if ((isErrorResult(result) && settings.errorResults === 'drop') || filterRejection(result, settings.filter)) {
		return { webhookResponse: ACCEPTED };
	}

	const source = settings.verifyWithGaard ? 'verified' : 'webhook';
	const workflowData = outputs(settings, result, source, receivedAt);
	return startExecution(workflowData, dedup && (() => remember(dedup.recent, result.id, dedup.windowSize)));
}

/**
 * Starts an execution with `workflowData`, answered `{"ok":true}`.
 *
 * n8n (seen in 2.41) clears the workflow's "static data changed" mark when it starts the
 * execution, before it saves the static data of the webhook request: a remembered id would be
 * lost whenever an execution starts. n8n reads `webhookResponse` after starting the execution
 * and before saving, so remembering the id again there marks the static data changed again.
 * Remembering is idempotent, so reading it at any other time is harmless.
 */
function startExecution(workflowData: INodeExecutionData[][], rememberAgain?: () => void): IWebhookResponseData {
	return {
		workflowData,
		get webhookResponse() {
			rememberAgain?.();
			return ACCEPTED;
		},
	};
}

function outputs(
	settings: TriggerSettings,
	result: GaardResult,
	source: GaardDerivedFields['source'],
	receivedAt: Date,
): INodeExecutionData[][] {
	const item: INodeExecutionData = { json: toGaardItem(result, source, receivedAt) as IDataObject };
	if (settings.errorResults !== 'separateOutput') return [[item]];
	return isErrorResult(result) ? [[], [item]] : [[item], []];
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
		workflowData: outputs(settings, SAMPLE_RESULT, 'sample', receivedAt),
		webhookResponse: { ...ACCEPTED, sample: true, message: 'A sample Gaard result was sent to the workflow.' },
	};
}
