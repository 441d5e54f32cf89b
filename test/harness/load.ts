/** Load from the tests: many requests, a bounded number at a time. */

/** Runs `work` for each of `count` indexes, `concurrency` at a time; results in index order. */
export async function inParallel<T>(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<T>,
): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const index = next++;
				results[index] = await work(index);
			}
		}),
	);
	return results;
}
