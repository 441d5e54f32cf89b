/**
 * A mute link's token: what it says, that it holds only under its trigger's key, unchanged and
 * before it expires; the durations offered; and the page's escaping and times.
 */
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { triggerProperties } from '../../nodes/Gaard/trigger/description';
import type { MuteClaim } from '../../nodes/Gaard/trigger/muteLinks';
import {
	LINK_LIFETIME_MS,
	MUTE_DURATIONS,
	MUTE_KEY,
	durationInWords,
	ensureMuteKey,
	muteKeyOf,
	muteLinksFor,
	readMuteToken,
	signMuteClaim,
} from '../../nodes/Gaard/trigger/muteLinks';
import { escapeHtml, renderMutePage, serverTime } from '../../nodes/Gaard/trigger/mutePage';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const claim: MuteClaim = { camera: 'VI08', siteId: '134188', minutes: 60, expiresAt: NOW + 60_000 };

describe('a token', () => {
	it('reads back as the claim it was signed with', () => {
		expect(readMuteToken(KEY, signMuteClaim(KEY, claim), NOW)).toEqual({ ok: true, value: claim });
		const noSite = { ...claim, siteId: null, minutes: 0 };
		expect(readMuteToken(KEY, signMuteClaim(KEY, noSite), NOW)).toEqual({
			ok: true,
			value: noSite,
		});
	});

	it('holds until the second it expires, not at it', () => {
		const token = signMuteClaim(KEY, claim);
		expect(readMuteToken(KEY, token, claim.expiresAt - 1).ok).toBe(true);
		expect(readMuteToken(KEY, token, claim.expiresAt)).toEqual({ ok: false, reason: 'expired' });
	});

	it("is another trigger's under another key", () => {
		expect(readMuteToken(OTHER_KEY, signMuteClaim(KEY, claim), NOW)).toEqual({
			ok: false,
			reason: 'foreign',
		});
	});

	it('is tampered with when its claim or its signature changed', () => {
		const [encoded, signature] = signMuteClaim(KEY, claim).split('.');
		const fields = JSON.parse(Buffer.from(encoded, 'base64url').toString());
		for (const change of [{ c: 'VI09' }, { m: 480 }, { x: fields.x + 3600 }, { s: null }]) {
			const changed = Buffer.from(JSON.stringify({ ...fields, ...change })).toString('base64url');
			expect(readMuteToken(KEY, `${changed}.${signature}`, NOW)).toEqual({
				ok: false,
				reason: 'tampered',
			});
		}
		const flipped = Buffer.from(signature, 'base64url');
		flipped[0] ^= 1;
		expect(readMuteToken(KEY, `${encoded}.${flipped.toString('base64url')}`, NOW)).toEqual({
			ok: false,
			reason: 'tampered',
		});
		expect(readMuteToken(KEY, `${encoded}.${signature.slice(0, 10)}`, NOW)).toEqual({
			ok: false,
			reason: 'tampered',
		});
	});

	it.each([
		['nothing', undefined],
		['a number', 7],
		['an empty text', ''],
		['one part', 'abc'],
		['three parts', 'a.b.c'],
		['a claim that is not JSON', `${Buffer.from('{').toString('base64url')}.sig`],
		['a claim that is null', `${Buffer.from('null').toString('base64url')}.sig`],
		['too long a token', `${'a'.repeat(2001)}.b`],
	])('is malformed: %s', (_what, token) => {
		expect(readMuteToken(KEY, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
	});

	it.each([
		['an empty camera', { c: '' }],
		['a camera that is a number', { c: 8 }],
		['a site that is a number', { s: 134188 }],
		['a duration not offered', { m: 7 }],
		['an expiry that is not a whole number', { x: 1.5 }],
		['no key id', { k: undefined }],
	])('is malformed with %s, even when signed', (_what, change) => {
		const [encoded] = signMuteClaim(KEY, claim).split('.');
		const fields = { ...JSON.parse(Buffer.from(encoded, 'base64url').toString()), ...change };
		const changed = Buffer.from(JSON.stringify(fields)).toString('base64url');
		const signature = createHmac('sha256', KEY).update(changed).digest('base64url');
		expect(readMuteToken(KEY, `${changed}.${signature}`, NOW)).toEqual({
			ok: false,
			reason: 'malformed',
		});
	});
});

describe('the links of an item', () => {
	it('one per duration and the camera page, each expiring a lifetime after the alarm, on a whole second', () => {
		const links = muteLinksFor(
			'https://n8n.example.com/webhook/abc/mute',
			KEY,
			{ camera: 'VI08', siteId: null },
			['15m', '8h'],
			NOW + 400,
		);
		expect(Object.keys(links)).toEqual(['15m', '8h', 'manage']);
		const claims = Object.values(links).map((link) => {
			const url = new URL(link);
			expect(`${url.origin}${url.pathname}`).toBe('https://n8n.example.com/webhook/abc/mute');
			const read = readMuteToken(KEY, url.searchParams.get('t'), NOW);
			if (!read.ok) throw new Error(read.reason);
			return read.value;
		});
		expect(claims.map((read) => read.minutes)).toEqual([15, 480, 0]);
		expect(new Set(claims.map((read) => read.expiresAt))).toEqual(
			new Set([NOW + LINK_LIFETIME_MS]),
		);
	});
});

describe('the key', () => {
	it('is made once, 32 random bytes, and kept in the static data', () => {
		const staticData: IDataObject = {};
		const made = ensureMuteKey(staticData);
		expect(made).toEqual({ key: expect.stringMatching(/^[0-9a-f]{64}$/), written: MUTE_KEY });
		expect(staticData[MUTE_KEY]).toBe(made.key);
		expect(ensureMuteKey(staticData)).toEqual({ key: made.key });
		expect(ensureMuteKey({}).key).not.toBe(made.key);
	});

	it('is not read from static data that holds something else', () => {
		expect(muteKeyOf({ [MUTE_KEY]: 'short' })).toBeUndefined();
		expect(muteKeyOf({ [MUTE_KEY]: 7 })).toBeUndefined();
		expect(muteKeyOf({ [MUTE_KEY]: KEY })).toBe(KEY);
	});
});

describe('the durations', () => {
	it('the editor offers exactly those a link may carry, in words', () => {
		const offered = triggerProperties.find((property) => property.name === 'muteLinks')!;
		const options = offered.options as Array<{ name: string; value: string }>;
		expect(options.map((option) => option.value).sort()).toEqual(
			Object.keys(MUTE_DURATIONS).sort(),
		);
		for (const option of options) {
			expect(option.name.toLowerCase()).toBe(
				durationInWords(MUTE_DURATIONS[option.value as keyof typeof MUTE_DURATIONS]),
			);
		}
	});

	it('in words', () => {
		expect([5, 60, 120, 1440].map(durationInWords)).toEqual([
			'5 minutes',
			'1 hour',
			'2 hours',
			'24 hours',
		]);
	});
});

describe('the page', () => {
	it('escapes the five characters HTML gives a meaning to', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
		);
	});

	it("gives times in n8n's time zone, and marks them for the viewer's", () => {
		expect(serverTime(NOW, 'Europe/Paris')).toBe('5 Dec 2026, 13:00 (Europe/Paris)');
		const page = renderMutePage({
			status: 200,
			title: 'Camera muted',
			lines: [],
			mutedUntil: NOW,
			buttons: [{ label: 'Unmute', action: 'unmute' }],
			formAction: '?t=a.b',
			timeZone: 'America/New_York',
		});
		expect(page.body).toContain(
			'<time datetime="2026-12-05T12:00:00.000Z">5 Dec 2026, 07:00 (America/New_York)</time>',
		);
		expect(page.body).toContain('<form method="post" action="?t=a.b">');
	});

	it('has a nonce of its own each time', () => {
		const view = { status: 200, title: 't', lines: [], buttons: [], timeZone: 'UTC' };
		const policies = [renderMutePage(view), renderMutePage(view)].map(
			(page) => page.headers['content-security-policy'],
		);
		expect(policies[0]).not.toBe(policies[1]);
	});
});

