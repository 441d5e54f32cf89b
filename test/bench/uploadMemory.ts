/**
 * `npm run bench:upload [-- <MiB>]`: how much the n8n process grows while the Gaard node uploads
 * a large video (default 1024 MiB) from n8n's filesystem binary store, and from a URL (Classify
 * Video's URL source, downloading as it uploads), against a baseline measured in the same run:
 * the same file read into memory, as a buffered upload would. The simulator and the server of the
 * URL run in child processes so that only the uploading side is measured.
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import '../setup-env';
import { filesystemBinary, gaardCredential, runGaardNode } from '../helpers/n8nCore';
import { MiB, writeBigFile } from '../harness/processUsage';

const sizeMiB = Number(process.argv[2] ?? 1024);

/** Peak RSS growth over `run`, sampled every 20 ms. */
async function peakGrowth(run: () => Promise<unknown>): Promise<number> {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	await run();
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	return (peak - before) / MiB;
}

async function startSimulatorProcess(): Promise<{ url: string; token: string; stop: () => void }> {
	const child = fork(
		path.join(__dirname, '../simulator/cli.ts'),
		['--port', '0', '--processing-ms', '50'],
		{
			execArgv: ['-r', 'ts-node/register'],
			stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
		},
	);
	const line = await new Promise<string>((resolve) => {
		let text = '';
		child.stdout!.on('data', (data: Buffer) => {
			text += data.toString();
			const match = /^\{.*"url".*\}$/m.exec(text);
			if (match) resolve(match[0]);
		});
	});
	const { url, token } = JSON.parse(line) as { url: string; token: string };
	return { url, token, stop: () => child.kill() };
}

/** A child process serving `file` over HTTP on 127.0.0.1, as a recorder's clip export would. */
async function startFileServerProcess(file: string): Promise<{ url: string; stop: () => void }> {
	const script = `
		const http = require('node:http'); const fs = require('node:fs');
		const server = http.createServer((req, res) => {
			res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': fs.statSync(process.argv[1]).size });
			fs.createReadStream(process.argv[1]).pipe(res);
		});
		server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));`;
	const child = fork('-e', [script, file], {
		execPath: process.execPath,
		execArgv: [],
		stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
	});
	const port = await new Promise<number>((resolve) => {
		let text = '';
		child.stdout!.on('data', (data: Buffer) => {
			text += data.toString();
			const match = /\{"port":(\d+)\}/.exec(text);
			if (match) resolve(Number(match[1]));
		});
	});
	return {
		url: `http://127.0.0.1:${port}/exports/site-archive.mp4?signature=bench`,
		stop: () => child.kill(),
	};
}

async function receivedWhole(simulatorUrl: string, index: number): Promise<void> {
	const { uploads } = (await (await fetch(`${simulatorUrl}/_simulator`)).json()) as {
		uploads: Array<{ size: number }>;
	};
	if (uploads[index]?.size !== sizeMiB * MiB)
		throw new Error(`Gaard received ${uploads[index]?.size} bytes, not ${sizeMiB * MiB}`);
}

async function main(): Promise<void> {
	const folder = mkdtempSync(path.join(tmpdir(), 'gaard-bench-'));
	const file = path.join(folder, 'archive.mp4');
	const simulator = await startSimulatorProcess();
	try {
		await writeBigFile(file, sizeMiB);
		const binary = await filesystemBinary(createReadStream(file), 'site-archive.mp4');
		const diskStarted = Date.now();
		const streamed = await peakGrowth(() =>
			runGaardNode({
				parameters: {
					resource: 'classification',
					operation: 'classify',
					binaryPropertyName: 'data',
					waitMode: 'none',
				},
				items: [{ json: {}, binary: { data: binary } }],
				credentials: { gaardApi: gaardCredential(simulator.url, simulator.token) },
			}),
		);
		const diskSeconds = (Date.now() - diskStarted) / 1000;
		await receivedWhole(simulator.url, 0);
		const fileServer = await startFileServerProcess(file);
		const started = Date.now();
		const fromUrl = await peakGrowth(() =>
			runGaardNode({
				parameters: {
					resource: 'classification',
					operation: 'classify',
					videoSource: 'url',
					videoUrl: fileServer.url,
					downloadOptions: { maxSizeMb: sizeMiB + 1 },
					waitMode: 'none',
				},
				items: [{ json: {} }],
				credentials: { gaardApi: gaardCredential(simulator.url, simulator.token) },
			}),
		).finally(() => fileServer.stop());
		const urlSeconds = (Date.now() - started) / 1000;
		await receivedWhole(simulator.url, 1);
		const buffered = await peakGrowth(async () => {
			const bytes = await readFile(file);
			await pipeline(createReadStream(file), createWriteStream('/dev/null'));
			return bytes.length;
		});
		const line = (label: string, value: number) =>
			`${label.padEnd(44)} ${value.toFixed(0).padStart(6)} MiB`;
		process.stdout.write(
			[
				`Upload of a ${sizeMiB} MiB video by the Gaard node (n8n filesystem binary mode), received whole by the simulator`,
				line('RSS growth, streamed upload from disk:', streamed),
				line('RSS growth, streamed from a URL:', fromUrl),
				line('RSS growth, baseline (file read into memory):', buffered),
				`ratio streamed from disk / baseline: ${(streamed / buffered).toFixed(3)}`,
				`ratio streamed from a URL / baseline: ${(fromUrl / buffered).toFixed(3)}`,
				`disk source: ${(sizeMiB / diskSeconds).toFixed(0)} MiB/s; URL source: ${(sizeMiB / urlSeconds).toFixed(0)} MiB/s, download and upload together`,
				'',
			].join('\n'),
		);
	} finally {
		simulator.stop();
		rmSync(folder, { recursive: true, force: true });
	}
}

void main().then(() => process.exit(0));
