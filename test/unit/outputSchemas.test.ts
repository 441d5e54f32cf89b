import { currentOutputSchemas, expectedOutputSchemas } from '../../scripts/outputSchemas';

describe("the action node's output schemas (n8n's schema preview)", () => {
	it('describe the item the node outputs; run `npm run schemas` after changing its shape', () => {
		expect(currentOutputSchemas()).toEqual(expectedOutputSchemas());
	});

	it('list every field of a result and the derived ones', () => {
		const schema = JSON.parse(Object.values(expectedOutputSchemas())[0]) as {
			properties: Record<string, any>;
		};
		expect(Object.keys(schema.properties)).toEqual(
			expect.arrayContaining(['id', 'status', 'risk', 'labels', 'scores', 'metadata', '_derived']),
		);
		expect(schema.properties._derived.properties.isAlarm).toEqual({ type: 'boolean' });
		expect(schema.properties.labels).toEqual({ type: 'array', items: { type: 'string' } });
	});
});
