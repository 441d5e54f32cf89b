/**
 * Section 3, upload: a large clip sent to Gaard (the simulator, counting bytes without hashing
 * them, so that the receiver does not set the pace), by Classify Video and by its floors, in the
 * same run, the same file, the same receiver: `curl`; a minimal Node.js sender outside n8n
 * (minimal-sender/); a minimal community node inside n8n with n8n's own request helper
 * (minimal-trigger/nodes/MinimalUpload.node.js); n8n's HTTP Request node. Then the URL source: the
 * clip served by a recorder on loopback, with and without Content-Length, downloaded and streamed
 * on. Each row: throughput, ratios to the floors, n8n's peak RSS growth, CPU seconds of the
 * sender and of the receiver. A target missed gets a CPU profile of n8n during Classify Video's
 * upload, its top frames and where each lives.
 */
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { nodeItems } from '../harness/realN8n';
import type { Stack } from '../harness/stack';
import { MiB, cpuMsOf, peakRssGrowth, writeBigFile } from '../harness/processUsage';
import type { Listening } from '../helpers/loopback';
import { listen, postJson } from '../helpers/loopback';
import { f, out, quick, ratio, verdict } from './report';
import type { BenchWorkflow } from './workflows';
import { ACTIONS } from './workflows';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { paths } = require('../harness/install-n8n.js') as {
	paths: (version?: string) => { nodeBin: string };
};

const run = promisify(execFile);
const SENDER = path.join(__dirname, 'minimal-sender', 'send.mjs');

/** One sender's upload: seconds, MiB/s, CPU seconds of the sender and of the receiver, n8n's RSS growth. */
interface Row {
	label: string;
	seconds: number;
	rate: number;
	senderCpuS: number;
	receiverCpuS: number;
	growthMiB?: number;
}

/** The bench process's CPU (the simulator, and the recorder for the URL source), in seconds. */
const ownCpuS = () => {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1e6;
};

/** Checks that Gaard got the whole clip from the last upload. */
function expectReceived(stack: Stack, label: string, mib: number): void {
	const received = stack.simulator.uploads.at(-1);
	if (received?.size !== mib * MiB)
		throw new Error(`${label}: Gaard received ${received?.size} bytes, not ${mib * MiB}`);
}

/** An upload workflow run on `body`: its node's time, n8n's CPU and peak RSS growth. */
async function throughN8n(
	stack: Stack,
	label: string,
	workflow: BenchWorkflow,
	nodeName: string,
	body: Record<string, string>,
	mib: number,
): Promise<Row> {
	const pid = stack.n8n.pid!;
	const uploads = stack.simulator.uploads.length;
	const cpuBefore = cpuMsOf(pid);
	const receiverBefore = ownCpuS();
	let status = 0;
	const { growthMiB } = await peakRssGrowth(pid, async () => {
		const answer = await postJson(stack.n8n.webhookUrl(workflow.webhooks[0]), {
			...body,
			url: `${stack.simulator.url}/api/classify`,
			token: stack.simulator.token,
		});
		status = answer.status;
	});
	if (status !== 200) throw new Error(`${label}: n8n answered ${status}`);
	if (stack.simulator.uploads.length !== uploads + 1)
		throw new Error(`${label}: Gaard received ${stack.simulator.uploads.length - uploads} uploads`);
	expectReceived(stack, label, mib);
	const execution = (await stack.n8n.executions(workflow.id)).at(-1)!;
	if (!nodeItems(execution, nodeName).length) throw new Error(`${label}: no item from ${nodeName}`);
	const runData = execution.data?.resultData.runData[nodeName]?.[0] as unknown as {
		executionTime: number;
	};
	const seconds = runData.executionTime / 1000;
	return {
		label,
		seconds,
		rate: mib / seconds,
		senderCpuS: (cpuMsOf(pid) - cpuBefore) / 1000,
		receiverCpuS: ownCpuS() - receiverBefore,
		growthMiB,
	};
}

/** A command outside n8n: its wall time, and its CPU from `times` (the shell's children's). */
async function outsideN8n(
	stack: Stack,
	label: string,
	command: string,
	mib: number,
	senderCpuOf?: (stdout: string) => number,
): Promise<Row> {
	const receiverBefore = ownCpuS();
	const started = performance.now();
	const uploads = stack.simulator.uploads.length;
	// A failed command fails the run with its error output.
	const { stdout } = await run('sh', ['-c', `${command} || exit $?\ntimes`], {
		maxBuffer: 1024 * 1024,
	});
	if (stack.simulator.uploads.length !== uploads + 1)
		throw new Error(`${label}: Gaard received ${stack.simulator.uploads.length - uploads} uploads`);
	const seconds = (performance.now() - started) / 1000;
	expectReceived(stack, label, mib);
	// `times`: the shell's own user and system time, then its children's.
	const children = stdout.trim().split('\n').at(-1)!;
	const [user, system] = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(
		([, minutes, secs]) => Number(minutes) * 60 + Number(secs),
	);
	return {
		label,
		seconds,
		rate: mib / seconds,
		senderCpuS: senderCpuOf ? senderCpuOf(stdout) : user + system,
		receiverCpuS: ownCpuS() - receiverBefore,
	};
}

