import { createHash, timingSafeEqual } from 'crypto';

/**
 * Compares a presented secret with the expected one in constant time. Both are hashed first so
 * that the comparison takes the same time whatever their lengths.
 */
export function secretMatches(presented: string | undefined, expected: string): boolean {
	if (presented === undefined) return false;
	// A string is hashed as UTF-8.
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(presented), digest(expected));
}
