import {
	isIpAllowed,
	parseAllowlist,
	parseIp,
	parseIpRange,
} from '../../nodes/Gaard/trigger/ipAllowlist';

const allowlist = (...entries: string[]) => {
	const { ranges, invalid } = parseAllowlist(entries);
	expect(invalid).toEqual([]);
	return ranges;
};

describe('IP allowlist', () => {
	it('parses IPv4, IPv6 and IPv4-mapped IPv6 addresses', () => {
		expect(parseIp('203.0.113.7')).toEqual([203, 0, 113, 7]);
		expect(parseIp('::ffff:127.0.0.1')).toEqual([127, 0, 0, 1]);
		expect(parseIp('::1')).toEqual([...Array(15).fill(0), 1]);
		expect(parseIp('2001:db8::8a2e:370:7334')).toEqual([
			0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34,
		]);
		expect(parseIp('fe80::1%eth0')).toHaveLength(16);
		for (const bad of [
			'',
			'256.1.1.1',
			'1.2.3',
			'1.2.3.4.5',
			'a.b.c.d',
			'1::2::3',
			'12345::',
			'gggg::',
			'1:2:3:4:5:6:7:8:9',
		]) {
			expect(parseIp(bad)).toBeNull();
		}
	});

	it('matches single addresses and CIDR ranges of either family', () => {
		const ranges = allowlist('10.0.0.0/8', '192.168.1.17', '2001:db8::/32', '172.16.0.0/12');
		expect(isIpAllowed('10.200.3.4', ranges)).toBe(true);
		expect(isIpAllowed('::ffff:10.1.2.3', ranges)).toBe(true);
		expect(isIpAllowed('192.168.1.17', ranges)).toBe(true);
		expect(isIpAllowed('192.168.1.18', ranges)).toBe(false);
		expect(isIpAllowed('172.31.255.255', ranges)).toBe(true);
		expect(isIpAllowed('172.32.0.0', ranges)).toBe(false);
		expect(isIpAllowed('2001:db8:ffff::1', ranges)).toBe(true);
		expect(isIpAllowed('2001:db9::1', ranges)).toBe(false);
		expect(isIpAllowed(undefined, ranges)).toBe(false);
	});

	it('handles the edges: /0, /32, odd prefixes and mapped ranges', () => {
		expect(isIpAllowed('8.8.8.8', allowlist('0.0.0.0/0'))).toBe(true);
		expect(isIpAllowed('8.8.8.9', allowlist('8.8.8.8/32'))).toBe(false);
		expect(isIpAllowed('100.64.0.1', allowlist('100.64.0.0/10'))).toBe(true);
		expect(isIpAllowed('100.128.0.1', allowlist('100.64.0.0/10'))).toBe(false);
		expect(isIpAllowed('10.9.8.7', allowlist('::ffff:10.0.0.0/104'))).toBe(true);
	});

	it('reports invalid entries', () => {
		expect(parseAllowlist(['10.0.0.0/8', '10.0.0.0/33', 'x', '1.2.3.4/8/1']).invalid).toEqual([
			'10.0.0.0/33',
			'x',
			'1.2.3.4/8/1',
		]);
		expect(parseIpRange('::/129')).toBeNull();
	});
});

describe('IP allowlist entries that other parsers read differently are refused', () => {
	it.each([
		['010.0.0.1', 'a leading zero (octal to some parsers)'],
		['10.0.0.01', 'a leading zero in the last byte'],
		['10.0.0.0/08', 'a leading zero in the prefix'],
		['[::1', 'an unbalanced bracket'],
		['::1]', 'an unbalanced bracket'],
		['[[::1]]', 'nested brackets'],
		['fe80::1%eth0 10.0.0.1', 'anything after a zone id'],
		['fe80::1%', 'an empty zone id'],
		['fe80::1%eth0]', 'a bracket after a zone id'],
	])('%s (%s)', (entry) => {
		expect(parseAllowlist([entry]).invalid).toEqual([entry]);
	});

	it('still reads what is unambiguous: 0 bytes, balanced brackets, a zone id', () => {
		expect(parseIp('0.0.0.0')).toEqual([0, 0, 0, 0]);
		expect(parseIp('[::1]')).toEqual([...Array(15).fill(0), 1]);
		expect(parseIp('fe80::1%eth0')).toHaveLength(16);
		expect(isIpAllowed('10.1.2.3', allowlist('10.0.0.0/8'))).toBe(true);
	});
});

describe('IP allowlist: what each check of an address decides', () => {
	it('reads a full IPv6 address without `::`, and `::` only where it stands for at least one hextet', () => {
		expect(parseIp('2001:db8:0:0:8a2e:370:7334:1')).toEqual([
			0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34, 0, 1,
		]);
		expect(parseIp('1:2:3::5:6:7:8')).toEqual([0, 1, 0, 2, 0, 3, 0, 0, 0, 5, 0, 6, 0, 7, 0, 8]);
		expect(parseIp('1:2:3:4::5:6:7:8')).toBeNull();
	});

	it('refuses brackets around only part of an address, and an IPv4 tail that is not one', () => {
		expect(parseIp('x[::1]')).toBeNull();
		expect(parseIp('[::1]x')).toBeNull();
		expect(parseIp('[1.2.3.4]')).toBeNull();
		expect(parseIp('::ffff:1.2.3')).toBeNull();
	});

	it('turns only ::ffff:a.b.c.d into IPv4: any other 16 bytes stay IPv6', () => {
		expect(parseIp('::ffff:7f00:1')).toEqual([127, 0, 0, 1]);
		expect(parseIp('1::ffff:7f00:1')).toHaveLength(16);
		expect(parseIp('::ff:7f00:1')).toHaveLength(16);
		expect(parseIp('::ff00:7f00:1')).toHaveLength(16);
	});

	it('reads an address with spaces around it, up to 100 characters', () => {
		expect(parseIp(' 203.0.113.7 ')).toEqual([203, 0, 113, 7]);
		const longest = `fe80:0000:0000:0000:0000:0000:0000:0001%${'a'.repeat(60)}`;
		expect(longest).toHaveLength(100);
		expect(parseIp(longest)).toHaveLength(16);
		expect(parseIp(`[${longest}]`)).toBeNull();
	});

	it('reads a range with spaces around it, and keeps it as written without them', () => {
		expect(parseIpRange(' 10.0.0.0/8 ')).toEqual({
			source: '10.0.0.0/8',
			bytes: [10, 0, 0, 0],
			prefix: 8,
		});
	});

	it('refuses an IPv4-mapped range whose prefix does not reach the IPv4 part', () => {
		expect(parseIpRange('::ffff:10.0.0.0/96')).toEqual({
			source: '::ffff:10.0.0.0/96',
			bytes: [10, 0, 0, 0],
			prefix: 0,
		});
		expect(parseIpRange('::ffff:10.0.0.0/90')).toBeNull();
	});

	it('never matches an IPv4 sender against an IPv6 range, nor the reverse, even /0', () => {
		expect(isIpAllowed('10.0.0.1', allowlist('::/0'))).toBe(false);
		expect(isIpAllowed('2001:db8::1', allowlist('0.0.0.0/0'))).toBe(false);
	});
});