const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
const minimalSenderCpu = (stdout: string) =>
	(JSON.parse(stdout.split('\n').find((line) => line.startsWith('{'))!) as { cpuMs: number })
		.cpuMs / 1000;

/** A recorder on 127.0.0.1 serving `file` at /with-length and /without-length (chunked). */
async function recorder(file: string) {
	const size = statSync(file).size;
	return await listen((request, response) => {
		const headers: Record<string, string | number> = { 'Content-Type': 'video/mp4' };
		if (request.url === '/with-length') headers['Content-Length'] = size;
		response.writeHead(200, headers);
		createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(response);
	});
}

const rowLine = (row: Row, floors: Array<[string, number]>, target = '') =>
	`| ${row.label} | ${f(row.rate)} MiB/s (${f(row.seconds, 1)} s) | ${floors.map(([, rate]) => ratio(row.rate, rate)).join(' | ')} | ${row.growthMiB === undefined ? '' : `${f(row.growthMiB)} MiB`} | ${f(row.senderCpuS, 1)} s | ${f(row.receiverCpuS, 1)} s | ${target} |`;

const tableHead = (floors: Array<[string, number]>) => [
	`| Sender | Throughput | ${floors.map(([name]) => `Ratio to ${name}`).join(' | ')} | n8n peak RSS growth | CPU, sender | CPU, receiver | Target |`,
	`| --- | --- | ${floors.map(() => '---').join(' | ')} | --- | --- | --- | --- |`,
];

/**
 * The top frames of a CPU profile by self time, over the upload only (the node's execution time,
 * back from the last sample whose stack holds the package's code), idle time left out, with their share and where
 * they live: in the package, in n8n (its packages and dependencies) or in Node.js and V8.
 */
function topFrames(profileFile: string, uploadMs: number, count = 10): string[] {
	const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as {
		nodes: Array<{
			id: number;
			callFrame: { functionName: string; url: string; lineNumber: number };
			children?: number[];
		}>;
		samples: number[];
		timeDeltas: number[];
	};
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parentOf.set(child, node.id);
	const inPackage = (id: number): boolean => {
		for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
			if (byId.get(at)!.callFrame.url.includes('n8n-nodes-gaard')) return true;
		return false;
	};
	// The upload: the last `uploadMs` of the profile up to its last sample in the package's code.
	const last = profile.samples.length - 1 - [...profile.samples].reverse().findIndex(inPackage);
	let first = last;
	for (let spanMs = 0; first > 0 && spanMs < uploadMs; first--)
		spanMs += (profile.timeDeltas[first] ?? 0) / 1000;
	const selfMs = new Map<string, number>();
	let totalMs = 0;
	for (let index = Math.max(0, first); index <= last; index++) {
		const { callFrame } = byId.get(profile.samples[index])!;
		if (callFrame.functionName === '(idle)') continue;
		const where = callFrame.url
			? `${callFrame.url.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`
			: '';
		const key = `${callFrame.functionName || '(anonymous)'}\t${where}`;
		const ms = (profile.timeDeltas[index] ?? 0) / 1000;
		totalMs += ms;
		selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
	}
	const whose = (where: string) =>
		where.startsWith('n8n-nodes-gaard/')
			? 'the package'
			: where.startsWith('node:') || where === ''
				? 'Node.js and V8 (native code, garbage collection)'
				: 'n8n and its dependencies';
	const byOwner = new Map<string, number>();
	for (const [key, ms] of selfMs) {
		const owner = whose(key.split('\t')[1]);
		byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
	}
	const share = (ms: number) => `${f((100 * ms) / totalMs, 1)} %`;
	return [
		`All of n8n's CPU while the upload ran (${f(totalMs / 1000, 1)} s, idle left out), by whose code: ` +
			[...byOwner]
				.sort((a, b) => b[1] - a[1])
				.map(([owner, ms]) => `${owner} ${share(ms)}`)
				.join(', ') +
			". What the package could change is its own share, and how much it asks of the rest (how many buffers it makes, how many writes); the rest is n8n's and Node.js's to change.",
		'',
		'| Frame | Where | Self time | Whose |',
		'| --- | --- | --- | --- |',
		...[...selfMs]
			.sort((a, b) => b[1] - a[1])
			.slice(0, count)
			.map(([key, ms]) => {
				const [name, where] = key.split('\t');
				return `| \`${name}\` | ${where ? `\`${where}\`` : ''} | ${share(ms)} | ${whose(where)} |`;
			}),
	];
}

/** Runs Classify Video's file upload once more in an n8n that writes a CPU profile, and returns its top frames. */
async function profileClassifyVideo(stack: Stack, file: string, mib: number): Promise<string[]> {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'gaard-upload-profile-'));
	await stack.restartN8n({ NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${folder}` });
	let uploadMs = 0;
	try {
		// A warm-up run, so that loading the workflow's nodes does not fall in the upload's time.
		const small = path.join(stack.videosFolder, 'warm-up.mp4');
		await writeBigFile(small, 1);
		await throughN8n(
			stack,
			'Classify Video (warm-up)',
			ACTIONS.upload,
			'Classify',
			{ path: small },
			1,
		);
		uploadMs =
			(
				await throughN8n(
					stack,
					'Classify Video (profiled)',
					ACTIONS.upload,
					'Classify',
					{ path: file },
					mib,
				)
			).seconds * 1000;
	} finally {
		// The profile is written when the process exits.
		await stack.restartN8n({ NODE_OPTIONS: undefined });
	}
	const profiles = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'));
	const biggest = profiles
		.map((name) => path.join(folder, name))
		.sort((a, b) => statSync(b).size - statSync(a).size)[0];
	return biggest ? topFrames(biggest, uploadMs) : [];
}

