/** The bench's n8n: the end-to-end harness's, with the bench's workflows and its minimal trigger. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Stack, StackWorkflow } from '../harness/stack';
import { startStack } from '../harness/stack';
import type { BenchWorkflow } from './workflows';

/** Workflow files for n8n's import, written into `folder`. */
function workflowFiles(folder: string, workflows: BenchWorkflow[]): StackWorkflow[] {
	return workflows.map((workflow) => {
		const file = path.join(folder, workflow.file);
		writeFileSync(file, JSON.stringify(workflow.json, null, 2));
		return { id: workflow.id, file, webhooks: workflow.webhooks };
	});
}

/**
 * The end-to-end harness's n8n (with the minimal trigger installed beside this package) and these
 * workflows; N8N_METRICS for the count of expression isolates.
 */
export async function startBenchStack(
	version: string | undefined,
	workflows: BenchWorkflow[],
): Promise<Stack> {
	return await startStack({
		n8nVersion: version,
		workflows: [],
		extraWorkflows: workflowFiles(mkdtempSync(path.join(os.tmpdir(), 'gaard-bench-')), workflows),
		extraPackages: [path.join(__dirname, 'minimal-trigger')],
		log: (message) => process.stderr.write(`[bench] ${message}\n`),
		n8nEnv: {
			N8N_METRICS: 'true',
			// For finding where time goes: GAARD_BENCH_N8N_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/p'.
			...(process.env.GAARD_BENCH_N8N_NODE_OPTIONS
				? { NODE_OPTIONS: process.env.GAARD_BENCH_N8N_NODE_OPTIONS }
				: {}),
		},
	});
}
