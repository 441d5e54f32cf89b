/**
 * What the editor shows of the two nodes and the credential speaks n8n's language: options in
 * alphabetical order, display names in n8n's title case, example placeholders as "e.g. ...", the
 * trigger's subtitle in words, one codex category for both nodes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

const sources = {
	'Gaard Trigger': new GaardTrigger().description.properties,
	Gaard: new Gaard().description.properties,
	'Gaard API': new GaardApi().properties,
};

/** Every parameter, option of a select and field of a collection, with where it sits. */
function entries(
	list: readonly Entry[],
	where: string,
): Array<{ entry: Entry; where: string; siblings: readonly Entry[] }> {
	return list.flatMap((entry) => {
		const name = 'displayName' in entry ? entry.displayName : entry.name;
		const inner =
			'options' in entry && Array.isArray(entry.options)
				? entries(entry.options as Entry[], `${where} > ${name}`)
				: [];
		const fields =
			'values' in entry && Array.isArray(entry.values)
				? entries(entry.values, `${where} > ${name}`)
				: [];
		return [{ entry, where, siblings: list }, ...inner, ...fields];
	});
}

const all = Object.entries(sources).flatMap(([source, properties]) => entries(properties, source));
const labelOf = (entry: Entry) => ('displayName' in entry ? entry.displayName : entry.name);

/** n8n's title case: every word capitalised but its short joining words, unless first. */
const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'at',
	'by',
	'for',
	'in',
	'of',
	'on',
	'or',
	'per',
	'the',
	'to',
	'with',
]);
function titleCase(label: string): string {
	return label
		.split(' ')
		.map((word, index) => {
			const bare = word.replace(/^\(/, '');
			if (index > 0 && SMALL_WORDS.has(bare.toLowerCase())) return word.toLowerCase();
			return word.replace(
				/^(\(?)(.)/,
				(_, bracket: string, first: string) => bracket + first.toUpperCase(),
			);
		})
		.join(' ');
}

describe("the editor's wording", () => {
	it('gives every field, choice and action words to read: no empty display name, description, hint, placeholder or action', () => {
		const TEXTS = ['displayName', 'name', 'description', 'hint', 'placeholder', 'action'] as const;
		const empty = all.flatMap(({ entry, where }) =>
			TEXTS.filter(
				(key) => key in entry && (entry as unknown as Record<string, unknown>)[key] !== undefined,
			)
				.filter((key) => String((entry as unknown as Record<string, unknown>)[key]).trim() === '')
				.map((key) => `${where} > ${labelOf(entry)}: ${key}`),
		);
		expect(empty).toEqual([]);
		const nodes = [new Gaard().description, new GaardTrigger().description];
		const nodeTexts = nodes.flatMap((node) => [
			node.displayName,
			node.description,
			node.defaults.name,
			node.subtitle ?? 'none',
		]);
		// What the trigger's panel says while it waits for a test event, and once the workflow is published.
		const trigger = new GaardTrigger().description;
		nodeTexts.push(trigger.eventTriggerDescription!, trigger.activationMessage!);
		expect(nodeTexts.filter((text) => !text?.trim())).toEqual([]);
	});

	it('lists the options of every select and the fields of every collection in alphabetical order', () => {
		const groups = new Map<string, string[]>();
		for (const { entry, where } of all) {
			if (where.split(' > ').length < 2 || ('type' in entry && entry.type === 'notice')) continue;
			groups.set(where, [...(groups.get(where) ?? []), labelOf(entry)]);
		}
		// Resource and Operation lists are in n8n's own order of a node's actions, not of options.
		const unsorted = [...groups]
			.filter(([where]) => !/ > (Resource|Operation)$/.test(where))
			.filter(
				([, labels]) =>
					labels.join('\n') !== [...labels].sort((a, b) => a.localeCompare(b)).join('\n'),
			);
		expect(unsorted).toEqual([]);
	});

	it("writes display names and option names in n8n's title case", () => {
		const labels = all
			.filter(({ entry }) => !('type' in entry && entry.type === 'notice'))
			.map(({ entry }) => labelOf(entry))
			// Parameter names a user may type in lower case (Gaard's own words) stay as Gaard spells them.
			.filter((label) => !/^[a-z_]+$/.test(label));
		expect(labels.filter((label) => titleCase(label) !== label)).toEqual([]);
		expect(labels).toEqual(
			expect.arrayContaining([
				'Verify with Gaard',
				'Emit with the Others',
				'Send to a Second Output',
				'Wait for Result',
			]),
		);
	});

	it('gives example placeholders as "e.g. ...", and a placeholder that is the value used when empty as that value', () => {
		const placeholders = all
			.map(({ entry }) => entry)
			.filter(
				(entry): entry is INodeProperties =>
					'placeholder' in entry && typeof entry.placeholder === 'string',
			)
			.filter((entry) => !['collection', 'fixedCollection'].includes(entry.type));
		const notExamples = placeholders
			.filter((entry) => !entry.placeholder!.startsWith('e.g. '))
			.map((entry) => `${entry.displayName}: ${entry.placeholder}`);
		// The secret's name: empty means the default name, which the placeholder shows as it is.
		expect(notExamples).toEqual(['Parameter or Header Name: token']);
	});

	it('puts both nodes in one codex category', () => {
		const categoriesOf = (file: string) =>
			(
				JSON.parse(readFileSync(path.resolve(__dirname, '../../nodes/Gaard', file), 'utf8')) as {
					categories: string[];
				}
			).categories;
		expect(categoriesOf('GaardTrigger.node.json')).toEqual(categoriesOf('Gaard.node.json'));
		expect(categoriesOf('Gaard.node.json')).toHaveLength(1);
	});

	it('gives the subtitle as words a user reads: where error results go, nothing when they go with the others', () => {
		const subtitle = new GaardTrigger().description.subtitle as string;
		for (const [raw, words] of [
			['drop', 'Error results dropped'],
			['separateOutput', 'Error results to their own output'],
			['emit', ''],
		]) {
			// The editor evaluates it with the node's parameters; this is the same expression in plain JavaScript.
			const evaluate = new Function(
				'$parameter',
				`return (${subtitle.replace(/^=\{\{|\}\}$/g, '')});`,
			) as (parameter: object) => string;
			expect(evaluate({ errorResults: raw })).toBe(words);
		}
	});
});
