import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MUTE_WEBHOOK } from './n8nQuirks';
import { handleDelivery } from './trigger/delivery';
import { ensureMuteKey } from './trigger/muteLinks';
import { TRIGGER_OUTPUTS } from './trigger/outputs';
import { triggerProperties } from './trigger/description';
import { readTriggerSettings } from './trigger/settings';

export class GaardTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gaard Trigger',
		name: 'gaardTrigger',
		icon: { light: 'file:gaard.svg', dark: 'file:gaard.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1 does. n8n treats a webhook node at version 1 apart: it evaluates an
		// expression (its own `options.binaryData`) on every request, which builds an expression
		// sandbox before the trigger runs (n8nQuirks.ts). New workflows get 1.1; saved ones keep 1.
		version: [1, 1.1],
		defaultVersion: 1.1,
		// Only what differs from the defaults, in words (the editor evaluates it, never a delivery).
		subtitle:
			'={{ $parameter["errorResults"] === "drop" ? "Error results dropped" : $parameter["errorResults"] === "separateOutput" ? "Error results to their own output" : "" }}',
		description: 'Starts the workflow when Gaard finishes classifying a security-camera video',
		eventTriggerDescription:
			'Waiting for Gaard to post a result to the Test URL (or for you to open it in a browser)',
		activationMessage:
			'Finished classifications now start this workflow, once its Production URL is the destination of a Webhook integration in Gaard.',
		defaults: { name: 'Gaard Trigger' },
		inputs: [],
		// "Error" exists only when error results are sent to it, "Mutes" only with Announce Mutes.
		outputs: TRIGGER_OUTPUTS,
		credentials: [
			{
				name: 'gaardApi',
				required: true,
				// Needed only to verify deliveries with Gaard.
				displayOptions: { show: { '/security.verifyWithGaard': [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'gaard',
				// Empty, so that n8n answers with the node's own `{"ok":true}` instead of its default.
				responseData: '',
			},
			{
				// Opening the URL in a browser: while listening for a test event, this emits a sample.
				// The editor lists only the POST one, which is what Gaard needs: the URL is the same.
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'gaard',
				responseData: '',
				ndvHideUrl: true,
			},
			// The mute links' page (GET) and its button (POST): see trigger/muteRequest.ts.
			{
				name: MUTE_WEBHOOK,
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'mute',
				ndvHideUrl: true,
			},
			{
				name: MUTE_WEBHOOK,
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'mute',
				ndvHideUrl: true,
			},
		],
		properties: triggerProperties,
	};

	// Gaard's webhook integrations are created by hand in Gaard: there is nothing to register.
	// `create` runs at every activation, so a setting that cannot work fails there, visibly.
	// n8n runs the methods named after a webhook, so the `setup` and `mute` webhooks have none.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = readTriggerSettings.call(this);
				if (settings.verifyWithGaard) {
					try {
						await this.getCredentials('gaardApi');
					} catch (error) {
						throw new NodeOperationError(
							this.getNode(),
							'Verify with Gaard needs a Gaard API credential: select one, or turn the option off',
							{ description: error instanceof Error ? error.message : undefined },
						);
					}
				}
				// The mute links' key is made here, once, so that every n8n process signs with the same one.
				if (settings.muteDurations.length) ensureMuteKey(this.getWorkflowStaticData('node'));
				this.logger.info(
					`Gaard Trigger listening: enter ${this.getNodeWebhookUrl('default')} as the destination of a Webhook integration in Gaard`,
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Gaard keeps posting until the integration is removed there; say so in the log.
				this.logger.info(
					`Gaard Trigger stopped: remove ${this.getNodeWebhookUrl('default')} from Gaard's integrations if it is no longer used`,
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
