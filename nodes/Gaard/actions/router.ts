/**
 * The action node's dispatch: the operation chosen by resource and operation, run for each input
 * item. Adding an operation is one `*.operation.ts` plus its line in its resource's `operations`.
 */
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as classification from './classification';
import { runsAsAgentTool, stoppableContext } from '../n8nQuirks';
import { answersForAgent } from './agentTool';
import { Batch, ITEMS_IN_FLIGHT } from './batch';
import type { OperationExecute } from './operation';

const resources = {
	classification: classification.operations,
} satisfies Record<string, Record<string, { execute: OperationExecute }>>;

/** Each operation's execute, by `resource:operation` (a Map: no name reaches Object's own keys). */
const executeByName = new Map<string, OperationExecute>(
	Object.entries(resources).flatMap(([resource, operations]) =>
		Object.entries(operations).map(([operation, { execute }]): [string, OperationExecute] => [
			`${resource}:${operation}`,
			execute,
		]),
	),
);

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = executeByName.get(`${resource}:${operation}`);
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await runForEachItem.call(this, execute)];
}

/**
 * Runs `execute` for each input item, up to ITEMS_IN_FLIGHT at once, and returns their output in
 * input order. With Continue On Fail, or when the node is an agent's tool, a failed item becomes
 * an item holding the error, paired with its input, and the others go on; a tool's output is then
 * what the agent reads back (agentTool.ts). Otherwise the first failure stops the node: the items
 * still under way are stopped as if cancelled, and n8n's own errors are thrown as they are
 * (given the item's index when they lack one), anything else wrapped in a NodeOperationError.
 */
export async function runForEachItem(
	this: IExecuteFunctions,
	execute: OperationExecute,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const asAgentTool = runsAsAgentTool(this);
	const keepsGoing = asAgentTool || this.continueOnFail();
	const outputs: INodeExecutionData[][] = [];
	const stop = new AbortController();
	const context = stoppableContext(this, stop.signal);
	const batch = new Batch();
	let failure: { error: unknown; itemIndex: number } | undefined;
	let nextIndex = 0;
	const work = async () => {
		while (!failure && nextIndex < items.length) {
			const itemIndex = nextIndex++;
			try {
				outputs[itemIndex] = await execute.call(context, itemIndex, batch);
			} catch (error) {
				if (keepsGoing) {
					outputs[itemIndex] = [errorItem(error, itemIndex)];
				} else if (!failure) {
					failure = { error, itemIndex };
					stop.abort();
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(ITEMS_IN_FLIGHT, items.length) }, work));
	if (failure) throw asItemError(this.getNode(), failure.error, failure.itemIndex);
	return asAgentTool ? answersForAgent.call(this, outputs.flat()) : outputs.flat();
}

function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const { message, description } = error as { message?: string; description?: string | null };
	return {
		json: { error: message ?? String(error), ...(description ? { description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** n8n's own errors as they are, given the item's index when they lack one; others wrapped. */
function asItemError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
