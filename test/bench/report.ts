/**
 * How the bench is asked to run and how it writes its figures: `--quick`, `--only=<sections>`,
 * a line out, a figure, a ratio and a target's verdict.
 */

/** `--quick`: shorter loads, a smaller upload and shorter polls (a smoke run, not for BENCHMARKS.md unless said). */
export const quick = process.argv.includes('--quick');
/** `--only=upload,batches`: run only these sections (for working on one; never written to BENCHMARKS.md). */
export const only = process.argv
	.find((arg) => arg.startsWith('--only='))
	?.slice('--only='.length)
	.split(',');
export const runs = (section: string) => !only || only.includes(section);
export const out = (line = '') => process.stdout.write(`${line}\n`);

export const f = (value: number, digits = 0) => value.toFixed(digits);
export const ratio = (value: number, base: number) => (base ? value / base : Number.NaN).toFixed(2);
/** A target's verdict, as every target row gives it. */
export const verdict = (met: boolean) => (met ? 'met' : '**missed**');
