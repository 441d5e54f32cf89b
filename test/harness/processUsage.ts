/** Large test files, and the memory and CPU a process takes while it handles them (from /proc). */
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

export const MiB = 1024 * 1024;

/** Writes a file of `mib` MiB without holding it in memory. */
export async function writeBigFile(file: string, mib: number): Promise<void> {
	const chunk = Buffer.alloc(MiB, 0x5a);
	const stream = createWriteStream(file);
	for (let i = 0; i < mib; i++)
		if (!stream.write(chunk))
			await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
	await new Promise<void>((resolve) => stream.end(() => resolve()));
}

/** A process's resident memory now, in bytes. */
export function rssOf(pid: number): number {
	return (
		Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
	);
}

/** Peak RSS growth of a process over `work`, sampled every 50 ms from /proc, in MiB. */
export async function peakRssGrowth(
	pid: number,
	work: () => Promise<unknown>,
): Promise<{ growthMiB: number }> {
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

/** Clock ticks a second, the unit of /proc's CPU times. */
const TICKS_PER_SECOND =
	Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * The CPU time a process has used so far (user and system, all its threads), in milliseconds, to
 * the clock tick (10 ms on Linux).
 */
export function cpuMsOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 14th and 15th.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
