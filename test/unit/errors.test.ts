/** What a user reads for each way a call to Gaard fails: the error's message, description and details. */
import type { INode } from 'n8n-workflow';

import { TOKEN_HELP, TOKEN_INVALID_MESSAGE } from '../../nodes/Gaard/transport/contract';
import type { GaardFailure } from '../../nodes/Gaard/transport/errors';
import { gaardApiError } from '../../nodes/Gaard/transport/errors';

const node: INode = {
	id: 'gaard',
	name: 'Gaard',
	type: 'n8n-nodes-gaard.gaard',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const request = {
	method: 'GET',
	url: 'https://app.gaard.ai/api/result/r1',
	subject: 'result with ID "r1"',
	attempts: 1,
};
const WHERE = 'GET https://app.gaard.ai/api/result/r1';

function read(failure: Partial<GaardFailure>) {
	const error = gaardApiError(node, { ...request, ...failure });
	return { message: error.message, description: error.description };
}

describe('a failed call to Gaard, as the user reads it', () => {
	it.each<[string, Partial<GaardFailure>, string, string]>([
		[
			'a cancelled execution',
			{ cancelled: true, status: 500 },
			'The execution was cancelled while waiting for Gaard',
			`${WHERE} was stopped when the execution was cancelled.`,
		],
		[
			'an answer that is not JSON',
			{ status: 200, invalidBody: true, gaardMessage: 'Sign in' },
			`Gaard answered ${WHERE} with something that is not a JSON result`,
			'Check that the credential\'s base URL points at Gaard, not at a proxy or login page. Gaard said: "Sign in".',
		],
		[
			'a timeout',
			{ networkCode: 'ETIMEDOUT', timeoutMs: 2500, attempts: 3 },
			'Gaard did not answer within 2.5 s (after 3 attempts)',
			`${WHERE} timed out. Gaard may be busy; try again later, or raise the timeout.`,
		],
		[
			'an aborted request',
			{ networkCode: 'ECONNABORTED', timeoutMs: 300 },
			'Gaard did not answer within 0.3 s',
			`${WHERE} timed out. Gaard may be busy; try again later, or raise the timeout.`,
		],
		[
			'a refused connection',
			{ networkCode: 'ECONNREFUSED', attempts: 4 },
			'Could not reach Gaard: the connection was refused (after 4 attempts)',
			`${WHERE} failed. Check the credential's environment or base URL and that this n8n can reach it.`,
		],
		[
			'a network code without words',
			{ networkCode: 'EWHATEVER' },
			'Could not reach Gaard: network error EWHATEVER',
			`${WHERE} failed. Check the credential's environment or base URL and that this n8n can reach it.`,
		],
		[
			'no answer and no code',
			{},
			'The request to Gaard failed before Gaard answered',
			`${WHERE} could not be sent, or its answer not read.`,
		],
		[
			'401',
			{ status: 401, gaardMessage: 'expired' },
			TOKEN_INVALID_MESSAGE,
			`${TOKEN_HELP} Gaard said: "expired".`,
		],
		[
			'403',
			{ status: 403 },
			'The access token may not do this',
			"Check the tenant in the Gaard API credential and the token's rights.",
		],
		[
			'403 in a tenant',
			{ status: 403, tenant: 'acme_staging' },
			'The access token may not do this in tenant "acme_staging"',
			"Check the tenant in the Gaard API credential and the token's rights.",
		],
		[
			'404 to a read',
			{ status: 404 },
			'Gaard has no result with ID "r1"',
			"Check the ID and that the credential's tenant is the one that produced it.",
		],
		[
			'404 to an upload',
			{ status: 404, method: 'POST', subject: 'the video upload', gaardMessage: 'no route' },
			'Gaard answered 404 to the video upload: no Gaard API at this address',
			'POST https://app.gaard.ai/api/result/r1 was not found. Check Environment and Base URL in the Gaard API credential. Gaard said: "no route".',
		],
		[
			'413',
			{ status: 413 },
			'The video is too large for Gaard',
			'Send a shorter or more compressed clip.',
		],
		[
			'429',
			{ status: 429, attempts: 2, retryAfterSeconds: 0 },
			'Gaard is busy: too many requests (after 2 attempts)',
			"Space the requests out, or turn on Retry On Fail in the node's settings. Gaard asked to retry after 0 s.",
		],
		[
			'500',
			{ status: 500 },
			'Gaard is busy or unavailable (HTTP 500)',
			"Try again later, or turn on Retry On Fail in the node's settings.",
		],
		[
			'503 with Retry-After',
			{ status: 503, retryAfterSeconds: 60, gaardMessage: 'maintenance' },
			'Gaard is busy or unavailable (HTTP 503)',
			'Try again later, or turn on Retry On Fail in the node\'s settings. Gaard asked to retry after 60 s. Gaard said: "maintenance".',
		],
		[
			'400 with words',
			{ status: 400, gaardMessage: 'bad flow' },
			'Gaard rejected the request (HTTP 400): bad flow',
			`${WHERE} was refused. Check the node's parameters.`,
		],
		[
			'422 without words',
			{ status: 422 },
			'Gaard rejected the request (HTTP 422)',
			`${WHERE} was refused. Check the node's parameters.`,
		],
		[
			'499',
			{ status: 499 },
			'Gaard rejected the request (HTTP 499)',
			`${WHERE} was refused. Check the node's parameters.`,
		],
		[
			'a redirect',
			{ status: 302, gaardMessage: 'moved' },
			'Unexpected answer from Gaard (HTTP 302)',
			`${WHERE}. Gaard said: "moved".`,
		],
	])('%s', (_, failure, message, description) => {
		expect(read(failure)).toEqual({ message, description });
	});

	it("keeps what went wrong in the error's details, under keys n8n does not replace", () => {
		const error = gaardApiError(node, {
			...request,
			status: 503,
			gaardMessage: 'busy',
			gaardCode: 'overloaded',
			attempts: 4,
		});
		expect(error.httpCode).toBe('503');
		expect(JSON.parse(JSON.stringify(error.errorResponse))).toEqual({
			request: WHERE,
			httpStatus: 503,
			gaardMessage: 'busy',
			gaardErrorCode: 'overloaded',
			networkError: null,
			attempts: 4,
		});
		const unreachable = gaardApiError(node, { ...request, networkCode: 'ECONNREFUSED' });
		expect(unreachable.httpCode).toBeNull();
		expect(unreachable.errorResponse).toMatchObject({
			httpStatus: null,
			gaardMessage: null,
			gaardErrorCode: null,
			networkError: 'ECONNREFUSED',
		});
	});
});
