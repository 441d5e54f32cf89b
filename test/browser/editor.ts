/**
 * n8n's editor in a real Chromium (Debian's package, installed when missing), driven by
 * playwright-core: the pages and controls a user goes through with this package, found the way
 * the user finds them (labels, roles, n8n's own `data-test-id`s). Every request the page makes
 * beyond 127.0.0.1 is refused, so the editor runs as it would offline.
 *
 * Where a control is found (a selector) differs between n8n lines in EDITOR_SELECTORS, one row per
 * major version; what the editor calls it, when what users read names it, is in editor-words.json
 * (`editorWord`), the table the docs are checked against.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import { ensureDebianPackages } from '../harness/debianPackages';
import type { RealN8n } from '../harness/realN8n';
import { SUPPORTED_N8N_VERSIONS } from '../harness/realN8n';

/** Debian's Chromium, or the browser `$GAARD_CHROMIUM` names (a CI image's own Chrome, say). */
const CHROMIUM = process.env.GAARD_CHROMIUM ?? '/usr/bin/chromium';

// n8n marks its controls with `data-test-id`.
selectors.setTestIdAttribute('data-test-id');

/** What a control is called, or where it is, in each n8n line's editor. */
export const EDITOR_SELECTORS = {
	1: {
		/** The node creator's entry for a trigger that has no events of its own. */
		triggerEntry: 'On new Gaard event',
		/** The URLs in a webhook trigger's panel (no test id of their own). */
		webhookUrl: '.webhooks .webhook-url',
		/** The list of a node's issues, in the tooltip of its warning on the canvas. */
		issuesList: '.titled-list',
		/** The button that closes a node's panel. */
		closePanel: 'back-to-canvas',
	},
	2: {
		triggerEntry: 'On new Gaard event',
		webhookUrl: '.webhooks .webhook-url',
		issuesList: '.titled-list',
		closePanel: 'ndv-close-button',
	},
} as const;

export type EditorSelectors = (typeof EDITOR_SELECTORS)[keyof typeof EDITOR_SELECTORS];

export function editorSelectors(major: number): EditorSelectors {
	const row = (EDITOR_SELECTORS as Record<number, EditorSelectors | undefined>)[major];
	if (!row)
		throw new Error(
			`no editor selectors for n8n ${major}.x: the browser tests run on ${Object.keys(EDITOR_SELECTORS).join(', ')}.x`,
		);
	return row;
}

/** Installs Debian's Chromium when it is missing (unless $GAARD_CHROMIUM names another). */
export function ensureChromium(log: (message: string) => void): void {
	if (!process.env.GAARD_CHROMIUM)
		ensureDebianPackages(['chromium'], () => existsSync(CHROMIUM), log);
}