describe("the page's markup", () => {
	const view = {
		status: 200,
		title: 'Camera VI08 muted',
		lines: ['First line.', 'Second line.'],
		buttons: [
			{ label: 'Mute for 1 hour', action: 'mute' as const, minutes: 60 },
			{ label: 'Mute again', action: 'mute' as const },
			{ label: 'Unmute', action: 'unmute' as const },
		],
		formAction: '?t=a.b',
		timeZone: 'UTC',
	};

	it('one form per button, posting its action (and minutes, when it carries some) to the link; Unmute set apart', () => {
		const { body } = renderMutePage(view);
		expect(body).toContain(
			'<h1>Camera VI08 muted</h1><p>First line.</p><p>Second line.</p>' +
				'<form method="post" action="?t=a.b"><input type="hidden" name="action" value="mute"><input type="hidden" name="minutes" value="60"><button type="submit">Mute for 1 hour</button></form>' +
				'<form method="post" action="?t=a.b"><input type="hidden" name="action" value="mute"><button type="submit">Mute again</button></form>' +
				'<form method="post" action="?t=a.b"><input type="hidden" name="action" value="unmute"><button type="submit" class="undo">Unmute</button></form>',
		);
	});

	it("its headers: HTML, a policy with the page's nonce, no referrer, no cache, no sniffing, no indexing", () => {
		const page = renderMutePage({ ...view, buttons: [] });
		const nonce = /<script nonce="([^"]+)">/.exec(page.body)![1];
		expect(page.headers).toEqual({
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
			'referrer-policy': 'no-referrer',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			'x-robots-tag': 'noindex',
		});
		expect(page.body).toContain(`<style nonce="${nonce}">`);
		// The script that writes each time again in the viewer's zone.
		expect(page.body).toMatch(
			/<script nonce="[^"]+">for\(const t of document\.querySelectorAll\('time\[datetime\]'\)\).*'Your time: '/,
		);
	});

	it('no form without buttons, and no time without a mute', () => {
		const { body } = renderMutePage({ ...view, buttons: [], formAction: undefined });
		expect(body).not.toContain('<form');
		expect(body).not.toContain('<time');
	});
});

