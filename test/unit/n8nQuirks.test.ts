/**
 * Every reliance on n8n written down in nodes/Gaard/n8nQuirks.ts names a canary that exists (an
 * end-to-end test of n8n's own behaviour), and every canary belongs to a quirk written down there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const QUIRKS_FILE = path.join(ROOT, 'nodes/Gaard/n8nQuirks.ts');

interface Quirk {
	name: string;
	canaryFile?: string;
	canaryTitle?: string;
	seen: boolean;
	letsGo: boolean;
}

/** The quirks as the file writes them: each doc comment that starts with "Quirk: <name>.". */
function writtenQuirks(): Quirk[] {
	const comments = readFileSync(QUIRKS_FILE, 'utf8').match(/\/\*\*[\s\S]*?\*\//g) ?? [];
	return comments
		.map((comment) => comment.replace(/^\s*\/?\*+\/? ?/gm, '').replace(/\s+/g, ' '))
		.filter((text) => text.trimStart().startsWith('Quirk: '))
		.map((text) => {
			const canary = /Canary: (\S+), "([^"]+)"\./.exec(text);
			return {
				name: /Quirk: ([^.]+)\./.exec(text)![1],
				canaryFile: canary?.[1],
				canaryTitle: canary?.[2],
				seen: /[Ss]een in \d+\.\d+\.\d+/.test(text),
				letsGo: /Lets go when /.test(text),
			};
		});
}

const quirks = writtenQuirks();

it('the quirks file writes down the quirks', () => {
	expect(quirks.length).toBeGreaterThanOrEqual(8);
});

describe.each(quirks)('quirk: $name', (quirk) => {
	it('says on which n8n versions it was seen and what would let it go', () => {
		expect({ seen: quirk.seen, letsGo: quirk.letsGo }).toEqual({ seen: true, letsGo: true });
	});

	it('names a canary test that exists, by its own name', () => {
		expect(quirk.canaryTitle).toBe(`quirk: ${quirk.name}`);
		const file = path.join(ROOT, quirk.canaryFile!);
		expect(existsSync(file)).toBe(true);
		expect(canaryTitles(file)).toContain(quirk.canaryTitle);
	});
});

/** The titles of a test file's top-level describe blocks that name a quirk. */
function canaryTitles(file: string): string[] {
	return [...readFileSync(file, 'utf8').matchAll(/^describe\((['"`])(quirk: .+?)\1,/gm)].map(
		(match) => match[2],
	);
}

it('every canary belongs to a quirk written down in the quirks file', () => {
	const files = [...new Set(quirks.map((quirk) => quirk.canaryFile!))];
	const canaries = files.flatMap((file) => canaryTitles(path.join(ROOT, file)));
	expect(canaries.sort()).toEqual(quirks.map((quirk) => `quirk: ${quirk.name}`).sort());
});
