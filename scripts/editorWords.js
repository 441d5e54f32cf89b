'use strict';
/**
 * The words of the editor that what users read names, and where they come from. A user reads
 * the README, docs/, the example workflows' notes and the Gaard Trigger's notice; there, a word
 * of the editor is written in bold (in the notice, which is plain text, in double quotes), a
 * path's steps joined by " > ". Each such word is one of:
 *
 * - n8n's own, in test/browser/editor-words.json, as each n8n line's editor shows it (the browser
 *   suite asserts each there);
 * - the package's own, from its nodes' and credential's descriptions (display names, options,
 *   placeholders, the outputs' names), which are what the editor shows of them;
 * - the name of a node in an example workflow.
 *
 * A bold phrase that ends a sentence or a lead-in (`.`, `:`, `?`, `!`, but not `...`) is not a word
 * of the editor. `npm run check:docs` fails on any other that is none of these, and on a word whose
 * forms differ between n8n's lines named in a file without its other form.
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TABLE_FILE = path.join(ROOT, 'test/browser/editor-words.json');

/** n8n's words: `{ id, forms: { [major]: form } }`. */
const n8nWords = () => JSON.parse(readFileSync(TABLE_FILE, 'utf8')).words;

/** The form of n8n's word `id` on the n8n line `major`. */
function n8nWord(id, major) {
	const entry = n8nWords().find((word) => word.id === id);
	if (!entry) throw new Error(`test/browser/editor-words.json has no word "${id}"`);
	const form = entry.forms[String(major)];
	if (!form)
		throw new Error(`test/browser/editor-words.json has no form of "${id}" for n8n ${major}.x`);
	return form;
}

/** Every label a description shows: display names, option names, placeholders, nested. */
function labelsOf(entries, into) {
	for (const entry of entries ?? []) {
		for (const key of ['displayName', 'name', 'placeholder']) {
			// An option's `name` is its label; a parameter's `name` is saved in workflows, and never shown.
			if (key === 'name' && 'displayName' in entry) continue;
			if (typeof entry[key] === 'string' && entry[key]) into.add(entry[key]);
		}
		labelsOf(entry.options, into);
		labelsOf(entry.values, into);
	}
	return into;
}

/** The package's own words, from its built nodes and credential (dist/, which `npm run build` writes). */
function packageWords() {
	if (!existsSync(path.join(ROOT, 'dist/nodes/Gaard/Gaard.node.js')))
		throw new Error(
			"dist/ is missing: the package's words are read from its build (npm run build)",
		);
	const { Gaard } = require(path.join(ROOT, 'dist/nodes/Gaard/Gaard.node.js'));
	const { GaardTrigger } = require(path.join(ROOT, 'dist/nodes/Gaard/GaardTrigger.node.js'));
	const { GaardApi } = require(path.join(ROOT, 'dist/credentials/GaardApi.credentials.js'));
	const words = new Set();
	for (const node of [new Gaard(), new GaardTrigger()]) {
		const { description } = node;
		words.add(description.displayName);
		labelsOf(description.properties, words);
		// The outputs' names, as the canvas shows them (the trigger's second output is an expression).
		for (const match of String(description.outputs).matchAll(/"displayName": "([^"]+)"/g))
			words.add(match[1]);
	}
	const credential = new GaardApi();
	words.add(credential.displayName);
	labelsOf(credential.properties, words);
	return words;
}

/** The example workflows, by file name. */
function examples() {
	const folder = path.join(ROOT, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({
			file: `examples/${file}`,
			workflow: JSON.parse(readFileSync(path.join(folder, file), 'utf8')),
		}));
}

const isLeadIn = (phrase) => /[.:?!]$/.test(phrase) && !phrase.endsWith('...');
const boldPhrases = (text) =>
	[...text.replace(/```[\s\S]*?```/g, '').matchAll(/\*\*([^*]+?)\*\*/g)]
		.map((match) => match[1].replace(/\s+/g, ' ').trim())
		.filter((phrase) => !isLeadIn(phrase));

/** The editor words what users read names: `{ file, word }`, each place once. */
function namedWords() {
	const named = [];
	const markdown = [
		'README.md',
		...readdirSync(path.join(ROOT, 'docs'))
			.filter((file) => file.endsWith('.md'))
			.map((file) => `docs/${file}`),
	];
	for (const file of markdown)
		for (const word of boldPhrases(readFileSync(path.join(ROOT, file), 'utf8')))
			named.push({ file, word });
	for (const { file, workflow } of examples()) {
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.stickyNote')
				for (const word of boldPhrases(node.parameters.content)) named.push({ file, word });
		}
	}
	const { GaardTrigger } = require(path.join(ROOT, 'dist/nodes/Gaard/GaardTrigger.node.js'));
	const notice = new GaardTrigger().description.properties.find(
		(property) => property.type === 'notice',
	).displayName;
	for (const match of notice.matchAll(/"([^"]+)"/g))
		named.push({ file: "the Gaard Trigger's notice", word: match[1] });
	return named;
}

/** What a named word is: n8n's (its id), the package's, an example node's name, or unknown. */
function classify(word, known = knownWords()) {
	const entry = known.n8n.find(({ forms }) => Object.values(forms).includes(word));
	if (entry) return { kind: 'n8n', id: entry.id };
	const steps = word.split(' > ');
	const stepKinds = steps.map((step) =>
		known.pieces.has(step)
			? 'n8n'
			: known.package.has(step)
				? 'package'
				: known.nodeNames.has(step)
					? 'example node'
					: 'unknown',
	);
	if (stepKinds.includes('unknown')) return { kind: 'unknown' };
	if (steps.length === 1) return { kind: stepKinds[0] };
	return { kind: stepKinds.every((kind) => kind === 'package') ? 'package' : 'mixed' };
}

function knownWords() {
	const n8n = n8nWords();
	return {
		n8n,
		/** The single steps of n8n's words, for a path that goes on into the package's own. */
		pieces: new Set(
			n8n.flatMap(({ forms }) => Object.values(forms).filter((form) => !form.includes(' > '))),
		),
		package: packageWords(),
		nodeNames: new Set(
			examples().flatMap(({ workflow }) =>
				workflow.nodes
					.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
					.map((node) => node.name),
			),
		),
	};
}

/** What is wrong with the words named: each unknown word, and each word named by one line's form alone. */
function wordProblems() {
	const known = knownWords();
	const named = namedWords();
	const problems = [];
	for (const { file, word } of named) {
		if (classify(word, known).kind === 'unknown')
			problems.push(
				`${file}: **${word}** is neither a word of n8n's editor in test/browser/editor-words.json, nor one of the package's nodes, nor a node of an example`,
			);
	}
	for (const { id, forms } of known.n8n) {
		const distinct = [...new Set(Object.values(forms))];
		if (distinct.length < 2) continue;
		const files = new Set(
			named.filter(({ word }) => distinct.includes(word)).map(({ file }) => file),
		);
		for (const file of files) {
			const missing = distinct.filter(
				(form) => !named.some((place) => place.file === file && place.word === form),
			);
			if (missing.length)
				problems.push(
					`${file}: names n8n's "${id}" in one line's words only; add ${missing.map((form) => `**${form}**`).join(', ')}`,
				);
		}
	}
	return problems;
}

module.exports = { n8nWord, n8nWords, namedWords, classify, knownWords, wordProblems, examples };
