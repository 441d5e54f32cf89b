/**
 * The one way this package says "this, or why not": what was asked for, or the reason it could
 * not be had. Used by result parsing, the trigger's checks and its filters; it imports nothing, so
 * every layer may use it.
 */
export type Outcome<T, Reason> = { ok: true; value: T } | { ok: false; reason: Reason };
