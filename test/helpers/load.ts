/** Load from the tests: many requests, a bounded number at a time, each timed. */

/** Runs `work` for each of `count` indexes, `concurrency` at a time; results in index order. */
export async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
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

/** POSTs `body` and reads the whole answer: its status, text and the time it took. */
export async function timedPost(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string; ms: number }> {
	const started = performance.now();
	const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
	const text = await response.text();
	return { status: response.status, text, ms: performance.now() - started };
}
