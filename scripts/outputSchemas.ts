/**
 * The action node's output schemas (`nodes/Gaard/__schema__/`), from which n8n's editor shows
 * the fields of an operation's output before it has run. They are derived from Gaard's
 * documented example result, as the node would output it, so they cannot drift from the item
 * shape: `npm run schemas` rewrites them and a test checks that they are current.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { toGaardItem } from '../nodes/Gaard/gaardItem';
import { SAMPLE_RESULT } from '../nodes/Gaard/trigger/sampleResult';

type JsonSchema = { type: string; properties?: Record<string, JsonSchema>; items?: JsonSchema };

export function jsonSchemaOf(value: unknown): JsonSchema {
	if (value === null) return { type: 'null' };
	if (Array.isArray(value))
		return { type: 'array', items: value.length ? jsonSchemaOf(value[0]) : { type: 'string' } };
	if (typeof value === 'object') {
		const properties: Record<string, JsonSchema> = {};
		for (const [key, child] of Object.entries(value as object))
			properties[key] = jsonSchemaOf(child);
		return { type: 'object', properties };
	}
	return { type: typeof value };
}

const SCHEMA_DIR = path.join(__dirname, '../nodes/Gaard/__schema__/v1.0.0/classification');
const OPERATIONS = ['classify', 'getResult', 'waitForResult'];

/** The file contents each operation's schema should have, by path. */
export function expectedOutputSchemas(): Record<string, string> {
	const item = toGaardItem(SAMPLE_RESULT, 'api', new Date('2024-05-14T14:13:40.156Z'));
	const text = `${JSON.stringify(jsonSchemaOf(item), null, '\t')}\n`;
	return Object.fromEntries(
		OPERATIONS.map((operation) => [path.join(SCHEMA_DIR, `${operation}.json`), text]),
	);
}

export function currentOutputSchemas(): Record<string, string | undefined> {
	return Object.fromEntries(
		Object.keys(expectedOutputSchemas()).map((file) => {
			try {
				return [file, readFileSync(file, 'utf8')];
			} catch {
				return [file, undefined];
			}
		}),
	);
}

if (require.main === module) {
	mkdirSync(SCHEMA_DIR, { recursive: true });
	for (const [file, text] of Object.entries(expectedOutputSchemas())) writeFileSync(file, text);
	process.stdout.write(`wrote ${OPERATIONS.length} output schemas to ${SCHEMA_DIR}\n`);
}