export async function upload(stack: Stack, lines: string[]): Promise<void> {
	const mib = quick ? 256 : 1024;
	const file = path.join(stack.videosFolder, 'archive-1g.mp4');
	await writeBigFile(file, mib);
	const target = `${stack.simulator.url}/api/classify`;
	const auth = `Authorization: Bearer ${stack.simulator.token}`;
	const node24 = paths().nodeBin;
	stack.simulator.hashUploads = false;
	let recording: Listening | undefined;
	try {
		// From a file.
		const curl = await outsideN8n(
			stack,
			'curl -F',
			`curl -s -o /dev/null -H ${quoted(auth)} -F ${quoted(`video=@${file};type=video/mp4`)} ${quoted(target)}`,
			mib,
		);
		const sender = await outsideN8n(
			stack,
			'Minimal Node.js sender',
			`${quoted(node24)} ${quoted(SENDER)} file ${quoted(file)} ${quoted(target)} ${quoted(stack.simulator.token)}`,
			mib,
			minimalSenderCpu,
		);
		const minimalNode = await throughN8n(
			stack,
			'Minimal community node',
			ACTIONS.uploadWithMinimalNode,
			'Upload',
			{ path: file },
			mib,
		);
		const httpRequest = await throughN8n(
			stack,
			"n8n's HTTP Request node",
			ACTIONS.uploadWithHttpRequest,
			'Upload',
			{ path: file },
			mib,
		);
		const classify = await throughN8n(
			stack,
			'Classify Video',
			ACTIONS.upload,
			'Classify',
			{ path: file },
			mib,
		);
		const floors: Array<[string, number]> = [
			['the minimal node', minimalNode.rate],
			['the minimal sender', sender.rate],
			['curl', curl.rate],
		];
		const fileTargets = {
			minimalNode: classify.rate / minimalNode.rate >= 0.95,
			sender: classify.rate / sender.rate >= 0.9,
			memory: (classify.growthMiB ?? Infinity) <= 100,
		};

		// From a URL: the recorder serves the clip with Content-Length, and without (chunked).
		const served = await recorder(file);
		recording = served;
		const urlRows: Row[] = [];
		const urlClassify: Row[] = [];
		const urlFloors: Array<Array<[string, number]>> = [];
		for (const [name, route] of [
			['with Content-Length', '/with-length'],
			['without (chunked)', '/without-length'],
		] as const) {
			const clipUrl = `${served.url}${route}`;
			const pipe = await outsideN8n(
				stack,
				`curl URL \\| curl -F video=@/dev/stdin, ${name}`,
				`curl -s ${quoted(clipUrl)} | curl -s -o /dev/null -H ${quoted(auth)} -F ${quoted('video=@/dev/stdin;filename=clip.mp4;type=video/mp4')} ${quoted(target)}`,
				mib,
			);
			const urlSender = await outsideN8n(
				stack,
				`Minimal Node.js sender, ${name}`,
				`${quoted(node24)} ${quoted(SENDER)} url ${quoted(clipUrl)} ${quoted(target)} ${quoted(stack.simulator.token)}`,
				mib,
				minimalSenderCpu,
			);
			const urlNode = await throughN8n(
				stack,
				`Minimal community node, ${name}`,
				ACTIONS.uploadFromUrlWithMinimalNode,
				'Upload',
				{ clipUrl },
				mib,
			);
			const urlCv = await throughN8n(
				stack,
				`Classify Video, ${name}`,
				ACTIONS.classifyFromUrl,
				'Classify',
				{ clipUrl },
				mib,
			);
			urlRows.push(pipe, urlSender, urlNode, urlCv);
			urlClassify.push(urlCv);
			urlFloors.push([
				['the minimal node', urlNode.rate],
				['the minimal sender', urlSender.rate],
				['curl', pipe.rate],
			]);
		}
		const urlTargets = urlClassify.map((row, index) => ({
			minimalNode: row.rate / urlFloors[index][0][1] >= 0.95,
			sender: row.rate / urlFloors[index][1][1] >= 0.9,
			memory: (row.growthMiB ?? Infinity) <= 100,
		}));
		const allMet = [fileTargets, ...urlTargets].every(
			(targets) => targets.minimalNode && targets.sender && targets.memory,
		);
		const targetWords = (targets: typeof fileTargets) =>
			`>= 0.95 of the minimal node: ${verdict(targets.minimalNode)}; >= 0.90 of the minimal sender: ${verdict(targets.sender)}; <= 100 MiB: ${verdict(targets.memory)}`;
		out(
			`  upload ${mib} MiB: Classify Video ${f(classify.rate)} MiB/s, minimal node ${f(minimalNode.rate)}, minimal sender ${f(sender.rate)}, curl ${f(curl.rate)}, HTTP Request ${f(httpRequest.rate)}; URL: ${urlClassify.map((row) => f(row.rate)).join(' / ')} MiB/s`,
		);

		lines.push(
			'## 3. Upload inside n8n',
			'',
			`Measured by \`npm run bench -- --only=upload\` (or the whole bench) on ${new Date().toISOString().slice(0, 10)}. A ${mib} MiB clip sent to the simulator on 127.0.0.1, which counts`,
			"the bytes without hashing them, so that the receiver does not set the pace. Inside n8n, a node's time is n8n's own",
			"execution time of that node, and the sender's CPU is n8n's process's over the run; outside, the command's wall time",
			"and CPU. The receiver's CPU is the bench process's, which holds the simulator (and, for the URL source, the",
			'recorder). n8n peak RSS growth: sampled every 50 ms over the whole execution.',
			'',
			`**From a file** (n8n's binary store in filesystem mode, read by Read/Write Files from Disk): the floors are the`,
			"minimal community node (n8n's request helper, the multipart body a stream, 256 KiB reads, redirects not",
			'followed), a minimal Node.js 24 sender outside n8n (streamed multipart, 256 KiB reads, nothing else) and `curl -F`.',
			'',
			...tableHead(floors),
			rowLine(classify, floors, targetWords(fileTargets)),
			rowLine(minimalNode, floors),
			rowLine(httpRequest, floors),
			rowLine(sender, floors),
			rowLine(curl, floors),
			'',
			'**From a URL**: a recorder on 127.0.0.1 serves the clip, with Content-Length and without; Classify Video (Video',
			"Source URL) downloads it with n8n's request helper and streams it on, as the minimal node does; outside n8n,",
			'`curl URL | curl -F video=@/dev/stdin` (which streams; `video=@-` reads the whole clip into memory first, and',
			'refuses 1 GiB) and the minimal sender. Ratios are to the floors of the same serving.',
			'',
			...tableHead(urlFloors[0]),
			...urlRows.map((row, index) => {
				const serving = Math.floor(index / 4);
				return rowLine(
					row,
					urlFloors[serving],
					index % 4 === 3 ? targetWords(urlTargets[serving]) : '',
				);
			}),
			'',
		);
		if (!allMet) {
			const frames = await profileClassifyVideo(stack, file, mib);
			lines.push(
				"**Where n8n's CPU went** during Classify Video's upload from the file, in a run of its own with n8n started with",
				'`--cpu-prof`, after a warm-up run: the top frames by self time while the upload ran (idle time left out), and',
				'whose code each is.',
				'',
				...frames,
				'',
			);
		}
	} finally {
		stack.simulator.hashUploads = true;
		await recording?.close();
	}
}
