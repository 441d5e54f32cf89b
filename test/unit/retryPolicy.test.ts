/**
 * Which failures a request to Gaard is sent again after, by its retry policy: reads after what
 * passes (busy, a gateway, a dropped connection), submissions only when Gaard certainly did not
 * take the job, and the rest never. The transport's tests show each policy at work over HTTP.
 */
import { isRetryable } from '../../nodes/Gaard/transport';

const STATUSES = [400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 501, 502, 503, 504];
const NETWORK_CODES = [
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ECONNABORTED',
	undefined,
];

const retriedStatuses = (policy: 'read' | 'submit' | 'none') =>
	STATUSES.filter((status) => isRetryable(policy, { status }));
const retriedNetworkCodes = (policy: 'read' | 'submit' | 'none') =>
	NETWORK_CODES.filter((networkCode) => isRetryable(policy, { networkCode }));

it('a read is sent again when Gaard is busy or behind a failing gateway, or the connection dropped', () => {
	expect(retriedStatuses('read')).toEqual([429, 502, 503, 504]);
	expect(retriedNetworkCodes('read')).toEqual([
		'ECONNRESET',
		'ECONNREFUSED',
		'EPIPE',
		'ETIMEDOUT',
		'EAI_AGAIN',
	]);
});

it('a submission is sent again only when Gaard certainly did not take the job', () => {
	expect(retriedStatuses('submit')).toEqual([429, 503]);
	expect(retriedNetworkCodes('submit')).toEqual(['ECONNREFUSED']);
});

it('a request with no retry policy is never sent again', () => {
	expect(retriedStatuses('none')).toEqual([]);
	expect(retriedNetworkCodes('none')).toEqual([]);
});
