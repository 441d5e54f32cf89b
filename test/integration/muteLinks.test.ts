/**
 * Mute Links through HTTP, as n8n serves the trigger: the links an alarm item carries, the page a
 * link opens (which changes nothing), its button, what a mute holds back, unmuting, expiry, links
 * that do not hold, a restart, and the Mutes output.
 */
import type { IDataObject } from 'n8n-workflow';

import { LINK_LIFETIME_MS } from '../../nodes/Gaard/trigger/muteLinks';
import { postJson } from '../helpers/loopback';
import { useTestClock } from '../helpers/testClock';
import type { TriggerServer, TriggerServerOptions } from '../helpers/triggerServer';
import { startTriggerServer } from '../helpers/triggerServer';
import { docExamplePayload } from '../fixtures';

const clock = useTestClock();
const servers: TriggerServer[] = [];

async function serve(
	parameters: TriggerServerOptions['parameters'],
	options: Partial<TriggerServerOptions> = {},
) {
	const server = await startTriggerServer({ parameters, ...options });
	servers.push(server);
	return server;
}

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.stop()));
});

/** A new process (nothing in memory) on the static data `server` saved, as n8n restarts it. */
async function restart(
	server: TriggerServer,
	parameters: TriggerServerOptions['parameters'],
	workflowId: string,
) {
	await server.stop();
	servers.splice(servers.indexOf(server), 1);
	return await serve(parameters, { workflowId, staticData: server.staticData() });
}

let ids = 0;
const fromCamera = (camera: string, overrides: Record<string, unknown> = {}) => ({
	...docExamplePayload(),
	id: `result-${++ids}`,
	metadata: { camera_id: camera, site_id: 134188 },
	...overrides,
});

async function deliver(server: TriggerServer, body: unknown) {
	const { status, json } = await postJson(server.url, body);
	return { status, json };
}

/** The items each execution started with, by output. */
const outputsOf = (server: TriggerServer) =>
	server.executions.map((execution) =>
		execution.workflowData.map((items) => items.map((item) => item.json)),
	);
const derivedOf = (item: IDataObject) => item._derived as IDataObject;
const lastResultItem = (server: TriggerServer) => server.executions.at(-1)!.workflowData[0][0].json;

/** A link of an item, pointed at the server (items name n8n's production URL). */
const onServer = (server: TriggerServer, link: string) =>
	`${server.muteUrl}${link.slice(link.indexOf('?'))}`;

async function open(url: string) {
	const response = await fetch(url);
	return { status: response.status, headers: response.headers, page: await response.text() };
}

async function press(url: string, form: Record<string, string>) {
	const response = await fetch(url, {
		method: 'POST',
		body: new URLSearchParams(form),
	});
	return { status: response.status, page: await response.text() };
}

/** Presses a button of a page as a browser does: its form's action, from the page's URL, and its fields. */
async function pressOnPage(pageUrl: string, page: string, label: string) {
	const form = [...page.matchAll(/<form method="post" action="([^"]*)">(.*?)<\/form>/g)].find(
		([, , inner]) => inner.includes(`>${label}</button>`),
	);
	if (!form) throw new Error(`no button "${label}" on the page`);
	const fields = Object.fromEntries(
		[...form[2].matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(
			([, name, value]) => [name, value],
		),
	);
	return await press(new URL(form[1].replace(/&amp;/g, '&'), pageUrl).href, fields);
}

/** The links of a first alarm from `camera`. */
async function linksFrom(server: TriggerServer, camera = 'VI08') {
	expect((await deliver(server, fromCamera(camera))).json).toEqual({ ok: true });
	const links = derivedOf(lastResultItem(server)).muteLinks as Record<string, string>;
	return Object.fromEntries(
		Object.entries(links).map(([name, link]) => [name, onServer(server, link)]),
	);
}

