/**
 * The package's page on npm and the links inside n8n lead into the public repository that
 * package.json names: npm resolves the README's relative links and pictures against `repository`,
 * the nodes' Docs links and the credential's documentation open its docs, and SECURITY.md sends
 * reports to its private vulnerability reporting. One place says where the repository is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { anchorsOf } = require('../../scripts/markdownAnchors.js') as {
	anchorsOf: (file: string) => Set<string>;
};

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
	repository: { type: string; url: string };
	homepage: string;
	bugs: { url: string };
};
/** The repository's web address, from package.json's `repository`. */
const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Whether a URL is a file of the repository's main branch that exists here, with the heading its anchor names. */
function opensInRepository(url: string): boolean {
	const [file, anchor] = url.slice(`${repository}/blob/main/`.length).split('#');
	if (!url.startsWith(`${repository}/blob/main/`) || !existsSync(path.join(ROOT, file)))
		return false;
	return !anchor || anchorsOf(path.join(ROOT, file)).has(anchor);
}

const codexLinks = (file: string) =>
	Object.values(
		(JSON.parse(read(file)) as { resources: Record<string, Array<{ url: string }>> }).resources,
	)
		.flat()
		.map(({ url }) => url);

it('names a public GitHub repository, its page as the homepage and its issues for bugs', () => {
	expect(manifest.repository.type).toBe('git');
	expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/n8n-nodes-gaard$/);
	expect(manifest.homepage).toBe(`${repository}#readme`);
	expect(manifest.bugs.url).toBe(`${repository}/issues`);
});

it.each(['nodes/Gaard/Gaard.node.json', 'nodes/Gaard/GaardTrigger.node.json'])(
	"%s: the node's Docs links open the docs in the repository",
	(file) => {
		const links = codexLinks(file);
		expect(links.length).toBeGreaterThan(0);
		expect(links.filter((url) => !opensInRepository(url))).toEqual([]);
	},
);

it("the credential's documentation opens its section of the docs in the repository", () => {
	expect(opensInRepository(new GaardApi().documentationUrl)).toBe(true);
});

it("SECURITY.md sends vulnerability reports to the repository's private reporting", () => {
	expect(read('SECURITY.md').replace(/\s+/g, ' ')).toContain(
		`<${repository}/security/advisories/new>`,
	);
});

it.each([
	['the Gaard node', 'nodes/Gaard', new Gaard().description.icon],
	['the Gaard Trigger', 'nodes/Gaard', new GaardTrigger().description.icon],
	['the Gaard API credential', 'credentials', new GaardApi().icon],
])('%s shows an icon the package ships, one for light and one for dark mode', (_, folder, icon) => {
	const { light, dark } = icon as { light: string; dark: string };
	expect(light).not.toBe(dark);
	for (const file of [light, dark]) {
		expect(file).toMatch(/^file:[\w.]+\.svg$/);
		expect(existsSync(path.join(ROOT, folder, file.slice('file:'.length)))).toBe(true);
	}
});
