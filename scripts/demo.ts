/**
 * `npm run demo`: the product, running. A real n8n with this package, the Gaard simulator and the
 * example workflows active; a few sample videos go through, and what happened is printed (the
 * executions, the Jira ticket and the Mattermost message recorded by the local stand-ins), and the
 * agent example is asked about a clip a local recorder serves. It keeps running, editor open, until
 * Ctrl-C. No Gaard account and no model key needed.
 */

import type { ClipServer } from '../test/helpers/clipServer';
import { freePort } from '../test/helpers/loopback';
import { startClipServer } from '../test/helpers/clipServer';
import type { Execution } from '../test/harness/realN8n';
import { nodeOutput } from '../test/harness/realN8n';
import type { Stack } from '../test/harness/stack';
import { RECORDED_SERVICES } from '../test/harness/recorders';
import { WORKFLOWS, sampleVideo, startStack } from '../test/harness/stack';

const out = (line = '') => process.stdout.write(`${line}\n`);

function describeExecution(execution: Execution): string {
	const runData = execution.data?.resultData.runData ?? {};
	const nodes = Object.keys(runData).filter(
		(name) => nodeOutput(execution, name).length || runData[name]?.[0]?.error,
	);
	const error = execution.data?.resultData.error?.message;
	return `#${execution.id} ${execution.status}: ${nodes.join(' > ')}${error ? ` (${error})` : ''}`;
}

/** Pushes sample videos through; returns how many intrusions Gaard posted to the trigger. */
async function pushSamples(stack: Stack): Promise<number> {
	stack.simulator.setWebhooks([stack.webhookUrl('intrusionExample')]);
	let intrusions = 0;
	const delivered = async (id: string) => {
		const [delivery] = await stack.simulator.waitForDelivery(id);
		const result = (await (
			await fetch(`${stack.simulator.url}/api/result/${id}`, {
				headers: { Authorization: `Bearer ${stack.simulator.token}` },
			})
		).json()) as { risk?: string; error_code?: number };
		if (result.risk === 'intrusion' && !result.error_code) intrusions += 1;
		return delivery;
	};

	out('Camera system > Gaard: three alarm clips (Gaard posts each result to the Gaard Trigger)');
	const clips: Array<[string, Record<string, string>]> = [
		['intrusion-north-gate.mp4', { camera_id: 'VI08', site_id: '134188' }],
		['rain-parking-lot.mp4', { camera_id: 'VI09', site_id: '134188' }],
		['corrupt-upload.mp4', { camera_id: 'VI10', site_id: '134188' }],
	];
	for (const [name, fields] of clips) {
		const id = await stack.submitVideo(name, fields);
		const delivery = await delivered(id);
		out(
			`  ${name} -> result ${id} -> webhook answered ${delivery.status} ${delivery.responseBody ?? delivery.error}`,
		);
	}

	out('n8n > Gaard: "classify a video and route on the result" for two clips on disk');
	out('  (Gaard posts these results to the Gaard Trigger too: the intrusion opens a ticket)');
	for (const name of ['person-loading-dock.mp4', 'spider-web-cam3.mp4']) {
		const before = (await stack.n8n.executions(WORKFLOWS.classifyExample.id)).length;
		await fetch(stack.n8n.webhookUrl('gaard-classify'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				path: `${stack.videosFolder}/${name}`,
				cameraId: 'VI11',
				siteId: '134188',
			}),
		});
		// The webhook answers with the last node's output (for an alarm, the chat message sent), so
		// the classification is read from the execution.
		const executions = await stack.n8n.waitForExecutions(WORKFLOWS.classifyExample.id, before + 1);
		const [item] = nodeOutput(executions[executions.length - 1], 'Classify with Gaard') as Array<{
			id: string;
			risk?: string;
			labels?: string[];
			_derived?: { isAlarm?: boolean };
		}>;
		await delivered(item.id);
		out(
			`  ${name} -> risk ${item.risk}, labels ${item.labels?.join(', ')}, alarm: ${item._derived?.isAlarm}`,
		);
	}
	return intrusions;
}

