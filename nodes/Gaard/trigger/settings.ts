/** The trigger's parameters, read and checked once per activation and per delivery. */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_DEDUP_WINDOW } from './dedup';
import type { ResultFilter, ResultFilterParameters } from './filters';
import { resultFilterFrom } from './filters';
import type { IpRange } from './ipAllowlist';
import { parseAllowlist } from './ipAllowlist';
import { splitList } from './lists';

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
}

/** Reads and checks the trigger's parameters; a setting that cannot work is an error naming it. */
export function readTriggerSettings(this: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const security = this.getNodeParameter('security', {}) as IDataObject;
	const { ranges, invalid } = parseAllowlist(splitList(security.allowedIps));
	if (invalid.length) {
		throw new NodeOperationError(
			this.getNode(),
			`Allowed IPs: ${invalid.map((entry) => `"${entry}"`).join(', ')} is not an IP address or CIDR range`,
			{ description: 'Use addresses such as 203.0.113.10 or ranges such as 10.0.0.0/8, comma-separated.' },
		);
	}
	const secretValue = String(security.secret ?? '');
	const location = security.secretLocation === 'header' ? 'header' : 'query';
	const deduplicate = this.getNodeParameter('deduplicate', true) as boolean;
	return {
		errorResults: this.getNodeParameter('errorResults', 'emit') as ErrorResultsChoice,
		filter: resultFilterFrom(this.getNodeParameter('filters', {}) as ResultFilterParameters),
		secret: secretValue
			? {
					value: secretValue,
					location,
					name: String(security.secretName ?? '').trim() || DEFAULT_SECRET_NAMES[location],
				}
			: undefined,
		allowlist: ranges,
		verifyWithGaard: security.verifyWithGaard === true,
		dedupWindow: deduplicate
			? (this.getNodeParameter('dedupWindow', DEFAULT_DEDUP_WINDOW) as number)
			: null,
	};
}
