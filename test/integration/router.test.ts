import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { Gaard } from '../../nodes/Gaard/Gaard.node';
import * as classification from '../../nodes/Gaard/actions/classification';
import { runForEachItem } from '../../nodes/Gaard/actions/router';
import { gaardExecuteContext, runGaardNode } from '../helpers/n8nCore';
import { failure } from '../helpers/failure';

const items: INodeExecutionData[] = [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }];

/** Runs an operation over three items in n8n-core's ExecuteContext; item 1 throws `error`. */
function runWithFailingItem(error: unknown, continueOnFail = false) {
	const context = gaardExecuteContext({ parameters: {}, items, continueOnFail });
	const execute = async function (
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
		if (itemIndex === 1) throw error;
		return [{ json: { done: itemIndex }, pairedItem: { item: itemIndex } }];
	};
	return runForEachItem.call(context, execute);
}

const node = gaardExecuteContext({ parameters: {} }).getNode();

describe('the router runs the operation for each item', () => {
	it("gives an n8n error without an item index the failing item's index, and throws that same error", async () => {
		const thrown = new NodeOperationError(node, 'The video is not there');
		const error = await failure(runWithFailingItem(thrown));
		expect(error).toBe(thrown);
		expect(error.context.itemIndex).toBe(1);
	});

	it('keeps the item index an n8n error already has', async () => {
		const thrown = new NodeApiError(
			node,
			{ message: 'busy' },
			{ message: 'Gaard is busy', itemIndex: 7 },
		);
		const error = await failure(runWithFailingItem(thrown));
		expect(error).toBe(thrown);
		expect(error.message).toBe('Gaard is busy');
		expect(error.context.itemIndex).toBe(7);
	});

	it('wraps a foreign error in a NodeOperationError with the item index', async () => {
		const error = await failure(runWithFailingItem(new TypeError('boom')));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('boom');
		expect(error.context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, turns the failure into an item paired with its input and goes on', async () => {
		const output = await runWithFailingItem(
			new NodeOperationError(node, 'The video is not there', { description: 'Check it' }),
			true,
		);
		expect(output).toEqual([
			{ json: { done: 0 }, pairedItem: { item: 0 } },
			{
				json: { error: 'The video is not there', description: 'Check it' },
				pairedItem: { item: 1 },
			},
			{ json: { done: 2 }, pairedItem: { item: 2 } },
		]);
	});
});

describe('the router on many items', () => {
	it('works on at most 20 items at once, and on every item', async () => {
		const many = Array.from({ length: 45 }, (_, n) => ({ json: { n } }));
		const context = gaardExecuteContext({ parameters: {}, items: many });
		let inFlight = 0;
		let mostInFlight = 0;
		const execute = async function (
			this: IExecuteFunctions,
			itemIndex: number,
		): Promise<INodeExecutionData[]> {
			mostInFlight = Math.max(mostInFlight, ++inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return [{ json: { done: itemIndex }, pairedItem: { item: itemIndex } }];
		};
		const output = await runForEachItem.call(context, execute);
		expect(mostInFlight).toBe(20);
		expect(output.map((item) => item.json.done)).toEqual(many.map((_, n) => n));
	});

	it('returns nothing for no items', async () => {
		const context = gaardExecuteContext({ parameters: {}, items: [] });
		const execute = async (): Promise<INodeExecutionData[]> => [{ json: {} }];
		expect(await runForEachItem.call(context, execute)).toEqual([]);
	});
});

describe('the dispatch map', () => {
	it.each(['delete', 'constructor'])(
		'refuses an operation it does not have: %s',
		async (operation) => {
			const error = await failure(
				runGaardNode({ parameters: { resource: 'classification', operation } }),
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(
				`The operation "${operation}" of "classification" is not supported`,
			);
		},
	);

	it('has an operation for each option the editor offers, and no other', () => {
		const operationParameter = new Gaard().description.properties.find(
			(property) => property.name === 'operation',
		)!;
		const offered = (operationParameter.options as Array<{ value: string }>)
			.map((option) => option.value)
			.sort();
		expect(Object.keys(classification.operations).sort()).toEqual(offered);
	});
});