describe('the links an alarm item carries', () => {
	it('one per duration chosen, shortest first, and the camera page, all on the mute webhook', async () => {
		const server = await serve({ muteLinks: ['8h', '15m', '1h'] });
		await deliver(server, fromCamera('VI08'));
		const links = derivedOf(lastResultItem(server)).muteLinks as Record<string, string>;
		expect(Object.keys(links)).toEqual(['15m', '1h', '8h', 'manage']);
		for (const link of Object.values(links)) {
			expect(link).toMatch(
				/^http:\/\/127\.0\.0\.1:5678\/webhook\/[0-9a-f-]+\/mute\?t=[\w-]+\.[\w-]+$/,
			);
		}
		expect(new Set(Object.values(links)).size).toBe(4);
	});

	it('none when Mute Links is off, on an error result, or on a result that names no camera', async () => {
		const off = await serve({});
		await deliver(off, fromCamera('VI08'));
		expect(derivedOf(lastResultItem(off))).not.toHaveProperty('muteLinks');

		const on = await serve({ muteLinks: ['1h'] });
		await deliver(on, fromCamera('VI08', { error_code: 2, risk: '', labels: [] }));
		expect(derivedOf(lastResultItem(on))).not.toHaveProperty('muteLinks');
		await deliver(on, fromCamera('VI08', { metadata: {}, camera_id: null }));
		expect(derivedOf(lastResultItem(on))).not.toHaveProperty('muteLinks');
	});

	it("never shows the trigger's key: it stays in the static data", async () => {
		const server = await serve({ muteLinks: ['1h'] });
		await deliver(server, fromCamera('VI08'));
		const key = server.staticData()['node:Gaard Trigger'] as IDataObject;
		expect(key.muteKey).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(server.executions)).not.toContain(String(key.muteKey));
		const links = derivedOf(lastResultItem(server)).muteLinks as Record<string, string>;
		const opened = await open(onServer(server, links['1h']));
		const pressed = await press(onServer(server, links.manage), { action: 'mute', minutes: '60' });
		for (const page of [opened.page, pressed.page]) expect(page).not.toContain(String(key.muteKey));
	});
});

describe('opening a link', () => {
	it('shows a page for a phone, naming the camera, the site and the duration, and changes nothing', async () => {
		const server = await serve({ muteLinks: ['1h'] });
		const links = await linksFrom(server);
		const saved = JSON.stringify(server.staticData());
		const { status, headers, page } = await open(links['1h']);
		expect(status).toBe(200);
		expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(headers.get('referrer-policy')).toBe('no-referrer');
		expect(headers.get('cache-control')).toBe('no-store');
		expect(page).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
		expect(page).toContain('<title>Mute camera VI08 (site 134188) for 1 hour?</title>');
		expect(page).toContain('It is not muted');
		expect(page).toContain('>Mute for 1 hour</button>');
		expect(JSON.stringify(server.staticData())).toBe(saved);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
		expect(server.executions).toHaveLength(2);
	});

	it('escapes what the camera and site ids hold', async () => {
		const server = await serve({ muteLinks: ['1h'] });
		const hostile = '<script>alert("x")</script>&';
		await deliver(
			server,
			fromCamera(hostile, { metadata: { camera_id: hostile, site_id: "'><img>" } }),
		);
		const link = (derivedOf(lastResultItem(server)).muteLinks as Record<string, string>)['1h'];
		const { page, headers } = await open(onServer(server, link));
		expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
		expect(page).toContain('&#39;&gt;&lt;img&gt;');
		expect(page).not.toContain('<script>alert');
		expect(page).not.toContain("'><img>");
		// One script, the page's own, under the nonce that the page's policy allows, and no other.
		const policy = headers.get('content-security-policy')!;
		const nonce = /script-src 'nonce-([^']+)'/.exec(policy)![1];
		expect(policy).toContain("default-src 'none'");
		expect(page.match(/<script/g)).toEqual(['<script']);
		expect(page).toContain(`<script nonce="${nonce}">`);
	});
});

