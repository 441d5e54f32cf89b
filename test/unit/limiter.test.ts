import { Limiter } from '../../nodes/Gaard/actions/batch';

/** A piece of work that runs until `finish` is called, recording how many ran at once. */
function gate(counter: { now: number; most: number }) {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	const work = async () => {
		counter.now++;
		counter.most = Math.max(counter.most, counter.now);
		await done;
		counter.now--;
	};
	return { work, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
	it('runs at most its size at once, and the rest in the order they asked', async () => {
		const counter = { now: 0, most: 0 };
		const limiter = new Limiter(2);
		const gates = Array.from({ length: 5 }, () => gate(counter));
		const started: number[] = [];
		const runs = gates.map((g, index) =>
			limiter.run(async () => {
				started.push(index);
				await g.work();
			}),
		);
		await tick();
		expect(started).toEqual([0, 1]);
		gates[1].finish();
		await tick();
		// A newcomer does not take the freed slot ahead of those already waiting.
		const late = limiter.run(async () => started.push(99));
		await tick();
		expect(started).toEqual([0, 1, 2]);
		for (const g of gates) g.finish();
		await Promise.all([...runs, late]);
		expect(started).toEqual([0, 1, 2, 3, 4, 99]);
		expect(counter.most).toBe(2);
	});

	it('frees the slot of work that fails', async () => {
		const limiter = new Limiter(1);
		await expect(
			limiter.run(async () => Promise.reject(new Error('upload refused'))),
		).rejects.toThrow('upload refused');
		await expect(limiter.run(async () => 'next')).resolves.toBe('next');
	});
});
