/**
 * IP allowlists of single addresses and CIDR ranges, IPv4 and IPv6.
 * Written here because the verification rules allow no `net` import in shipped code.
 */

export interface IpRange {
	/** As the user wrote it, for messages. */
	source: string;
	bytes: number[];
	prefix: number;
}

function parseIpv4(text: string): number[] | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	// No leading zeros: `010` is octal to some parsers and decimal to others.
	const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : Number.NaN));
	// NaN (not digits) fails the comparison too.
	return bytes.every((byte) => byte <= 255) ? bytes : null;
}

/** A zone id (`%eth0`) names a local interface: letters, digits, `_.-` and nothing after. */
const ZONE_ID = /^%[0-9A-Za-z_.-]{1,64}$/;

function parseIpv6(text: string): number[] | null {
	let address = text;
	// Any other bracket ends up in a hextet, a zone id or an IPv4 tail, which all refuse it.
	const bracketed = /^\[([^[\]]*)\]$/.exec(address);
	if (bracketed) address = bracketed[1];
	const zoneAt = address.indexOf('%');
	if (zoneAt !== -1) {
		if (!ZONE_ID.test(address.slice(zoneAt))) return null;
		address = address.slice(0, zoneAt);
	}
	let tail: number[] = [];
	// An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
	const lastColon = address.lastIndexOf(':');
	if (address.includes('.')) {
		const v4 = parseIpv4(address.slice(lastColon + 1));
		if (!v4) return null;
		tail = v4;
		address = `${address.slice(0, lastColon + 1)}0:0`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return null;
	const toHextets = (part: string) => (part === '' ? [] : part.split(':'));
	const head = toHextets(halves[0]);
	const rest = halves.length === 2 ? toHextets(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	// Without `::` all eight are written; `::` stands for at least one.
	if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
	const hextets = [...head, ...Array<string>(missing).fill('0'), ...rest];
	const bytes: number[] = [];
	for (const hextet of hextets) {
		if (!/^[0-9a-f]{1,4}$/i.test(hextet)) return null;
		const value = parseInt(hextet, 16);
		bytes.push(value >> 8, value & 0xff);
	}
	if (tail.length) bytes.splice(12, 4, ...tail);
	return bytes;
}

/** A longer text is refused before it is parsed: no address a request comes from is as long. */
const MAX_ADDRESS_LENGTH = 100;

/** Parses an address to bytes; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes plain IPv4. */
export function parseIp(text: string): number[] | null {
	const trimmed = text.trim();
	if (!trimmed || trimmed.length > MAX_ADDRESS_LENGTH) return null;
	// Without a colon it is no IPv6 address, bracketed or not: IPv4 refuses what is left.
	const bytes = trimmed.includes(':') ? parseIpv6(trimmed) : parseIpv4(trimmed);
	if (
		bytes?.length === 16 &&
		bytes.slice(0, 10).every((b) => b === 0) &&
		bytes[10] === 0xff &&
		bytes[11] === 0xff
	) {
		return bytes.slice(12);
	}
	return bytes;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a single address. Null when invalid. */
export function parseIpRange(text: string): IpRange | null {
	const [address, prefixText, ...extra] = text.trim().split('/');
	if (extra.length) return null;
	const bytes = parseIp(address);
	if (!bytes) return null;
	const bits = bytes.length * 8;
	let prefix = bits;
	if (prefixText !== undefined) {
		if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return null;
		prefix = Number(prefixText);
		// An IPv4-mapped range (::ffff:10.0.0.0/104) was turned into IPv4 above.
		if (bytes.length === 4 && address.includes(':')) prefix -= 96;
		if (prefix < 0 || prefix > bits) return null;
	}
	return { source: text.trim(), bytes, prefix };
}

function ipInRange(ip: number[], range: IpRange): boolean {
	if (ip.length !== range.bytes.length) return false;
	const wholeBytes = Math.floor(range.prefix / 8);
	for (let index = 0; index < wholeBytes; index++)
		if (ip[index] !== range.bytes[index]) return false;
	// The prefix's bits in the next byte; none (a mask of 0) when the prefix ends on a byte.
	const mask = (0xff << (8 - (range.prefix % 8))) & 0xff;
	return (ip[wholeBytes] & mask) === (range.bytes[wholeBytes] & mask);
}

/** Parses a list of ranges; returns the entries that are not valid, for an error message. */
export function parseAllowlist(entries: string[]): { ranges: IpRange[]; invalid: string[] } {
	const ranges: IpRange[] = [];
	const invalid: string[] = [];
	for (const entry of entries) {
		const range = parseIpRange(entry);
		if (range) ranges.push(range);
		else invalid.push(entry);
	}
	return { ranges, invalid };
}

export function isIpAllowed(address: string | undefined, ranges: IpRange[]): boolean {
	const ip = address ? parseIp(address) : null;
	return ip !== null && ranges.some((range) => ipInRange(ip, range));
}
