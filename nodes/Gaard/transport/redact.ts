/**
 * Removing secrets from text that may leave this package (error messages, descriptions, logs,
 * webhook answers). Every form a secret can take in an echo is removed: as stored, trimmed,
 * URL-encoded, and any piece of it of `MIN_PIECE` characters or more (an echo cut short by Gaard
 * or by a truncation). Redact first, truncate after.
 */

/** The shortest piece of a secret that is removed on its own. */
const MIN_PIECE = 8;

const MASK = '***';

function forms(secret: string): string[] {
	const trimmed = secret.trim();
	const all = [secret, trimmed, encodeURIComponent(secret), encodeURIComponent(trimmed)];
	return [...new Set(all.filter((form) => form.length > 0))].sort((a, b) => b.length - a.length);
}

/** A function that removes every form of these secrets from a text. */
export function secretRedactor(secrets: Array<string | undefined>): (text: string) => string {
	const wholes = secrets.filter((secret): secret is string => Boolean(secret)).flatMap(forms);
	const pieces = new Set<string>();
	for (const whole of wholes) {
		for (let start = 0; start + MIN_PIECE <= whole.length; start++)
			pieces.add(whole.slice(start, start + MIN_PIECE));
	}
	return (text: string) => {
		let redacted = text;
		for (const whole of wholes) redacted = redacted.split(whole).join(MASK);
		// Pieces too short to be the whole secret: what is left of an echo cut short.
		for (const piece of pieces) redacted = redacted.split(piece).join(MASK);
		return redacted;
	};
}
