/**
 * Servers the tests start as child processes (n8n, PostgreSQL, Redis): killed if this process
 * exits without stopping them, and stopped by a signal with a wait until they have exited.
 */
import type { ChildProcess } from 'node:child_process';

/** `group`: the child was spawned `detached` and leads a process group, signalled whole. */
interface Tracked {
	group: boolean;
}

const live = new Map<ChildProcess, Tracked>();
process.once('exit', () => {
	for (const [child, { group }] of live) signal(child, 'SIGKILL', group);
});

function signal(child: ChildProcess, name: NodeJS.Signals, group: boolean): void {
	try {
		if (group && child.pid) process.kill(-child.pid, name);
		else child.kill(name);
	} catch {
		// already gone
	}
}

/** Kills `child` (and its group) when this process exits, unless it exited first. */
export function killAtExit(child: ChildProcess, group = false): ChildProcess {
	live.set(child, { group });
	child.once('exit', () => live.delete(child));
	return child;
}

/**
 * Sends `name` and resolves once the child has exited; SIGKILL after `forceAfterMs` if it has
 * not (never, when `name` is already SIGKILL).
 */
export async function stopChild(
	child: ChildProcess | undefined,
	name: NodeJS.Signals,
	forceAfterMs = 15_000,
): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const group = live.get(child)?.group ?? false;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	signal(child, name, group);
	const forced =
		name === 'SIGKILL'
			? undefined
			: setTimeout(() => signal(child, 'SIGKILL', group), forceAfterMs);
	await exited;
	clearTimeout(forced);
}
