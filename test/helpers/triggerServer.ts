/**
 * Serves the Gaard Trigger over real HTTP the way n8n's webhook layer does, so that handler tests
 * (and the simulator's webhook deliveries) go through the network: an express app, n8n's body
 * parsing rules, a WebhookContext per request, and n8n's rules for the answer:
 * - the handler answered itself (`noWebhookResponse`): nothing more is sent;
 * - no `workflowData`: no execution, the node's `webhookResponse` is sent;
 * - `workflowData`: an execution starts (recorded here), and with `responseMode: onReceived`
 *   the description's `responseData`, or else the node's `webhookResponse`, is sent.
 * Static data is saved as n8n saves it, including n8n 2.41's way of losing a change made by a
 * webhook that starts an execution (see startExecution in the trigger's delivery handling).
 * The end-to-end tests check the same behaviour in a real n8n.
 */
import express from 'express';
import querystring from 'node:querystring';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { listen } from './loopback';
import {
	TRIGGER_NODE_TYPE,
	WebhookContext,
	additionalDataFor,
	nodeTypes,
	triggerNode,
	webhookDataFor,
	workflowWith,
} from './n8nCore';

export interface TriggerExecution {
	workflowData: INodeExecutionData[][];
}

export interface TriggerServer {
	/** The production webhook URL (`/webhook/<webhookId>/gaard`). */
	url: string;
	/** The mute links' page (`/webhook/<webhookId>/mute`). */
	muteUrl: string;
	executions: TriggerExecution[];
	/** The workflow's static data as last saved. */
	staticData(): IDataObject;
	stop(): Promise<void>;
}

export interface TriggerServerOptions {
	parameters: INode['parameters'];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Like N8N_PROXY_HOPS: how many proxies' X-Forwarded-For entries to trust. */
	proxyHops?: number;
	/** `webhook` for the production URL (default), `manual` for the editor's "Listen for test event". */
	mode?: 'webhook' | 'manual';
	port?: number;
	/** The trigger's version in the workflow (default: the one a new trigger gets). */
	typeVersion?: number;
	/** Like N8N_PAYLOAD_SIZE_MAX, in bytes, for the bodies the node reads itself (default 16 MiB). */
	payloadSizeMax?: number;
	/** The workflow served (default: one of its own, since the trigger keeps per-workflow state in the process). */
	workflowId?: string;
	/** The trigger node's id and name in the workflow (default: those of triggerNode). */
	node?: { id: string; name: string };
	/** The workflow's static data as n8n last saved it (default: none). */
	staticData?: IDataObject;
}

type RawRequest = express.Request & {
	rawBody?: Buffer;
	contentType?: string;
	readRawBody?: () => Promise<void>;
};

/** The media types n8n parses for a webhook node above version 1 (its isParsableContentType). */
const isParsableContentType = (contentType: string) =>
	['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((type) =>
		contentType.startsWith(type),
	) ||
	contentType.endsWith('/xml') ||
	contentType.endsWith('+xml');

/**
 * n8n's body parsing for webhooks (its parseRequestBody and parseBody): at version 1 every body is
 * read, and the types n8n knows parsed; above it, a body of another type is left unread until the
 * node calls the request's `readRawBody`.
 */
