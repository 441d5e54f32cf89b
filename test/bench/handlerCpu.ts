/**
 * Section 2, handler CPU: the Gaard Trigger's own work for one accepted delivery, in this process,
 * beside JSON.parse of the same body.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { freshPayload } from './deliveryLoad';
import { f, out } from './report';
import { GAARD_TRIGGER } from './workflows';

export async function handlerCpu(lines: string[], n8nCpuMsPerDelivery: number): Promise<void> {
	const trigger = new GaardTrigger();
	// 20,000 timed deliveries after 2,000 for warm-up, each with its own id (a repeat would be a duplicate).
	const timed = 20_000;
	const bodies = Array.from({ length: timed + 2_000 }, () => freshPayload());
	const parsed = bodies.map((body) => JSON.parse(body) as IDataObject);
	const staticData: IDataObject = {};
	const parameters: IDataObject = {};
	let current: IDataObject = {};
	const context = {
		getBodyData: () => current,
		getHeaderData: () => ({ 'content-type': 'application/json' }),
		getQueryData: () => ({}),
		getRequestObject: () => ({
			ip: '127.0.0.1',
			headers: { 'content-type': 'application/json' },
			query: {},
		}),
		getResponseObject: () => ({}),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'bench' }),
		getNode: () => ({
			id: 'bench-node',
			name: 'Gaard Trigger',
			type: GAARD_TRIGGER,
			typeVersion: 1.1,
			parameters: {},
		}),
		getMode: () => 'webhook',
		getWebhookName: () => 'default',
		getNodeWebhookUrl: () => 'http://127.0.0.1/webhook/x/gaard',
		logger: { info: () => undefined, warn: () => undefined },
	} as unknown as IWebhookFunctions;
	const time = async (work: (index: number) => unknown | Promise<unknown>) => {
		for (let i = timed; i < bodies.length; i++) await work(i);
		const started = process.hrtime.bigint();
		for (let i = 0; i < timed; i++) await work(i);
		return Number(process.hrtime.bigint() - started) / 1000 / timed;
	};
	const handlerUs = await time(async (i) => {
		current = parsed[i];
		const answer = await trigger.webhook.call(context);
		if (!answer.workflowData)
			throw new Error(
				`the handler did not accept delivery ${i}: ${JSON.stringify(answer.webhookResponse)}`,
			);
	});
	const parseUs = await time((i) => JSON.parse(bodies[i]));
	{
		out(`  handler ${f(handlerUs, 1)} µs, JSON.parse ${f(parseUs, 1)} µs`);
		lines.push(
			'## 2. Handler CPU',
			'',
			"The trigger's own work for one accepted delivery (settings, sender checks, bounds and schema validation, filters,",
			"dedup with a 1,000-id window, the item), on the docs' example with fresh ids, in this process; n8n parses the body",
			'before the trigger runs, so JSON.parse of the same body is shown beside it.',
			'',
			"| Work | µs per delivery | share of n8n's CPU per delivery (section 1: Gaard Trigger v1.1, lazy acquisition, c=1) |",
			'| --- | --- | --- |',
			`| Gaard Trigger handler | ${f(handlerUs, 1)} | ${f((handlerUs / 1000 / n8nCpuMsPerDelivery) * 100, 2)} % of ${f(n8nCpuMsPerDelivery, 1)} ms |`,
			`| JSON.parse of the body | ${f(parseUs, 1)} | ${f((parseUs / 1000 / n8nCpuMsPerDelivery) * 100, 2)} % |`,
			'',
		);
	}
}
