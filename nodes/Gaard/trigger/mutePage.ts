/**
 * The page a mute link opens: small, for a phone, and built from text only. Everything it shows is
 * escaped; it loads nothing, and its one script (showing times in the viewer's own time zone) runs
 * under a nonce of its own, so that nothing a camera or site id holds can run in it.
 */
import { randomBytes } from 'crypto';

/** A button of the page: a form that posts `action` (and `minutes`) back to the link. */
export interface MutePageButton {
	label: string;
	action: 'mute' | 'unmute';
	minutes?: number;
}

export interface MutePageView {
	status: number;
	title: string;
	/** What happened, or what the link does. */
	lines: string[];
	/** The camera's mute, while it lasts: when it ends (ms since the epoch). */
	mutedUntil?: number;
	buttons: MutePageButton[];
	/** Where the buttons post: the link itself. */
	formAction?: string;
	/** n8n's time zone, in which the page gives times, beside the viewer's own. */
	timeZone: string;
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** Text made safe to put in HTML, in an element or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A time in n8n's time zone, e.g. "5 Dec 2026, 14:05 (Europe/Paris)". */
export function serverTime(at: number, timeZone: string): string {
	const words = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		dateStyle: 'medium',
		timeStyle: 'short',
	}).format(at);
	return `${words} (${timeZone})`;
}

const STYLE = `body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:16px;max-width:28rem;color:#1b1b1f;background:#fff}
h1{font-size:1.25rem;margin:0 0 12px}p{margin:0 0 10px}.local{display:block;color:#55575d}
form{margin:0 0 10px}button{width:100%;min-height:44px;font-size:1rem;border:0;border-radius:8px;background:#2d6cdf;color:#fff}
button.undo{background:#e9e9ee;color:#1b1b1f}
@media (prefers-color-scheme:dark){body{background:#17171a;color:#ececf1}.local{color:#a5a7ad}button.undo{background:#33343a;color:#ececf1}}`;

/** Shows each `<time>` again in the viewer's own zone, under the server's. */
const SCRIPT = `for(const t of document.querySelectorAll('time[datetime]')){const s=document.createElement('span');s.className='local';s.textContent='Your time: '+new Date(t.dateTime).toLocaleString([], {dateStyle:'medium',timeStyle:'short'});t.after(s)}`;

export interface RenderedPage {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export function renderMutePage(view: MutePageView): RenderedPage {
	const nonce = randomBytes(16).toString('base64');
	const until =
		view.mutedUntil === undefined
			? ''
			: `<p>Muted until <time datetime="${new Date(view.mutedUntil).toISOString()}">${escapeHtml(serverTime(view.mutedUntil, view.timeZone))}</time></p>`;
	const buttons = view.buttons
		.map(
			(button) =>
				`<form method="post" action="${escapeHtml(view.formAction ?? '')}"><input type="hidden" name="action" value="${button.action}">` +
				(button.minutes === undefined
					? ''
					: `<input type="hidden" name="minutes" value="${button.minutes}">`) +
				`<button type="submit"${button.action === 'unmute' ? ' class="undo"' : ''}>${escapeHtml(button.label)}</button></form>`,
		)
		.join('');
	const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(view.title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><h1>${escapeHtml(view.title)}</h1>${view.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}${until}${buttons}
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
	return {
		status: view.status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
			// The link carries its token: no other site may learn it from a Referer, no cache keep the page.
			'referrer-policy': 'no-referrer',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			'x-robots-tag': 'noindex',
		},
		body,
	};
}
