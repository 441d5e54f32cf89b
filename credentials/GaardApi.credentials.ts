import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	AUTHORIZATION_SCHEME,
	GAARD_BASE_URLS,
	GAARD_PATHS,
	TENANT_HEADER,
	TOKEN_HELP,
	TOKEN_INVALID_MESSAGE,
} from '../nodes/Gaard/transport/contract';

export class GaardApi implements ICredentialType {
	name = 'gaardApi';

	displayName = 'Gaard API';

	icon: Icon = { light: 'file:gaard.svg', dark: 'file:gaard.dark.svg' };

	documentationUrl =
		'https://github.com/gaard-ai/n8n-nodes-gaard/blob/main/docs/node.md#the-gaard-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Custom', value: 'custom', description: 'A self-hosted or test Gaard' },
				{ name: 'Production', value: 'production', description: GAARD_BASE_URLS.production },
				{ name: 'Staging', value: 'staging', description: GAARD_BASE_URLS.staging },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://gaard.example.com',
			description: 'The address of your Gaard, without /api',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A Gaard personal access token, for example from `gaard token create --name n8n --expires 720h` (shown once)',
		},
		{
			displayName: 'Tenant',
			name: 'tenant',
			type: 'string',
			default: '',
			placeholder: 'e.g. acme_prod',
			description: "The tenant slug to work in. Leave empty to use the token's default tenant.",
		},
	];

	// A function rather than a header template so that no tenant header is sent when none is set.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = {
			...(requestOptions.headers as Record<string, string> | undefined),
			Authorization: `${AUTHORIZATION_SCHEME} ${String(credentials.accessToken ?? '').trim()}`,
		};
		const tenant = String(credentials.tenant ?? '').trim();
		if (tenant) headers[TENANT_HEADER] = tenant;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			// The same choice as gaardBaseUrl() in the contract, in n8n's expression language.
			baseURL: `={{ ($credentials.environment === 'custom' ? $credentials.baseUrl : $credentials.environment === 'staging' ? '${GAARD_BASE_URLS.staging}' : '${GAARD_BASE_URLS.production}').trim().replace(/\\/+$/, '') }}`,
			url: GAARD_PATHS.me,
			method: 'GET',
			// A redirect could carry the token elsewhere: Gaard's API answers where it is asked.
			disableFollowRedirect: true,
		},
		// n8n's own wording for these would be the bare HTTP status text.
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: `${TOKEN_INVALID_MESSAGE}. ${TOKEN_HELP}` },
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The access token may not use this tenant: check the Tenant field',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `No Gaard API at this address (GET ${GAARD_PATHS.me} answered 404): check Environment and Base URL`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'Gaard is busy: too many requests. Try the test again in a moment.',
				},
			},
			...[301, 302, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `Gaard answered with a redirect (HTTP ${status}): set Base URL to the address where Gaard's API answers itself`,
				},
			})),
			...[500, 502, 503, 504].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `Gaard is busy or unavailable (HTTP ${status}): try the test again later`,
				},
			})),
		],
	};
}
