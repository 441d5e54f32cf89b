import {
	firstHeader,
	networkErrorCode,
	networkFailureWords,
} from '../../nodes/Gaard/transport/http';

describe('firstHeader', () => {
	it('finds a header under its own spelling, else in lower case, as n8n hands headers over', () => {
		expect(firstHeader({ 'retry-after': '3' }, 'Retry-After')).toBe('3');
		expect(firstHeader({ 'Retry-After': '4', 'retry-after': '3' }, 'Retry-After')).toBe('4');
		expect(firstHeader({ 'RETRY-AFTER': '5' }, 'Retry-After')).toBeUndefined();
		expect(firstHeader({}, 'Retry-After')).toBeUndefined();
	});

	it('takes the first of a repeated header', () => {
		expect(firstHeader({ 'x-gaard-token': ['first', 'second'] }, 'X-Gaard-Token')).toBe('first');
	});
});

describe('networkErrorCode', () => {
	const wrapped = (depth: number, code: string) => {
		let error: Record<string, unknown> = { code };
		for (let level = 0; level < depth; level++)
			error = { message: `wrapper ${level}`, cause: error };
		return error;
	};

	it('finds the code on the error or on one of its causes, up to four wrappers deep', () => {
		expect(networkErrorCode({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
		expect(networkErrorCode(wrapped(1, 'ECONNRESET'))).toBe('ECONNRESET');
		expect(networkErrorCode(wrapped(4, 'ETIMEDOUT'))).toBe('ETIMEDOUT');
		expect(networkErrorCode(wrapped(5, 'ETIMEDOUT'))).toBeUndefined();
		expect(networkErrorCode({ code: 'ERR_CANCELED' })).toBe('ERR_CANCELED');
	});

	it('passes over codes that are not network codes to the one beneath', () => {
		for (const code of ['nope', 'XECONNRESET', 'ECONNRESET2', 'econnreset']) {
			expect(networkErrorCode({ code, cause: { code: 'EPIPE' } })).toBe('EPIPE');
		}
		expect(networkErrorCode({ code: 503, cause: { code: 'EPIPE' } })).toBe('EPIPE');
	});

	it('stops at a cause that is not an object, and on a cause that loops', () => {
		expect(networkErrorCode({ cause: 'ECONNRESET' })).toBeUndefined();
		expect(networkErrorCode({ code: 'nope', cause: null })).toBeUndefined();
		expect(networkErrorCode(undefined)).toBeUndefined();
		const looping: Record<string, unknown> = { message: 'loops' };
		looping.cause = looping;
		expect(networkErrorCode(looping)).toBeUndefined();
	});
});

describe('networkFailureWords', () => {
	it.each([
		['ECONNREFUSED', 'the connection was refused'],
		['ECONNRESET', 'the connection was closed before Gaard answered'],
		['EPIPE', 'the connection was closed while sending'],
		['ENOTFOUND', 'the host name does not resolve'],
		['EAI_AGAIN', 'the host name could not be resolved right now'],
		['EHOSTUNREACH', 'the host is unreachable'],
		['ETIMEDOUT', 'the connection timed out'],
		['ECONNABORTED', 'the request timed out'],
		['ERR_CANCELED', 'the execution was cancelled'],
	])('puts %s in words', (code, words) => {
		expect(networkFailureWords(code, 'Gaard')).toBe(words);
	});

	it('names who did not answer', () => {
		expect(networkFailureWords('ECONNRESET', 'the server')).toBe(
			'the connection was closed before the server answered',
		);
	});

	it('has no words for other codes, nor for names every object has', () => {
		for (const code of [undefined, '', 'EWHATEVER', 'toString', 'constructor'])
			expect(networkFailureWords(code, 'Gaard')).toBeUndefined();
	});
});
