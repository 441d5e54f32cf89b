'use strict';
/**
 * A webhook trigger that reports what n8n does around a webhook node (test/e2e/n8n-quirks.e2e.test.ts).
 * The `check` query parameter says what to do:
 * - `static-data`: writes the posted `value` into the node's static data (key `value`) and starts
 *   an execution; `static-data-marked-again` does the same, and marks the static data changed
 *   again as the Gaard Trigger does (acceptWithExecution);
 * - `raw-body`: answers with what n8n made of a body: parsed, raw, and read by readUnparsedBody;
 * - `text-answer`: writes the posted `value` into the static data (key `text`), sets a header and
 *   answers with a text through pageSentByN8n, starting nothing;
 * - anything else: answers `{"ok":true}` and starts nothing.
 * Its second webhook, named `mute` as the Gaard Trigger's mute links' (n8n's types know only
 * `default` and `setup`), reports its name and URL (`named`), or writes the posted `value` into the
 * static data (key `answered`), answers the request itself and starts an execution (`answers-itself`).
 * The same node at versions 1 and 1.1, as n8n treats a webhook node at version 1 apart.
 */
const { quirks } = require('./installedGaard');

class QuirkCanaryTrigger {
	constructor() {
		this.description = {
			displayName: 'Quirk Canary Trigger',
			name: 'quirkCanaryTrigger',
			group: ['trigger'],
			version: [1, 1.1],
			defaultVersion: 1.1,
			description: 'Reports what n8n does around a webhook node',
			defaults: { name: 'Quirk Canary Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode: 'onReceived',
					path: 'quirk-canary',
					responseData: '',
				},
				{
					name: 'mute',
					httpMethod: 'POST',
					responseMode: 'onReceived',
					path: 'quirk-canary-named',
				},
			],
			properties: [],
		};
	}

	async webhook() {
		const check = String(this.getQueryData().check ?? '');
		if (this.getWebhookName() === 'mute') {
			if (check === 'answers-itself') {
				const value = this.getBodyData().value;
				this.getWorkflowStaticData('node').answered = value;
				this.getResponseObject().status(200).json({ answered: value });
				return quirks().answeredWithExecution([[{ json: { value } }]]);
			}
			return {
				webhookResponse: {
					webhookName: this.getWebhookName(),
					url: this.getNodeWebhookUrl('mute'),
				},
			};
		}
		if (check === 'static-data' || check === 'static-data-marked-again') {
			const staticData = this.getWorkflowStaticData('node');
			const value = this.getBodyData().value;
			staticData.value = value;
			const workflowData = [[{ json: { value } }]];
			if (check === 'static-data') return { workflowData };
			const { acceptWithExecution } = quirks();
			return acceptWithExecution(workflowData, { ok: true }, staticData, ['value']);
		}
		if (check === 'text-answer') {
			this.getWorkflowStaticData('node').text = this.getBodyData().value;
			this.getResponseObject().setHeader('content-type', 'text/html; charset=utf-8');
			return quirks().pageSentByN8n('<p>canary</p>');
		}
		if (check === 'raw-body') {
			const request = this.getRequestObject();
			const seen = {
				parsed: this.getBodyData() ?? null,
				rawBody: request.rawBody === undefined ? null : request.rawBody.toString('utf8'),
				readRawBody: typeof request.readRawBody,
			};
			const read = await quirks().readUnparsedBody(request);
			return {
				webhookResponse: {
					...seen,
					readUnparsedBody: read === undefined ? null : read.toString('utf8'),
				},
			};
		}
		return { webhookResponse: { ok: true } };
	}
}

module.exports = { QuirkCanaryTrigger };