/** Asks the agent example's chat about a clip a recorder serves, as a user would; prints the answer. */
async function askTheAgent(stack: Stack, clips: ClipServer): Promise<void> {
	const url = clips.add('intrusion-back-gate.mp4', sampleVideo('intrusion-back-gate.mp4'));
	const question = `Is the clip at ${url} from camera VI08 a real alarm?`;
	out(`You > the agent example's chat: "${question}"`);
	const executionId = await stack.n8n.sendChatMessage(
		WORKFLOWS.agentExample.id,
		'When chat message received',
		question,
	);
	const [execution] = await stack.n8n.waitForExecutions(WORKFLOWS.agentExample.id, 1, {
		where: (run) => run.id === executionId,
	});
	out(
		`  the agent: ${String(nodeOutput(execution, 'AI Agent')[0]?.output ?? describeExecution(execution))}`,
	);
	out(
		'  (its chat model is a local stand-in that has the clip you name classified: give the OpenAI',
	);
	out('  credential a real key, or swap the model node, to talk to a real model)');
}

async function report(stack: Stack, intrusions: number): Promise<void> {
	await stack.n8n.waitForExecutions(WORKFLOWS.intrusionExample.id, intrusions);
	await stack.n8n.waitForExecutions(WORKFLOWS.classifyExample.id, 2);
	out();
	out('Executions in n8n');
	for (const key of ['intrusionExample', 'classifyExample'] as const) {
		out(`  ${WORKFLOWS[key].file}`);
		for (const execution of await stack.n8n.executions(WORKFLOWS[key].id))
			out(`    ${describeExecution(execution)}`);
	}
	out(
		'  (the rain clip was filtered out and the unreadable one dropped by the Gaard Trigger: no execution)',
	);
	out();
	out('Recorded Jira tickets');
	for (const issue of stack.recorder.issues) {
		out(`  ${issue.key}: ${issue.fields.summary}`);
		for (const line of (issue.fields.description ?? '').split('\n')) out(`    ${line}`);
	}
	out('Recorded Mattermost messages');
	for (const post of stack.recorder.posts) {
		out(`  #${RECORDED_SERVICES.mattermost.channels[post.channel_id] ?? post.channel_id}:`);
		for (const line of post.message.split('\n')) out(`    ${line}`);
	}
	out('Recorded Telegram videos (the clip itself, kept on the item by Classify Video)');
	for (const video of stack.recorder.videos) {
		out(
			`  chat ${video.fields.chat_id}: ${video.fileName} (${video.size} bytes) "${video.fields.caption}"`,
		);
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const stack = await startStack({
		n8nPort: await freePort(5678),
		simulatorPort: await freePort(4100),
		workflows: ['intrusionExample', 'classifyExample', 'lookUpExample', 'agentExample'],
		log: (message) => out(`[demo ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`),
	});
	// The tests run its schedule themselves; here it runs as it would for a user.
	await stack.n8n.publish(WORKFLOWS.lookUpExample.id, ['gaard-classify-later']);
	const clips = await startClipServer();
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		out('\nstopping n8n and the simulator...');
		void Promise.all([stack.stop(), clips.stop()]).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	out();
	await report(stack, await pushSamples(stack));
	out();
	await askTheAgent(stack, clips);
	out();
	out(
		`n8n editor:      ${stack.n8n.url}  (log in as ${stack.n8n.owner.email} / ${stack.n8n.owner.password})`,
	);
	out(`Gaard simulator: ${stack.simulator.url}  (token ${stack.simulator.token})`);
	out(
		`Try another clip: curl -s -H "Authorization: Bearer ${stack.simulator.token}" -F camera_id=VI08 -F site_id=134188 -F video=@${stack.videosFolder}/person-loading-dock.mp4 ${stack.simulator.url}/api/classify`,
	);
	out(
		`Ask the agent:   open the agent example, then its chat, and name a clip, e.g. ${clips.add('person-loading-dock.mp4', sampleVideo('person-loading-dock.mp4'))} from camera VI12`,
	);
	out(`n8n log:         ${stack.n8nLogFile}`);
	out('Running until Ctrl-C.');
}

main().catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
