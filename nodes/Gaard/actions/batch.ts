/**
 * Running an operation over many items at once: their requests to Gaard and their waits overlap,
 * so a batch of clips takes about as long as its slowest, not the sum of their times. Each item
 * makes the same requests as it would alone. What must stay scarce (uploads) is limited per run.
 */

/** How many items are worked on at once (their uploads are limited further, per operation). */
export const ITEMS_IN_FLIGHT = 20;

/** At most `size` pieces of work at once; the others wait their turn, first come first served. */
export class Limiter {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly size: number) {}

	async run<T>(work: () => Promise<T>): Promise<T> {
		// A freed slot is handed to the next in line, never left for a newcomer to take first.
		if (this.running < this.size) this.running++;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await work();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}

/** What the items of one run share: the upload limiter, sized by the first item asking. */
export class Batch {
	private uploadLimiter?: Limiter;

	uploads(size: number): Limiter {
		this.uploadLimiter ??= new Limiter(size);
		return this.uploadLimiter;
	}
}
