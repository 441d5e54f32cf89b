import { secretRedactor } from '../../nodes/Gaard/transport/redact';

const token = 'gaard_pat_Zq8+/x7LmN3pQr5sTu9vWx2yAb4cDe';

describe('secret redaction', () => {
	// Made in each test, so that what it does is part of the test.
	const redact = (text: string) => secretRedactor([`${token}\n`])(text);

	it('removes the secret as stored, trimmed and URL-encoded', () => {
		for (const form of [
			`${token}\n`,
			token,
			encodeURIComponent(token),
			encodeURIComponent(`${token}\n`),
		]) {
			expect(redact(`before ${form} after`)).toBe('before *** after');
		}
	});

	it('removes any piece of eight characters or more, as an echo cut short leaves it', () => {
		const cut = `token ${token.slice(0, 19)}`;
		expect(redact(cut)).not.toContain(token.slice(0, 8));
		const middle = redact(`x${token.slice(11, 30)}y`);
		for (let start = 0; start + 8 <= token.length; start++)
			expect(middle).not.toContain(token.slice(start, start + 8));
	});

	it('leaves other text alone', () => {
		expect(redact('Gaard is busy (HTTP 503)')).toBe('Gaard is busy (HTTP 503)');
		expect(secretRedactor([undefined, ''])('nothing to hide')).toBe('nothing to hide');
	});
});

describe('secret redaction: which forms, in which order', () => {
	it('masks the longest form first, so a shorter one inside it leaves nothing behind', () => {
		expect(secretRedactor([' abcdefghij'])('key=%20abcdefghij;')).toBe('key=***;');
	});

	it('masks the trimmed secret whole, as one mask', () => {
		expect(secretRedactor([' abcdefghijkl '])('x=abcdefghijkl;')).toBe('x=***;');
	});

	it("masks the secret's last eight characters, as an echo cut at its start leaves them", () => {
		expect(secretRedactor(['abcdefghijkl'])('x=efghijkl;')).toBe('x=***;');
	});

	it('has nothing to mask for a secret of spaces only, or none', () => {
		expect(secretRedactor(['   ', undefined, ''])('abc def')).toBe('abc def');
	});
});
