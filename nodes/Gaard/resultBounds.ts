/**
 * How large, deep or long a body may be before it is refused unread, and the check of it: done
 * before the schema, in time bounded by these numbers whatever the body, so that a huge or hostile
 * delivery costs little and gets a short answer. What a refusal lists is bounded here too.
 */

/** The bounds: the docs' example has 40 values, 4 levels deep, its longest array 13 entries. */
export const RESULT_BOUNDS = Object.freeze({
	maxIdLength: 128,
	maxDepth: 16,
	/** Values (objects, arrays, strings, numbers...) in the whole body. */
	maxValues: 10_000,
	maxArrayLength: 1_000,
	maxObjectKeys: 1_000,
	maxStringLength: 16_384,
	maxKeyLength: 256,
	/** What a refusal lists: the first issues, each cut short. */
	maxIssues: 10,
	maxIssueChars: 200,
});

export interface GaardResultIssue {
	/** Dotted path of the bad field, `(root)` for the body itself. */
	path: string;
	message: string;
}

/** A refusal's text, cut short. */
export const clip = (text: string) =>
	text.length > RESULT_BOUNDS.maxIssueChars
		? `${text.slice(0, RESULT_BOUNDS.maxIssueChars - 3)}...`
		: text;

/** A field's dotted path, `(root)` for the body itself. */
export const pathText = (path: Array<string | number>) =>
	path.length ? clip(path.map(String).join('.')) : '(root)';

/**
 * The first place where a JSON value breaks `RESULT_BOUNDS`, holds a number that is not finite
 * (`1e999` parses as Infinity), or a `__proto__` key; null when there is none. It stops at the
 * first, and never looks at more than `maxValues` values or into an over-long array.
 */
export function boundsIssue(body: unknown): GaardResultIssue | null {
	const bounds = RESULT_BOUNDS;
	const stack: Array<{ value: unknown; path: Array<string | number> }> = [
		{ value: body, path: [] },
	];
	for (let seen = 0; stack.length; seen++) {
		const { value, path } = stack.pop()!;
		const issue = (message: string) => ({ path: pathText(path), message });
		if (seen >= bounds.maxValues)
			return issue(`The body holds more than ${bounds.maxValues} values`);
		if (typeof value === 'number' && !Number.isFinite(value))
			return issue('Expected a finite number');
		if (typeof value === 'string' && value.length > bounds.maxStringLength) {
			return issue(`Expected at most ${bounds.maxStringLength} characters`);
		}
		if (value === null || typeof value !== 'object') continue;
		if (path.length >= bounds.maxDepth)
			return issue(`Nested deeper than ${bounds.maxDepth} levels`);
		if (Array.isArray(value)) {
			if (value.length > bounds.maxArrayLength)
				return issue(`Expected at most ${bounds.maxArrayLength} entries`);
			for (let index = value.length - 1; index >= 0; index--)
				stack.push({ value: value[index], path: [...path, index] });
			continue;
		}
		let keys = 0;
		// Counted as they come, so that an object of a million keys is not listed whole.
		for (const key in value) {
			if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
			if (++keys > bounds.maxObjectKeys)
				return issue(`Expected at most ${bounds.maxObjectKeys} keys`);
			if (key.length > bounds.maxKeyLength)
				return issue(`A key is longer than ${bounds.maxKeyLength} characters`);
			if (key === '__proto__') return issue('A key named __proto__ is not allowed');
			stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
		}
	}
	return null;
}
