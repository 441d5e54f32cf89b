/** Which output each item of the trigger leaves through, by Error Results and Announce Mutes. */
import type { TriggerEmission } from '../../nodes/Gaard/trigger/outputs';
import { workflowDataOf } from '../../nodes/Gaard/trigger/outputs';
import type { TriggerSettings } from '../../nodes/Gaard/trigger/settings';

const result = { item: { json: { id: 'r' } }, isError: false };
const error = { item: { json: { id: 'e' } }, isError: true };
const announcement = { json: { event: 'muted' } };

it.each([
	['one output', { errorResults: 'emit', announceMutes: false }, { result }, [[result.item]]],
	[
		'an error result with the others',
		{ errorResults: 'emit', announceMutes: false },
		{ result: error },
		[[error.item]],
	],
	[
		'Result and Error',
		{ errorResults: 'separateOutput', announceMutes: false },
		{ result: error },
		[[], [error.item]],
	],
	[
		'Result and Mutes, a result alone',
		{ errorResults: 'emit', announceMutes: true },
		{ result },
		[[result.item], []],
	],
	[
		'Result and Mutes, both',
		{ errorResults: 'emit', announceMutes: true },
		{ result, announcements: [announcement] },
		[[result.item], [announcement]],
	],
	[
		'Result, Error and Mutes, an announcement alone',
		{ errorResults: 'separateOutput', announceMutes: true },
		{ announcements: [announcement] },
		[[], [], [announcement]],
	],
] as Array<
	[string, Pick<TriggerSettings, 'errorResults' | 'announceMutes'>, TriggerEmission, unknown]
>)('%s', (_what, settings, emission, expected) => {
	expect(workflowDataOf(settings, emission)).toEqual(expected);
});

it('nothing to emit: no execution, nor for announcements when they are off', () => {
	expect(workflowDataOf({ errorResults: 'emit', announceMutes: true }, {})).toBeUndefined();
	expect(
		workflowDataOf(
			{ errorResults: 'emit', announceMutes: false },
			{ announcements: [announcement] },
		),
	).toBeUndefined();
});