describe('a token, at its edges', () => {
	it('is read up to 2,000 characters, and malformed beyond', () => {
		const tokenFor = (length: number) =>
			signMuteClaim(KEY, { ...claim, camera: 'c'.repeat(length) });
		let length = 1;
		while (tokenFor(length + 1).length <= 2000) length++;
		expect(tokenFor(length).length).toBeLessThanOrEqual(2000);
		expect(readMuteToken(KEY, tokenFor(length), NOW).ok).toBe(true);
		let longer = length + 1;
		while (tokenFor(longer).length <= 2000) longer++;
		expect(readMuteToken(KEY, tokenFor(longer), NOW)).toEqual({ ok: false, reason: 'malformed' });
		// The one exactly at the bound, when a camera id gives it.
		const exact = Array.from({ length: 8 }, (_, more) => tokenFor(length - more)).find(
			(token) => token.length === 2000,
		);
		if (exact) expect(readMuteToken(KEY, exact, NOW).ok).toBe(true);
	});

	it('names its key by a short id of 8 characters, not the key', () => {
		const [encoded] = signMuteClaim(KEY, claim).split('.');
		const { k } = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as { k: string };
		expect(k).toMatch(/^[\w-]{8}$/);
		expect(KEY).not.toContain(k);
	});

	it('a key is read only when it is 64 hex digits, whole', () => {
		expect(muteKeyOf({ [MUTE_KEY]: `x${KEY}` })).toBeUndefined();
		expect(muteKeyOf({ [MUTE_KEY]: `${KEY}x` })).toBeUndefined();
		expect(muteKeyOf({ [MUTE_KEY]: [KEY] })).toBeUndefined();
	});
});
