/**
 * The Gaard API credential's test as n8n runs it when the user saves the credential: its request
 * (the base URL an n8n expression computes, evaluated here by n8n's own expression engine) and its
 * rules, whose messages docs/troubleshooting.md lists in its n8n 2.x column. The end-to-end suite
 * brings each row about in a real n8n; this checks the credential's side of it on its own.
 */
import type { ICredentialDataDecryptedObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { GAARD_PATHS, gaardBaseUrl } from '../../nodes/Gaard/transport/contract';
import { codeSpans, troubleshootingRows } from '../helpers/troubleshooting';

const credential = new GaardApi();
const { request, rules = [] } = credential.test;

/** The credential test's base URL for these credentials, as n8n evaluates its expression. */
async function testedBaseUrl(credentials: ICredentialDataDecryptedObject): Promise<unknown> {
	const node: INode = {
		id: 'test',
		name: 'Test',
		type: 'test.credential',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const noParameters = () => ({ description: { properties: [] } });
	const nodeTypes = {
		getByName: noParameters,
		getByNameAndVersion: noParameters,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	// n8n 2.x evaluates expressions in an isolate it acquires first; older engines have none to acquire.
	const expression = workflow.expression as unknown as {
		acquireIsolate?: () => Promise<void>;
		releaseIsolate?: () => Promise<void>;
	};
	await expression.acquireIsolate?.();
	try {
		return workflow.expression.getSimpleParameterValue(
			node,
			request.baseURL as string,
			'internal',
			{ $credentials: credentials } as never,
		);
	} finally {
		await expression.releaseIsolate?.();
	}
}

describe("the Gaard API credential's test", () => {
	it.each<ICredentialDataDecryptedObject>([
		{ environment: 'production' },
		{ environment: 'staging' },
		{ environment: 'custom', baseUrl: 'http://127.0.0.1:8080' },
		{ environment: 'custom', baseUrl: '  https://gaard.example.com///  ' },
		{ environment: 'custom', baseUrl: 'https://gaard.example.com/gaard/' },
	])('asks the Gaard the nodes call: %j', async (credentials) => {
		expect(await testedBaseUrl(credentials)).toBe(gaardBaseUrl(credentials));
	});

	it('asks who the token is, and follows no redirect', () => {
		expect(request).toMatchObject({
			url: GAARD_PATHS.me,
			method: 'GET',
			disableFollowRedirect: true,
		});
	});

	const table = troubleshootingRows('The credential does not connect');
	const statusOf = (cell: string) => Number(/\b(\d{3})\b/.exec(cell)?.[1]);
	const wordsFor = new Map(
		rules.map((rule) => [
			(rule.properties as { value: number }).value,
			(rule.properties as { message: string }).message,
		]),
	);

	it('words each refusal as the troubleshooting table says n8n 2.x shows it', () => {
		const ours = table.filter(
			([fault, on2x]) => statusOf(fault) && codeSpans(on2x)[0] !== 'Bad Request',
		);
		expect(ours.length).toBeGreaterThanOrEqual(8);
		for (const [fault, on2x] of ours)
			expect({ fault, words: wordsFor.get(statusOf(fault)) }).toEqual({
				fault,
				words: codeSpans(on2x)[0],
			});
	});

	it('words the redirects and the busy answers the table leaves out as it words the ones it lists', () => {
		const like = (listed: number, status: number) =>
			wordsFor.get(listed)!.replace(String(listed), String(status));
		expect([301, 307, 308].map((status) => wordsFor.get(status))).toEqual(
			[301, 307, 308].map((status) => like(302, status)),
		);
		expect(wordsFor.get(504)).toBe(like(503, 504));
		expect([...wordsFor.keys()].sort()).toEqual([
			301, 302, 307, 308, 401, 403, 404, 429, 500, 502, 503, 504,
		]);
	});

	it('leaves other refusals to n8n', () => {
		expect(wordsFor.has(400)).toBe(false);
		expect(rules.every((rule) => rule.type === 'responseCode')).toBe(true);
	});
});
