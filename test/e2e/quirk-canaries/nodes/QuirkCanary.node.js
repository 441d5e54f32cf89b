'use strict';
/**
 * An action node that reports what n8n does for a node's code (test/e2e/n8n-quirks.e2e.test.ts),
 * as one output item. The `check` parameter says what to look at; `url` is where to send requests.
 */
const { errors, multipart, quirks } = require('./installedGaard');

/** n8n's NodeApiError and the resolution of zod, both from the n8n that loads this package. */
const { NodeApiError, NodeOperationError } = require('n8n-workflow');

const checks = {
	/** What n8n's authenticated request helper does with the options' abort signal. */
	async abortSignal(url) {
		const own = new AbortController();
		const plain = { url, method: 'GET', abortSignal: own.signal, ignoreHttpStatusErrors: true };
		await this.helpers.httpRequestWithAuthentication.call(this, 'gaardApi', plain);
		const attempt = new AbortController();
		const handled = { url, method: 'GET', ignoreHttpStatusErrors: true };
		quirks().abortWith(handled, attempt.signal);
		await this.helpers.httpRequestWithAuthentication.call(this, 'gaardApi', handled);
		const sent = handled.abortSignal;
		attempt.abort();
		return {
			ownSignalKept: plain.abortSignal === own.signal,
			replacedByCancelSignal: plain.abortSignal === this.getExecutionCancelSignal(),
			abortWithStillAborts: sent.aborted,
		};
	},

	/** Whether the context works through stoppableContext's Proxy, and stop reaches n8n's request. */
	async contextProxy(url) {
		const stop = new AbortController();
		const context = quirks().stoppableContext(this, stop.signal);
		const options = { url, method: 'GET', ignoreHttpStatusErrors: true };
		const answer = await context.helpers.httpRequestWithAuthentication.call(
			context,
			'gaardApi',
			options,
			undefined,
		);
		const credentials = await context.getCredentials('gaardApi');
		const sent = options.abortSignal;
		const signalFromContext = sent === context.getExecutionCancelSignal();
		stop.abort();
		return {
			parameter: context.getNodeParameter('check', 0),
			items: context.getInputData().length,
			credentialRead: typeof credentials.accessToken === 'string',
			answered: answer !== undefined,
			requestSignalFromContext: signalFromContext,
			stopAbortsRequestSignal: sent !== undefined && sent.aborted,
		};
	},

	/** NodeApiError's message: given, or n8n's own for a network code. */
	async errorWording() {
		const node = this.getNode();
		const given = 'Could not reach Gaard';
		const { gaardApiError } = errors();
		const gaardWords = gaardApiError(node, {
			method: 'GET',
			url: 'http://127.0.0.1:9/api',
			subject: 'the canary request',
			networkCode: 'ECONNREFUSED',
			attempts: 1,
		});
		return {
			codeKey: new NodeApiError(node, { code: 'ECONNREFUSED' }, { message: given }).message,
			codeInMessage: new NodeApiError(
				node,
				{},
				{ message: `${given}: connect ECONNREFUSED 127.0.0.1:9` },
			).message,
			gaardApiError: gaardWords.message,
		};
	},

	/** What reaches the server from a body object: iterable without own keys, and the package's streamed multipart. */
	async streamingBody(url) {
		class HiddenParts {
			#parts = [['note', 'hidden']];
			append(name, value) {
				this.#parts.push([name, value]);
			}
			entries() {
				return this.#parts[Symbol.iterator]();
			}
			[Symbol.iterator]() {
				return this.entries();
			}
			get [Symbol.toStringTag]() {
				return 'FormData';
			}
		}
		const bytes = Buffer.from('canary video bytes');
		const { StreamingMultipartBody, fileFromBuffer } = multipart();
		const streamed = new StreamingMultipartBody();
		streamed.append('note', 'streamed');
		streamed.append('video', fileFromBuffer('canary.mp4', 'video/mp4', bytes));
		await this.helpers.httpRequest({
			url: `${url}/iterable-without-own-keys`,
			method: 'POST',
			body: new HiddenParts(),
		});
		await this.helpers.httpRequest({ url: `${url}/streamed`, method: 'POST', body: streamed });
		return { sent: true };
	},

	/** What tells a node it runs as an agent's tool: its type, n8n's own answer, the package's. */
	async agentTool() {
		return {
			type: this.getNode().type,
			isToolExecution:
				typeof this.isToolExecution === 'function' ? this.isToolExecution() : 'absent',
			runsAsAgentTool: quirks().runsAsAgentTool(this),
		};
	},

	/** A failure, thrown as a node throws one: what reaches the model when the node is a tool. */
	async fails() {
		throw new NodeOperationError(this.getNode(), 'The canary failed', {
			description: 'What to do about it',
		});
	},

	/** Where zod resolves from for a community package, and its version. */
	async zod() {
		// This package, like n8n-nodes-gaard, has no zod of its own: the one found is n8n's.
		const resolved = require.resolve('zod/package.json');
		return { resolved, version: require(resolved).version };
	},
};

class QuirkCanary {
	constructor() {
		this.description = {
			displayName: 'Quirk Canary',
			name: 'quirkCanary',
			group: ['transform'],
			version: 1,
			description: 'Reports what n8n does for a node',
			defaults: { name: 'Quirk Canary' },
			usableAsTool: true,
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'gaardApi', required: false }],
			properties: [
				{ displayName: 'Check', name: 'check', type: 'string', default: '' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			],
		};
	}

	async execute() {
		const check = this.getNodeParameter('check', 0);
		if (!Object.prototype.hasOwnProperty.call(checks, check))
			throw new Error(`No canary check "${check}"`);
		const seen = await checks[check].call(this, this.getNodeParameter('url', 0));
		return [[{ json: { check, ...seen } }]];
	}
}

module.exports = { QuirkCanary };