function parseBody(
	req: RawRequest,
	raw: Buffer,
	typeVersion: number,
	payloadSizeMax: number,
): { ok: true } | { ok: false; message: string } {
	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	req.contentType = contentType;
	req.readRawBody = async () => {
		// n8n's reader reads once.
		if (req.rawBody) return;
		// n8n's reader (raw-body) refuses a body over N8N_PAYLOAD_SIZE_MAX with a 413 error.
		if (raw.length > payloadSizeMax)
			throw Object.assign(new Error('request entity too large'), {
				status: 413,
				type: 'entity.too.large',
			});
		req.rawBody = raw;
	};
	if (typeVersion > 1 && !isParsableContentType(contentType)) return { ok: true };
	req.rawBody = raw;
	if (!raw.length) return { ok: true };
	const text = raw.toString('utf8');
	try {
		if (contentType === 'application/json') req.body = JSON.parse(text);
		else if (contentType === 'application/x-www-form-urlencoded')
			req.body = querystring.parse(text);
		else if (contentType === 'text/plain') req.body = text;
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
	return { ok: true };
}

let servedWorkflows = 0;

export async function startTriggerServer(options: TriggerServerOptions): Promise<TriggerServer> {
	const node = {
		...triggerNode(options.parameters, Boolean(options.credentials), options.typeVersion),
		...options.node,
	};
	const trigger = nodeTypes.getByName(TRIGGER_NODE_TYPE) as GaardTrigger;
	const webhooks = trigger.description.webhooks!;
	const path = String(webhooks[0].path);
	const executions: TriggerExecution[] = [];
	let savedStaticData = JSON.stringify(options.staticData ?? {});
	const workflowId = options.workflowId ?? `wf-test-${++servedWorkflows}`;

	const app = express();
	if (options.proxyHops) app.set('trust proxy', options.proxyHops);
	app.all(`/webhook/${node.webhookId}/:path`, (req, res) => {
		const description = webhooks.find(
			(webhook) => webhook.httpMethod === req.method && webhook.path === req.params.path,
		);
		if (!description) {
			res
				.status(404)
				.json({ code: 404, message: `This webhook is not registered for ${req.method} requests` });
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const parsed = parseBody(
					req as RawRequest,
					Buffer.concat(chunks),
					node.typeVersion,
					options.payloadSizeMax ?? 16 * 1024 * 1024,
				);
				if (!parsed.ok) {
					res
						.status(422)
						.json({ code: 422, message: 'Failed to parse request body', hint: parsed.message });
					return;
				}
				// n8n loads the workflow (and its static data) for every request, and saves it after,
				// when it was marked changed.
				const staticData = JSON.parse(savedStaticData) as IDataObject;
				const workflow = workflowWith(node, staticData, workflowId);
				const saveStaticData = () => {
					if (workflow.staticData.__dataChanged === true)
						savedStaticData = JSON.stringify(workflow.staticData);
				};
				const additionalData = additionalDataFor(options.credentials, {
					httpRequest: req,
					httpResponse: res,
				});
				const context = new WebhookContext(
					workflow,
					node,
					additionalData,
					options.mode ?? 'webhook',
					webhookDataFor(
						workflow,
						node,
						description.name,
						options.mode === 'manual',
						description.httpMethod as string,
					),
					[],
					null,
				);
				let result: IWebhookResponseData;
				try {
					result = await trigger.webhook.call(context);
				} catch {
					saveStaticData();
					if (!res.headersSent)
						res
							.status(500)
							.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
					return;
				}
				if (result.noWebhookResponse) {
					// The node answered: n8n saves the static data, then starts the execution, if any.
					saveStaticData();
					if (result.workflowData) {
						workflowWith(node, staticData, workflowId);
						executions.push({ workflowData: result.workflowData });
					}
					return;
				}
				if (result.workflowData === undefined) {
					saveStaticData();
					// A text answer is sent as it is, with the headers the node set.
					if (typeof result.webhookResponse === 'string')
						res.status(200).send(result.webhookResponse);
					else res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
					return;
				}
				// Starting the execution builds another Workflow on the same static data object, which
				// marks it unchanged; n8n then reads the node's answer, then saves the static data.
				workflowWith(node, staticData, workflowId);
				executions.push({ workflowData: result.workflowData });
				const responseData = description.responseData;
				const answer = responseData
					? responseData
					: (result.webhookResponse ?? { message: 'Workflow was started' });
				saveStaticData();
				res.status(200).json(answer);
			})();
		});
	});

	const server = await listen(app, options.port);
	return {
		url: `${server.url}/webhook/${node.webhookId}/${path}`,
		muteUrl: `${server.url}/webhook/${node.webhookId}/mute`,
		executions,
		staticData: () => JSON.parse(savedStaticData) as IDataObject,
		stop: server.close,
	};
}
