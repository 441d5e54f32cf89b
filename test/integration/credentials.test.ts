import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { GAARD_BASE_URLS, gaardBaseUrl } from '../../nodes/Gaard/transport/contract';
import {
	gaardCredential,
	gaardExecuteContext,
	workflowWith,
	triggerNode,
} from '../helpers/n8nCore';
import type { GaardSimulator } from '../simulator/simulator';
import { startSimulator } from '../simulator/simulator';

const credential = new GaardApi();

/** Resolves the credential test's base URL the way n8n does: an expression over $credentials. */
function testBaseUrl(credentials: Record<string, string>): string {
	const workflow = workflowWith(triggerNode({}));
	return workflow.expression.getParameterValue(
		credential.test.request.baseURL as string,
		null,
		0,
		0,
		'Gaard Trigger',
		[],
		'internal',
		{ $credentials: credentials } as never,
	) as string;
}

describe('Gaard API credentials', () => {
	it('keeps the field names saved credentials depend on', () => {
		expect(credential.name).toBe('gaardApi');
		expect(credential.displayName).toBe('Gaard API');
		expect(credential.properties.map((property) => property.name)).toEqual([
			'environment',
			'baseUrl',
			'accessToken',
			'tenant',
		]);
		const token = credential.properties.find((property) => property.name === 'accessToken');
		expect(token?.typeOptions?.password).toBe(true);
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.displayOptions).toEqual({ show: { environment: ['custom'] } });
	});

	it('authenticates with a bearer token, and adds the tenant header only when a tenant is set', async () => {
		const request: IHttpRequestOptions = {
			url: '/api/me',
			headers: { Accept: 'application/json' },
		};
		const withTenant = await credential.authenticate(
			{ accessToken: ' pat-123 ', tenant: 'acme_prod' },
			request,
		);
		expect(withTenant.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer pat-123',
			'X-Gaard-Tenant': 'acme_prod',
		});
		const withoutTenant = await credential.authenticate(
			{ accessToken: 'pat-123', tenant: '' },
			request,
		);
		expect(withoutTenant.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer pat-123',
		});
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});

	it('trims the tenant, sends none for a blank one, and none for a credential saved before Tenant existed', async () => {
		const headersFor = async (credentials: ICredentialDataDecryptedObject) =>
			(await credential.authenticate(credentials, { url: '/api/me' })).headers;
		expect(await headersFor({ accessToken: 'pat-123', tenant: ' acme_prod ' })).toEqual({
			Authorization: 'Bearer pat-123',
			'X-Gaard-Tenant': 'acme_prod',
		});
		expect(await headersFor({ accessToken: 'pat-123', tenant: '  ' })).toEqual({
			Authorization: 'Bearer pat-123',
		});
		expect(await headersFor({ accessToken: 'pat-123' })).toEqual({
			Authorization: 'Bearer pat-123',
		});
	});

	it('sends no token at all, not the word "undefined", for a credential without one (Gaard then refuses it)', async () => {
		const { headers } = await credential.authenticate({}, { url: '/api/me' });
		expect(headers).toEqual({ Authorization: 'Bearer ' });
	});

	it("tests against GET /api/me at the environment's base URL, as the transport resolves it", () => {
		expect(credential.test.request.url).toBe('/api/me');
		const cases: Array<[Record<string, string>, string]> = [
			[{ environment: 'production', baseUrl: '' }, GAARD_BASE_URLS.production],
			[{ environment: 'staging', baseUrl: '' }, GAARD_BASE_URLS.staging],
			[{ environment: 'custom', baseUrl: 'http://127.0.0.1:4100/' }, 'http://127.0.0.1:4100'],
			[
				{ environment: 'custom', baseUrl: ' https://gaard.example.com// ' },
				'https://gaard.example.com',
			],
		];
		for (const [credentials, expected] of cases) {
			expect(testBaseUrl(credentials)).toBe(expected);
			expect(gaardBaseUrl(credentials)).toBe(expected);
		}
	});

	it('words the failures n8n would otherwise show as a bare HTTP status', () => {
		const rules = credential.test.rules as Array<{
			properties: { value: number; message: string };
		}>;
		expect(rules.map((rule) => rule.properties.value)).toEqual([
			401, 403, 404, 429, 301, 302, 307, 308, 500, 502, 503, 504,
		]);
		expect(rules[0].properties.message).toMatch(
			/^Gaard did not accept the access token: it is invalid or expired\. .*gaard token create/,
		);
		expect(rules[1].properties.message).toMatch(/tenant/);
		expect(rules[2].properties.message).toMatch(/Base URL/);
	});

	describe('against the simulator', () => {
		let sim: GaardSimulator;
		beforeAll(async () => {
			sim = await startSimulator();
		});
		afterAll(async () => {
			await sim.stop();
		});

		async function credentialTest(accessToken: string) {
			const credentials = gaardCredential(sim.url, accessToken);
			const context = gaardExecuteContext({
				parameters: {},
				credentials: { gaardApi: credentials },
			});
			const { request } = credential.test;
			return (await context.helpers.httpRequestWithAuthentication.call(context, 'gaardApi', {
				method: request.method,
				url: request.url as string,
				baseURL: testBaseUrl(credentials as Record<string, string>),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number };
		}

		it('passes with a good token and fails with a bad one', async () => {
			expect((await credentialTest(sim.token)).statusCode).toBe(200);
			expect((await credentialTest('expired-token')).statusCode).toBe(401);
		});
	});
});
