/**
 * Load on a webhook: autocannon posting the docs' example payload under a fresh id per request
 * (so that none is a duplicate), and the figures of its answers.
 */
import autocannon from 'autocannon';

import { docExamplePayload } from '../fixtures';

let idCounter = 0x5f00000000;
export function freshPayload(): string {
	const payload = docExamplePayload();
	payload.id = (idCounter++).toString(16).padStart(24, '0');
	return JSON.stringify(payload);
}

export interface LoadFigures {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	errors: number;
}

/** One slice of load: how many answers, in how long, and each answer's latency (ms). */
export interface LoadSlice {
	answers: number;
	seconds: number;
	latencies: number[];
	errors: number;
}

export async function load(url: string, connections: number, seconds: number): Promise<LoadSlice> {
	const latencies: number[] = [];
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url,
				method: 'POST',
				connections,
				duration: seconds,
				headers: { 'content-type': 'application/json' },
				requests: [{ setupRequest: (request) => ({ ...request, body: freshPayload() }) }],
			},
			(error, finished) => (error ? reject(error) : resolve(finished)),
		);
		instance.on('response', (_client, _status, _bytes, responseTime) =>
			latencies.push(responseTime),
		);
	});
	return {
		answers: latencies.length,
		seconds: result.duration,
		latencies,
		errors: result.non2xx + result.errors + result.timeouts,
	};
}

export function percentile(sorted: number[], fraction: number): number {
	return sorted.length
		? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]
		: Number.NaN;
}

/** Slices pooled: throughput over their whole time, percentiles over all their answers. */
export function pooled(slices: LoadSlice[]): LoadFigures {
	const latencies = slices.flatMap((slice) => slice.latencies).sort((x, y) => x - y);
	const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
	return {
		requestsPerSecond: latencies.length / seconds,
		p50: percentile(latencies, 0.5),
		p99: percentile(latencies, 0.99),
		errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
	};
}