describe('the button', () => {
	it('mutes the camera: its results start nothing, answered {"ok":true,"muted":true}; others pass', async () => {
		const server = await serve({ muteLinks: ['15m'] });
		const links = await linksFrom(server);
		const muted = await press(links['15m'], { action: 'mute' });
		expect(muted.status).toBe(200);
		expect(muted.page).toContain('<title>Camera VI08 (site 134188) muted</title>');
		expect(muted.page).toContain('>Unmute</button>');
		expect(server.executions).toHaveLength(1);

		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		expect((await deliver(server, fromCamera('VI09'))).json).toEqual({ ok: true });
		// Error results pass: a camera that fails must still be seen.
		expect(
			(await deliver(server, fromCamera('VI08', { error_code: 2, risk: '', labels: [] }))).json,
		).toEqual({ ok: true });
		expect(server.executions).toHaveLength(3);
		expect((await open(links['15m'])).page).toContain('2 held back so far');
	});

	it('a mute ends on time; the first alarm after it says how many it held back', async () => {
		const server = await serve({ muteLinks: ['15m'] });
		const links = await linksFrom(server);
		await press(links['15m'], { action: 'mute' });
		await deliver(server, fromCamera('VI08'));
		clock.current.skip(15 * 60_000 - 1);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		clock.current.skip(1);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
		expect(derivedOf(lastResultItem(server)).mutedCount).toBe(2);
		await deliver(server, fromCamera('VI08'));
		expect(derivedOf(lastResultItem(server))).not.toHaveProperty('mutedCount');
	});

	it('pressed again while the camera is muted: the mute starts again from then', async () => {
		const server = await serve({ muteLinks: ['15m'] });
		const links = await linksFrom(server);
		await press(links['15m'], { action: 'mute' });
		clock.current.skip(10 * 60_000);
		expect((await press(links['15m'], { action: 'mute' })).page).toContain(
			'>Mute again for 15 minutes</button>',
		);
		clock.current.skip(10 * 60_000);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		clock.current.skip(5 * 60_000);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
	});

	it('Unmute ends the mute at once', async () => {
		const server = await serve({ muteLinks: ['8h'] });
		const links = await linksFrom(server);
		await press(links['8h'], { action: 'mute' });
		await deliver(server, fromCamera('VI08'));
		const unmuted = await press(links['8h'], { action: 'unmute' });
		expect(unmuted.page).toContain('<title>Camera VI08 (site 134188) unmuted</title>');
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
		expect(derivedOf(lastResultItem(server)).mutedCount).toBe(1);
		expect((await press(links['8h'], { action: 'unmute' })).page).toContain('was not muted');
	});

	it("the camera page's buttons mute for each duration offered, and no other", async () => {
		const server = await serve({ muteLinks: ['15m', '1h'] });
		const links = await linksFrom(server);
		const page = (await open(links.manage)).page;
		expect(page).toContain('>Mute for 15 minutes</button>');
		expect(page).toContain('>Mute for 1 hour</button>');
		const refused = await press(links.manage, { action: 'mute', minutes: '7' });
		expect(refused.status).toBe(400);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
		await press(links.manage, { action: 'mute', minutes: '60' });
		clock.current.skip(59 * 60_000);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
	});

	it('a mute outlives a restart of n8n: it is in the static data', async () => {
		const first = await serve({ muteLinks: ['1h'] }, { workflowId: 'wf-restart' });
		const links = await linksFrom(first);
		await press(links['1h'], { action: 'mute' });
		const restarted = await restart(first, { muteLinks: ['1h'] }, 'wf-restart-2');
		expect((await deliver(restarted, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		const again = await press(onServer(restarted, links['1h']), { action: 'unmute' });
		expect(again.page).toContain('unmuted');
	});
});

describe('the pages, as a browser uses them', () => {
	it("a link's page: its button, pressed as a browser does, mutes; the page after it unmutes", async () => {
		const server = await serve({ muteLinks: ['1h'] });
		const links = await linksFrom(server);
		const muted = await pressOnPage(links['1h'], (await open(links['1h'])).page, 'Mute for 1 hour');
		expect(muted.page).toContain(
			'<p>Its results start nothing until then; its error results still do.</p>',
		);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true, muted: true });
		const unmuted = await pressOnPage(links['1h'], muted.page, 'Unmute');
		expect(unmuted.page).toContain('<p>Its alarms start the workflow again.</p>');
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
	});

	it("the camera's page: named for the camera, a button for each duration, each muting for its own", async () => {
		const server = await serve({ muteLinks: ['15m', '1h'] });
		const links = await linksFrom(server, 'VI07');
		const page = (await open(links.manage)).page;
		expect(page).toContain('<title>Mutes of camera VI07 (site 134188)</title>');
		await pressOnPage(links.manage, page, 'Mute for 15 minutes');
		clock.current.skip(15 * 60_000);
		expect((await deliver(server, fromCamera('VI07'))).json).toEqual({ ok: true });
		await pressOnPage(links.manage, page, 'Mute for 1 hour');
		clock.current.skip(59 * 60_000);
		expect((await deliver(server, fromCamera('VI07'))).json).toEqual({ ok: true, muted: true });
	});

	it('a camera with no site is named alone', async () => {
		const server = await serve({ muteLinks: ['1h'] });
		await deliver(server, fromCamera('VI06', { metadata: { camera_id: 'VI06' } }));
		const link = (derivedOf(lastResultItem(server)).muteLinks as Record<string, string>)['1h'];
		expect((await open(onServer(server, link))).page).toContain(
			'<title>Mute camera VI06 for 1 hour?</title>',
		);
	});

	it('what each refusal says', async () => {
		const server = await serve({ muteLinks: ['1h'] });
		const links = await linksFrom(server);
		const neither = await press(links['1h'], { action: 'other' });
		expect(neither.status).toBe(400);
		expect(neither.page).toContain('<title>Nothing to do</title>');
		expect(neither.page).toContain(
			'<p>The request said neither mute nor unmute: nothing was changed.</p>',
		);
		const notOffered = await press(links.manage, { action: 'mute', minutes: '7' });
		expect(notOffered.page).toContain('<title>Not a duration this trigger offers</title>');
		expect(notOffered.page).toContain(
			'<p>Nothing was changed: choose one of the buttons below.</p>',
		);
		const expired = await open(`${links['1h'].slice(0, links['1h'].indexOf('?'))}?t=x`);
		expect(expired.page).toContain(
			'<p>This link is incomplete or damaged: nothing was changed. Open it again from the alarm message.</p>',
		);
	});
});

describe('a link that does not hold changes nothing', () => {
	/** The token of a link, changed by `change`. */
	const withToken = (link: string, change: (token: string) => string) => {
		const [base, token] = link.split('?t=');
		return `${base}?t=${change(token)}`;
	};
	it.each([
		{
			what: 'no token',
			spoil: (link: string) => link.slice(0, link.indexOf('?')),
			status: 400,
			title: 'Not a mute link',
		},
		{
			what: 'a token cut short',
			spoil: (link: string) => withToken(link, (token) => token.slice(0, token.indexOf('.'))),
			status: 400,
			title: 'Not a mute link',
		},
		{
			what: 'a claim changed to another camera',
			spoil: (link: string) =>
				withToken(link, (token) => {
					const [claim, signature] = token.split('.');
					const changed = JSON.parse(Buffer.from(claim, 'base64url').toString());
					changed.c = 'VI09';
					return `${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
				}),
			status: 403,
			title: 'This link was changed',
		},
		{
			what: 'a signature changed',
			spoil: (link: string) =>
				withToken(link, (token) => `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`),
			status: 403,
			title: 'This link was changed',
		},
	])('$what: $status, $title', async ({ spoil, status, title }) => {
		const server = await serve({ muteLinks: ['1h'] });
		const links = await linksFrom(server);
		const saved = JSON.stringify(server.staticData());
		const opened = await open(spoil(links['1h']));
		expect(opened.status).toBe(status);
		expect(opened.page).toContain(`<title>${title}</title>`);
		const pressed = await press(spoil(links['1h']), { action: 'mute' });
		expect(pressed.status).toBe(status);
		expect(JSON.stringify(server.staticData())).toBe(saved);
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
	});

	it("another trigger's link: 403", async () => {
		const other = await serve({ muteLinks: ['1h'] });
		const foreign = (await linksFrom(other))['1h'];
		const server = await serve({ muteLinks: ['1h'] });
		await linksFrom(server);
		const pressed = await press(onServer(server, foreign), { action: 'mute' });
		expect(pressed.status).toBe(403);
		expect(pressed.page).toContain('<title>Not a link of this trigger</title>');
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
	});

	it(`an expired link, ${LINK_LIFETIME_MS / 3_600_000} hours after its alarm: 410`, async () => {
		const server = await serve({ muteLinks: ['1h'] });
		const links = await linksFrom(server);
		clock.current.skip(LINK_LIFETIME_MS - 1_000);
		expect((await open(links['1h'])).status).toBe(200);
		clock.current.skip(1_000);
		const pressed = await press(links['1h'], { action: 'mute' });
		expect(pressed.status).toBe(410);
		expect(pressed.page).toContain('<title>This link has expired</title>');
		expect((await deliver(server, fromCamera('VI08'))).json).toEqual({ ok: true });
	});

	it('the first alarm after a mute counts what it held back once, in this process and after a restart', async () => {
		// That alarm starts the workflow: what it writes is saved only when marked again (n8nQuirks.ts),
		// and with no deduplication, nothing else the delivery wrote marks the static data.
		const parameters = { muteLinks: ['15m'], deduplicate: false };
		const first = await serve(parameters, { workflowId: 'wf-count-saved' });
		const links = await linksFrom(first);
		await press(links['15m'], { action: 'mute' });
		await deliver(first, fromCamera('VI08'));
		clock.current.skip(15 * 60_000);
		await deliver(first, fromCamera('VI08'));
		expect(derivedOf(lastResultItem(first)).mutedCount).toBe(1);

		const restarted = await restart(first, parameters, 'wf-count-saved-2');
		await deliver(restarted, fromCamera('VI08'));
		expect(derivedOf(lastResultItem(restarted))).not.toHaveProperty('mutedCount');
	});

	it("a mute's end is announced once, in this process and after a restart", async () => {
		const parameters = { muteLinks: ['15m', '1h'], announceMutes: true, deduplicate: false };
		const first = await serve(parameters, { workflowId: 'wf-end-saved' });
		await press((await linksFrom(first, 'VI08'))['15m'], { action: 'mute' });
		await press((await linksFrom(first, 'VI09'))['1h'], { action: 'mute' });
		// A result VI09's mute holds back just before VI08's ends writes the mutes: the end's own
		// write then comes within the write interval, and is made all the same.
		clock.current.skip(15 * 60_000 - 200);
		expect((await deliver(first, fromCamera('VI09'))).json).toEqual({ ok: true, muted: true });
		clock.current.skip(200);
		await deliver(first, fromCamera('VI11'));
		expect(
			outputsOf(first)
				.at(-1)![1]
				.map((item) => item.event),
		).toEqual(['muteEnded']);

		const restarted = await restart(first, parameters, 'wf-end-saved-2');
		await deliver(restarted, fromCamera('VI11'));
		expect(outputsOf(restarted)).toEqual([[[expect.any(Object)], []]]);
	});

	it('writes no mute into the static data while no camera is muted', async () => {
		const server = await serve({ muteLinks: ['1h'] });
		await deliver(server, fromCamera('VI08'));
		clock.current.skip(60_000);
		await deliver(server, fromCamera('VI09'));
		expect(server.staticData()['node:Gaard Trigger']).not.toHaveProperty('cameraMutes');
	});

	it('once Mute Links is turned off, a camera muted before starts the workflow again', async () => {
		const first = await serve({ muteLinks: ['1h'] }, { workflowId: 'wf-off-muted' });
		const links = await linksFrom(first);
		await press(links['1h'], { action: 'mute' });
		const off = await restart(first, {}, 'wf-off-muted-2');
		expect((await deliver(off, fromCamera('VI08'))).json).toEqual({ ok: true });
		expect(off.executions).toHaveLength(1);
	});

	it('once Mute Links is turned off: 404, nothing muted', async () => {
		const first = await serve({ muteLinks: ['1h'] }, { workflowId: 'wf-off' });
		const links = await linksFrom(first);
		const off = await serve({}, { workflowId: 'wf-off-2', staticData: first.staticData() });
		const pressed = await press(onServer(off, links['1h']), { action: 'mute' });
		expect(pressed.status).toBe(404);
		expect(pressed.page).toContain('<title>Mute links are off</title>');
		expect(pressed.page).toContain(
			'<p>This Gaard Trigger offers no mute links any more: nothing was changed.</p>',
		);
	});
});

describe('Announce Mutes', () => {
	it('a mute and an unmute start the workflow from the Mutes output, and so does the end of a mute, with the next delivery', async () => {
		const server = await serve({ muteLinks: ['15m'], announceMutes: true });
		const links = await linksFrom(server);
		await press(links['15m'], { action: 'mute' });
		await deliver(server, fromCamera('VI08'));
		await press(links['15m'], { action: 'unmute' });
		await press(links['15m'], { action: 'mute' });
		clock.current.skip(15 * 60_000);
		await deliver(server, fromCamera('VI09'));

		const executions = outputsOf(server);
		expect(executions.map((outputs) => outputs.map((items) => items.length))).toEqual([
			[1, 0],
			[0, 1],
			[0, 1],
			[0, 1],
			[1, 1],
		]);
		const announced = executions.flatMap(([, mutes]) => mutes);
		expect(announced.map((item) => [item.event, item.cameraId, item.heldBack])).toEqual([
			['muted', 'VI08', 0],
			['unmuted', 'VI08', 1],
			['muted', 'VI08', 1],
			['muteEnded', 'VI08', 1],
		]);
		expect(announced[0]).toMatchObject({
			siteId: '134188',
			minutes: 15,
			text: expect.stringMatching(/^Camera VI08 \(site 134188\) muted for 15 min, until \d{4}-/),
		});
		// Announced once: the next delivery announces nothing.
		await deliver(server, fromCamera('VI09'));
		expect(outputsOf(server).at(-1)).toEqual([[expect.any(Object)], []]);
	});

	it("a mute's end announced with a result from its own camera: both say how many it held back", async () => {
		const server = await serve({ muteLinks: ['15m'], announceMutes: true });
		const links = await linksFrom(server);
		await press(links['15m'], { action: 'mute' });
		await deliver(server, fromCamera('VI08'));
		clock.current.skip(15 * 60_000);
		await deliver(server, fromCamera('VI08'));
		const [[result], [ended]] = outputsOf(server).at(-1)!;
		expect(derivedOf(result).mutedCount).toBe(1);
		expect(ended).toMatchObject({ event: 'muteEnded', cameraId: 'VI08', heldBack: 1 });
	});

	it('pressing a button announces, first, the mutes of other cameras that ended since', async () => {
		const server = await serve({ muteLinks: ['5m', '1h'], announceMutes: true });
		const first = await linksFrom(server, 'VI01');
		const second = await linksFrom(server, 'VI02');
		await press(first['5m'], { action: 'mute' });
		clock.current.skip(5 * 60_000);
		await press(second['1h'], { action: 'mute' });
		expect(
			outputsOf(server)
				.at(-1)![1]
				.map((item) => [item.event, item.cameraId]),
		).toEqual([
			['muteEnded', 'VI01'],
			['muted', 'VI02'],
		]);
		await press(second['1h'], { action: 'unmute' });
		expect(
			outputsOf(server)
				.at(-1)![1]
				.map((item) => [item.event, item.cameraId]),
		).toEqual([['unmuted', 'VI02']]);
	});

	it('with error results on their own output, Mutes comes third', async () => {
		const server = await serve({
			muteLinks: ['15m'],
			announceMutes: true,
			errorResults: 'separateOutput',
		});
		const links = await linksFrom(server);
		await press(links['15m'], { action: 'mute' });
		expect(
			outputsOf(server)
				.at(-1)!
				.map((items) => items.length),
		).toEqual([0, 0, 1]);
	});
});
