'use strict';
/**
 * The least a community webhook trigger can do: the request body as one item, n8n's default
 * answer. `npm run bench` measures the Gaard Trigger against it inside the same n8n, at version 1
 * and at 1.1 (n8n handles a webhook node at version 1 apart; the node is the same at both).
 */
class MinimalTrigger {
	constructor() {
		this.description = {
			displayName: 'Minimal Trigger',
			name: 'minimalTrigger',
			group: ['trigger'],
			version: [1, 1.1],
			defaultVersion: 1.1,
			description: 'Starts the workflow with the request body',
			defaults: { name: 'Minimal Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'minimal' },
			],
			properties: [],
		};
	}

	async webhook() {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}

module.exports = { MinimalTrigger };
