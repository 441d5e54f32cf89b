/**
 * A file of the repository that records what the code gives today, for a test to compare with: a
 * change shows as a failing test, and the file is written again with the environment variable
 * `writeWith` set, its diff reviewed (`WRITE_X=1 npx jest <test file>`).
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** `now` as JSON would give it (no functions, no undefined), and the recorded file, written first when asked. */
export function recordedAndNow(file: string, now: unknown, writeWith: string) {
	const json = `${JSON.stringify(now, null, '\t')}\n`;
	if (process.env[writeWith]) writeFileSync(file, json);
	return {
		now: JSON.parse(json) as unknown,
		recorded: JSON.parse(readFileSync(file, 'utf8')) as unknown,
	};
}
