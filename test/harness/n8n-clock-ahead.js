/**
 * Preloaded into a real n8n (`node --require`, through NODE_OPTIONS: realN8n.ts's `clockAhead`),
 * it moves that process's wall clock $GAARD_N8N_CLOCK_AHEAD_MS milliseconds ahead: `Date.now()`,
 * `new Date()` and `Date()` read the time that much later, everything else of Date is untouched.
 * A test that needs n8n to live past a time (a mute's end) restarts it so, instead of waiting the
 * real minutes out. Timers run on their own clock and are not moved.
 */
'use strict';

const ahead = Number(process.env.GAARD_N8N_CLOCK_AHEAD_MS);
if (!Number.isFinite(ahead)) {
	throw new Error(
		`GAARD_N8N_CLOCK_AHEAD_MS must be a number of milliseconds, not "${process.env.GAARD_N8N_CLOCK_AHEAD_MS}"`,
	);
}

const SystemDate = Date;
// Read once: a module of n8n's that wraps Date.now later must not make this call itself.
const systemNow = Date.now;
const now = () => systemNow() + ahead;

globalThis.Date = new Proxy(SystemDate, {
	// `new Date()` is now; `new Date(value)` is that value, as ever.
	construct: (target, args, newTarget) =>
		Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
	// `Date()` without `new` is the text of now.
	apply: () => new SystemDate(now()).toString(),
	// Date.now, unless a module has since put its own in its place (which then reads this one).
	get: (target, key, receiver) =>
		key === 'now' && target.now === systemNow ? now : Reflect.get(target, key, receiver),
});
