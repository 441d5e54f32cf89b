/** Section 4, polling: how soon Wait for Result sees a job end, and how many requests it takes. */
import { POLL_SCHEDULE } from '../../nodes/Gaard/actions/waitForFinalResult';
import { nodeItems } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { postJson } from '../helpers/loopback';
import { f, out, quick, verdict } from './report';
import { ACTIONS } from './workflows';

export async function polling(stack: Stack, lines: string[]): Promise<void> {
	const poll = POLL_SCHEDULE;
	const durations = quick ? [1, 5, 10] : [1, 10, 60];
	const jobs: Array<{ seconds: number; id: string; finishesAt: number }> = [];
	for (const seconds of durations) {
		stack.simulator.processingMs = seconds * 1000;
		const submittedAt = Date.now();
		const id = await stack.submitVideo('spider-web-cam3.mp4');
		jobs.push({ seconds, id, finishesAt: submittedAt + seconds * 1000 });
	}
	stack.simulator.processingMs = 400;
	const answered = await Promise.all(
		jobs.map(async (job) => {
			const answer = await postJson(stack.n8n.webhookUrl('bench-poll'), { id: job.id });
			if (answer.json?.status?.classify !== 'done')
				throw new Error(`poll of ${job.id}: ${JSON.stringify(answer.json)}`);
			const requests = stack.simulator.requests.filter(
				(request) => request.path === `/api/result/${job.id}`,
			).length;
			return { ...job, requests };
		}),
	);
	// When the node returned: its start plus its execution time, as n8n recorded them.
	const executions = await stack.n8n.executions(ACTIONS.poll.id);
	const results = answered.map((job) => {
		const execution = executions.find(
			(candidate) => nodeItems(candidate, 'Wait')[0]?.json.id === job.id,
		);
		const run = execution?.data?.resultData.runData.Wait?.[0] as unknown as
			| { startTime: number; executionTime: number }
			| undefined;
		if (!run) throw new Error(`no execution of the poll workflow for ${job.id}`);
		return { ...job, delayMs: run.startTime + run.executionTime - job.finishesAt };
	});
	lines.push(
		'## 4. Polling',
		'',
		`Wait for Result started at once on jobs the simulator finishes after each duration; after each pending answer a poll`,
		`waits ${f(poll.fraction * 100)} % of the time waited so far, at least ${poll.minMs / 1000} s, at most ${poll.maxMs / 1000} s. The delay is from the job's end in the`,
		'simulator to the Wait for Result node returning (its start plus its execution time, as n8n recorded them).',
		'',
		'| Job takes | GET requests | Delay after the job ended | Delay / duration | Target |',
		'| --- | --- | --- | --- | --- |',
		...results.map(
			(x) =>
				`| ${x.seconds} s | ${x.requests} | ${f(x.delayMs / 1000, 2)} s | ${f((x.delayMs / (x.seconds * 1000)) * 100)} % | < 20 % and < 15 s: ${verdict(x.delayMs < 0.2 * x.seconds * 1000 && x.delayMs < 15_000)} |`,
		),
		'',
		`A job is then seen at most about ${f(poll.fraction * 100)} % of its duration after it ends, plus one poll's round trip through n8n,`,
		'whatever the duration: a schedule whose waits grow by a factor from the first would wait long next to the time',
		'waited near the start.',
		'',
	);
	for (const x of results)
		out(`  poll ${x.seconds} s: ${x.requests} requests, ${f(x.delayMs)} ms late`);
}