/** Starts Chromium headless, installing Debian's package first when it is missing. */
export async function launchChromium(log: (message: string) => void): Promise<Browser> {
	ensureChromium(log);
	return await chromium.launch({
		executablePath: CHROMIUM,
		// Off every network but loopback: every other request goes to a proxy where nothing listens,
		// and fails. (A route on the context would do it too, but Playwright then turns the HTTP cache
		// off, and every page loads all of the editor's scripts through it again: seconds a page.)
		proxy: { server: 'http://127.0.0.1:9', bypass: '127.0.0.1' },
		// As root (CI) Chromium needs --no-sandbox; the rest keeps it from calling home.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** A browser context signed in to n8n as its owner. */
export async function signedInContext(browser: Browser, n8n: RealN8n): Promise<BrowserContext> {
	const context = await browser.newContext({
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
	});
	const page = await context.newPage();
	await page.goto(`${n8n.url}/signin`);
	// n8n 1.x does not tie the labels to the fields.
	await page.locator('input[type="email"]').fill(n8n.owner.email);
	await page.locator('input[type="password"]').fill(n8n.owner.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	await page.close();
	return context;
}

/** An empty workflow in the editor, its canvas ready. */
export async function newWorkflow(context: BrowserContext, n8n: RealN8n): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`${n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor();
	return page;
}

/** The node creator's entries, once a search shows the one named `entry`. */
export async function searchNodeCreator(page: Page, text: string): Promise<Locator> {
	await page.getByTestId('node-creator-search-bar').fill(text);
	return page.getByTestId('node-creator').getByTestId('item-iterator-item');
}

/** The panel of the node that is open (n8n's NDV). */
export const nodePanel = (page: Page) => page.getByTestId('ndv');

/** Closes the open node's panel with its button, and waits until the canvas shows again. */
export async function closePanel(page: Page, ui: EditorSelectors): Promise<void> {
	await nodePanel(page).getByTestId(ui.closePanel).click();
	await nodePanel(page).waitFor({ state: 'hidden' });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const editorWords = require('../../scripts/editorWords.js') as {
	n8nWord: (id: string, major: number) => string;
};

/** What n8n's editor of the line `major` calls the control `id` of editor-words.json. */
export const editorWord = (id: string, major: number): string => editorWords.n8nWord(id, major);

/** Imports a workflow file through the workflow menu (`...`), as a user does: the path editor-words.json names. */
export async function importFromFile(page: Page, major: number, file: string): Promise<void> {
	await page.getByTestId('workflow-menu').click();
	const path = editorWord('importFromFile', major).split(' > ').slice(1);
	const last = path.pop()!;
	for (const item of path) await page.getByRole('menuitem', { name: item, exact: true }).hover();
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('menuitem', { name: last, exact: true }).click();
	await (await chooser).setFiles(file);
}

/**
 * Closes n8n's notifications ("Node executed successfully"...) and moves the pointer off the page,
 * so that a picture shows the editor itself.
 */
export async function dismissNotices(page: Page): Promise<void> {
	for (const close of await page.locator('.el-notification__closeBtn').all())
		await close.click().catch(() => {});
	await page
		.locator('.el-notification')
		.first()
		.waitFor({ state: 'detached' })
		.catch(() => {});
	await page.mouse.move(0, 0);
}

/** A parameter of the open node, by its name as saved in workflows. */
export const parameter = (page: Page, name: string) =>
	nodePanel(page).getByTestId(`parameter-input-${name}`);

/** Picks `option` in the open node's select parameter `name`. */
export async function choose(page: Page, name: string, option: string | RegExp): Promise<void> {
	await parameter(page, name).click();
	await page.getByRole('option', { name: option }).first().click();
}

/** Adds an option of a collection parameter (its "Add ..." list, e.g. Add Protection). */
export async function addCollectionOption(
	page: Page,
	addLabel: string,
	option: string,
): Promise<void> {
	await nodePanel(page).getByPlaceholder(addLabel).click();
	await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Where the pictures of a run go: `$GAARD_SCREENSHOTS` (npm run docs:screenshots sets it to
 * docs/images) when the run is on the newest supported n8n, which the README shows; else a
 * folder of the run's own, so every run takes them and a broken one shows.
 */
export function screenshotsFolder(n8n: RealN8n, fallback: string): string {
	const forDocs = process.env.GAARD_SCREENSHOTS && n8n.version === SUPPORTED_N8N_VERSIONS[0];
	const folder = forDocs ? path.resolve(process.env.GAARD_SCREENSHOTS!) : fallback;
	mkdirSync(folder, { recursive: true });
	return folder;
}

/**
 * Reads `read` until `accept` takes what it gives (the page catching up with an action), then
 * returns it; after `timeoutMs`, returns the last reading, for the test's assertion to show.
 */
export async function settled<T>(
	read: () => Promise<T>,
	accept: (value: T) => boolean,
	timeoutMs = 20_000,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (accept(value) || Date.now() > until) return value;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * The text of `locator`, its runs of white space as one space (n8n's JSON view breaks lines between
 * a key and its value), once it holds every one of `wanted` (or the last text read).
 */
export const textHolding = async (locator: Locator, ...wanted: string[]) =>
	await settled(
		async () => (await locator.innerText().catch(() => '')).replace(/\s+/g, ' '),
		(text) => wanted.every((part) => text.includes(part)),
	);

/** The text of `locator` once two readings 100 ms apart agree: a panel that has drawn all it draws. */
export async function steadyText(locator: Locator): Promise<string> {
	let last: string | undefined;
	return await settled(
		async () => await locator.innerText(),
		(text) => {
			const steady = text === last;
			last = text;
			return steady;
		},
	);
}

/** How many elements `locator` finds once there are `count` (or the last count). */
export const countSettled = async (locator: Locator, count: number) =>
	await settled(
		async () => await locator.count(),
		(found) => found === count,
	);

/** The texts of the elements of `locator` once `accept` takes them (or the last texts). */
export const textsSettled = async (locator: Locator, accept: (texts: string[]) => boolean) =>
	await settled(async () => (await locator.allInnerTexts()).map((text) => text.trim()), accept);
