/** Calls that answer with a Gaard result, checked against the one result schema. */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GaardResult } from '../GaardResult';
import { parseGaardResult } from '../GaardResult';
import { GAARD_PATHS } from './contract';
import type { GaardContext, GaardRequest } from './index';
import { gaardApiRequest } from './index';

/** Calls Gaard for a classification result and checks the answer against the result schema. */
export async function requestGaardResult(
	this: GaardContext,
	request: GaardRequest,
): Promise<GaardResult> {
	const answer = await gaardApiRequest.call(this, request);
	const parsed = parseGaardResult(answer);
	if (parsed.ok) return parsed.value;
	throw new NodeApiError(
		this.getNode(),
		{ issues: parsed.reason.issues } as unknown as JsonObject,
		{
			message: `Gaard answered ${request.method} ${request.path} with an invalid result`,
			description: parsed.reason.message,
		},
	);
}

/** `GET /api/result/{id}`: the result as Gaard holds it now, retried like any read. */
export async function fetchGaardResult(
	this: GaardContext,
	resultId: string,
	options: Pick<GaardRequest, 'deadline'> = {},
): Promise<GaardResult> {
	return await requestGaardResult.call(this, {
		method: 'GET',
		path: GAARD_PATHS.result(resultId),
		subject: `result with ID "${resultId}"`,
		retry: 'read',
		...options,
	});
}
