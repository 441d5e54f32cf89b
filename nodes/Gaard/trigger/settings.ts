/** The trigger's parameters, read and checked once per activation and per delivery. */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_QUOTED_ADDRESS_CHARS, quotedValue } from '../transport/http';
import { MAX_COOLDOWN_SECONDS } from './cooldown';
import { DEFAULT_DEDUP_WINDOW, MAX_DEDUP_WINDOW } from './dedup';
import type { ResultFilter, ResultFilterParameters } from './filters';
import { resultFilterFrom } from './filters';
import type { IpRange } from './ipAllowlist';
import { parseAllowlist } from './ipAllowlist';
import { splitList } from './lists';
import type { MuteDuration } from './muteLinks';
import { MUTE_DURATIONS } from './muteLinks';

export const DEFAULT_SECRET_NAMES = { query: 'token', header: 'x-gaard-token' } as const;

type ErrorResultsChoice = 'emit' | 'drop' | 'separateOutput';

export interface TriggerSettings {
	errorResults: ErrorResultsChoice;
	filter: ResultFilter;
	secret?: { value: string; location: 'query' | 'header'; name: string };
	/** Empty: every address may deliver. */
	allowlist: IpRange[];
	verifyWithGaard: boolean;
	/** Null when deduplication is off. */
	dedupWindow: number | null;
	/** Cooldown per Camera, in seconds; 0 when off. */
	cooldownSeconds: number;
	/** The durations each alarm item offers a mute link for, shortest first; empty when Mute Links is off. */
	muteDurations: MuteDuration[];
	/** Whether mutes, unmutes and the end of a mute leave through the Mutes output. */
	announceMutes: boolean;
}

/** Reads and checks the trigger's parameters; a setting that cannot work is an error naming it. */
export function readTriggerSettings(this: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const security = this.getNodeParameter('security', {}) as IDataObject;
	const allowedIps = String(security.allowedIps ?? '');
	const { ranges, invalid } = parseAllowlist(splitList(allowedIps));
	const settingError = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description });
	if (invalid.length) {
		throw settingError(
			`Allowed IPs: ${invalid.map((entry) => quotedValue(entry, MAX_QUOTED_ADDRESS_CHARS)).join(', ')} is not an IP address or CIDR range`,
			'Use addresses such as 203.0.113.10 or ranges such as 10.0.0.0/8, comma-separated, without leading zeros.',
		);
	}
	if (allowedIps.trim() && !ranges.length) {
		// An empty list would let every address in: refuse it rather than guess.
		throw settingError(
			'Allowed IPs lists no address',
			'Enter addresses or ranges, or clear the field to allow every address.',
		);
	}
	// HTTP strips the spaces around a header's value: a secret saved with them could never match.
	const secretValue = String(security.secret ?? '').trim();
	const savedSecret = (this.getNode().parameters.security as IDataObject | undefined)?.secret;
	if (!secretValue && typeof savedSecret === 'string' && savedSecret.trim()) {
		// An expression that gives nothing (an environment variable not set, say) must not open the webhook to everyone.
		throw settingError(
			'Secret is an expression that gave no value',
			'Check what it reads, e.g. that the environment variable is set in n8n (and, for $env, that N8N_BLOCK_ENV_ACCESS_IN_NODE is false), or clear the field to go without a secret.',
		);
	}
	const location = security.secretLocation === 'header' ? 'header' : 'query';
	const deduplicate = this.getNodeParameter('deduplicate', true) as boolean;
	const dedupWindow = deduplicate
		? this.getNodeParameter('dedupWindow', DEFAULT_DEDUP_WINDOW)
		: null;
	if (
		dedupWindow !== null &&
		!(
			Number.isInteger(dedupWindow) &&
			(dedupWindow as number) >= 1 &&
			(dedupWindow as number) <= MAX_DEDUP_WINDOW
		)
	) {
		throw settingError(
			`Deduplication Window must be a whole number from 1 to ${MAX_DEDUP_WINDOW}, not ${quotedValue(dedupWindow)}`,
			'It is how many recent result IDs the trigger remembers; the default is 1000.',
		);
	}
	const cooldownSeconds = this.getNodeParameter('cooldownPerCamera', 0);
	if (
		!(
			Number.isInteger(cooldownSeconds) &&
			(cooldownSeconds as number) >= 0 &&
			(cooldownSeconds as number) <= MAX_COOLDOWN_SECONDS
		)
	) {
		throw settingError(
			`Cooldown per Camera must be a whole number of seconds from 0 to ${MAX_COOLDOWN_SECONDS}, not ${quotedValue(cooldownSeconds)}`,
			'0 turns it off.',
		);
	}
	const chosenDurations = this.getNodeParameter('muteLinks', []) as unknown;
	const durations = Array.isArray(chosenDurations) ? (chosenDurations as unknown[]) : [];
	const unknownDuration = durations.find(
		(duration) => typeof duration !== 'string' || !Object.hasOwn(MUTE_DURATIONS, duration),
	);
	if (unknownDuration !== undefined) {
		throw settingError(
			`Mute Links: ${quotedValue(unknownDuration)} is not a duration it offers`,
			`Choose among ${Object.keys(MUTE_DURATIONS).join(', ')}.`,
		);
	}
	return {
		cooldownSeconds: cooldownSeconds as number,
		muteDurations: [...new Set(durations as MuteDuration[])].sort(
			(a, b) => MUTE_DURATIONS[a] - MUTE_DURATIONS[b],
		),
		announceMutes: this.getNodeParameter('announceMutes', false) === true,
		errorResults: this.getNodeParameter('errorResults', 'emit') as ErrorResultsChoice,
		filter: resultFilterFrom(this.getNodeParameter('filters', {}) as ResultFilterParameters),
		secret: secretValue
			? {
					value: secretValue,
					location,
					name:
						String(security.parameterOrHeaderName ?? '').trim() || DEFAULT_SECRET_NAMES[location],
				}
			: undefined,
		allowlist: ranges,
		verifyWithGaard: security.verifyWithGaard === true,
		dedupWindow: dedupWindow as number | null,
	};
}
