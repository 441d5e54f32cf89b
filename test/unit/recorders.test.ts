/**
 * The stand-ins for Jira, Mattermost and Telegram (test/harness/recorders.ts) refuse what the real
 * services refuse, in their words: an example workflow that sends such a request fails its
 * end-to-end test. Each rule below is one a real service applies.
 */
import {
	RECORDED_SERVICES,
	jiraCreateRefusal,
	mattermostPostRefusal,
	telegramSendVideoRefusal,
} from '../harness/recorders';

const issue = (fields: Record<string, unknown>) => ({
	fields: {
		project: { id: '10000' },
		issuetype: { id: '10001' },
		summary: 'Gaard intrusion',
		...fields,
	},
});
const [channel] = Object.keys(RECORDED_SERVICES.mattermost.channels);
const [chat] = RECORDED_SERVICES.telegram.chats;

describe("Jira's create issue (REST API v2)", () => {
	it('creates an issue with a known project and issue type, a one-line summary, a text description and labels without spaces', () => {
		expect(
			jiraCreateRefusal(
				issue({ description: 'Camera VI08\nLabels: person', labels: ['gaard', 'camera-VI08'] }),
			),
		).toBeUndefined();
		expect(
			jiraCreateRefusal(issue({ project: { key: 'SEC' }, issuetype: { name: 'Incident' } })),
		).toBeUndefined();
	});

	it.each([
		['no fields object', { summary: 'x' }, undefined],
		[
			'an unknown project',
			issue({ project: { id: '99999' } }),
			{ project: 'valid project is required' },
		],
		['no issue type', issue({ issuetype: undefined }), { issuetype: 'issue type is required' }],
		[
			'an empty summary',
			issue({ summary: ' ' }),
			{ summary: 'You must specify a summary of the issue.' },
		],
		[
			'a summary over 255 characters',
			issue({ summary: 'x'.repeat(256) }),
			{ summary: 'Summary must be less than 255 characters.' },
		],
		[
			'a summary on two lines',
			issue({ summary: 'Gaard\nintrusion' }),
			{ summary: 'The summary is invalid because it contains newline characters.' },
		],
		[
			'a label with a space',
			issue({ labels: ['gaard alarm'] }),
			{ labels: "The label 'gaard alarm' contains spaces which is invalid." },
		],
		['labels as one string', issue({ labels: 'gaard' }), { labels: 'data was not an array' }],
		[
			'a field the create screen lacks',
			issue({ customfield_10100: 'x' }),
			{
				customfield_10100:
					"Field 'customfield_10100' cannot be set. It is not on the appropriate screen, or unknown.",
			},
		],
	])('refuses %s with 400 and the error by field', (_case, body, errors) => {
		const refusal = jiraCreateRefusal(body);
		expect(refusal?.status).toBe(400);
		if (errors) expect((refusal?.body as { errors: object }).errors).toEqual(errors);
	});
});

describe("Mattermost's create post (API v4)", () => {
	it('creates a post in a channel the user is in', () => {
		expect(
			mattermostPostRefusal({
				channel_id: channel,
				message: ':rotating_light: intrusion on camera VI08',
			}),
		).toBeUndefined();
	});

	it.each([
		[
			'a channel name instead of its id',
			{ channel_id: 'security-alarms', message: 'x' },
			400,
			'api.context.invalid_body_param.app_error',
		],
		[
			'a channel the user is not in',
			{ channel_id: 'a'.repeat(26), message: 'x' },
			403,
			'api.context.permissions.app_error',
		],
		[
			'an empty message',
			{ channel_id: channel, message: '' },
			400,
			'api.post.create_post.message_empty.app_error',
		],
		[
			'a message over 16,383 characters',
			{ channel_id: channel, message: 'x'.repeat(16_384) },
			400,
			'model.post.is_valid.message_length.app_error',
		],
	])('refuses %s', (_case, body, status, id) => {
		expect(mattermostPostRefusal(body)).toMatchObject({
			status,
			body: { id, status_code: status },
		});
	});
});

describe("Telegram's sendVideo (Bot API)", () => {
	const video = { size: 200_000 };

	it('sends an uploaded video to a known chat, with a caption up to 1,024 characters', () => {
		expect(
			telegramSendVideoRefusal({ chat_id: chat, caption: 'x'.repeat(1024) }, video),
		).toBeUndefined();
	});

	it.each([
		['no chat', {}, video, 'Bad Request: chat_id is empty'],
		['an unknown chat', { chat_id: '-100999' }, video, 'Bad Request: chat not found'],
		['no video', { chat_id: chat }, undefined, 'Bad Request: there is no video in the request'],
		[
			'a caption over 1,024 characters',
			{ chat_id: chat, caption: 'x'.repeat(1025) },
			video,
			'Bad Request: message caption is too long',
		],
		[
			'an unknown parse mode',
			{ chat_id: chat, parse_mode: 'markdown2' },
			video,
			'Bad Request: unsupported parse_mode',
		],
	])('refuses %s', (_case, fields: Record<string, string>, upload, description) => {
		expect(telegramSendVideoRefusal(fields, upload)).toEqual({
			status: 400,
			body: { ok: false, error_code: 400, description },
		});
	});

	it('refuses a video over 50 MB with 413', () => {
		expect(
			telegramSendVideoRefusal({ chat_id: chat }, { size: 50 * 1024 * 1024 + 1 })?.status,
		).toBe(413);
	});
});
