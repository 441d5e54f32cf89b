/** Large test files, and the memory a process takes while it handles them (from /proc). */
import { createWriteStream, readFileSync } from 'node:fs';

export const MiB = 1024 * 1024;

/** Writes a file of `mib` MiB without holding it in memory. */
export async function writeBigFile(file: string, mib: number): Promise<void> {
	const chunk = Buffer.alloc(MiB, 0x5a);
	const stream = createWriteStream(file);
	for (let i = 0; i < mib; i++) if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
	await new Promise<void>((resolve) => stream.end(() => resolve()));
}

/** A process's resident memory now, in bytes. */
export function rssOf(pid: number): number {
	return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** Peak RSS growth of a process over `work`, sampled every 50 ms from /proc, in MiB. */
export async function peakRssGrowth(pid: number, work: () => Promise<unknown>): Promise<{ growthMiB: number }> {
	const before = rssOf(pid);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
	try {
		await work();
	} finally {
		clearInterval(sampler);
	}
	return { growthMiB: (Math.max(peak, rssOf(pid)) - before) / MiB };
}
