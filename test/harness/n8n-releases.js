#!/usr/bin/env node
/**
 * n8n's releases on the npm registry against the versions the suites pin.
 *
 * `npm run n8n:releases` says which 2.x releases are newer than the pinned one and, for each,
 * whether it installs from the registry this machine reaches, and if not why (npm's own words).
 * `npm run test:e2e` and `npm run test:browser` run on the newest 2.x that installs (`newest`, at
 * least the pinned one) and on the pinned 1.x; `GAARD_N8N_VERSION=latest` (any dist-tag), `=newest`
 * or an exact version runs them on that release alone: the scheduled CI job runs them on `latest`.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	SUPPORTED_N8N_VERSIONS,
	cacheRoot,
	cleanEnv,
	majorOf,
	overridesFor,
} = require('./install-n8n.js');

const STABLE = /^\d+\.\d+\.\d+$/;

function npmJson(args) {
	return JSON.parse(
		execFileSync('npm', [...args, '--json'], { encoding: 'utf8', env: cleanEnv() }),
	);
}

/** Compares two stable versions, newest first. */
function newestFirst(a, b) {
	const [x, y] = [a, b].map((version) => version.split('.').map(Number));
	for (let index = 0; index < 3; index++) if (x[index] !== y[index]) return y[index] - x[index];
	return 0;
}

/** Stable releases of n8n's major `major` newer than `floor`, newest first. */
function newerReleases(floor, major = majorOf(floor)) {
	return npmJson(['view', 'n8n', 'versions'])
		.filter(
			(version) =>
				STABLE.test(version) && majorOf(version) === major && newestFirst(version, floor) < 0,
		)
		.sort(newestFirst);
}

/**
 * Why `n8n@version` does not install from this registry (npm's first error lines), or undefined
 * when its whole dependency tree resolves. Resolves only (a lock file, no download): about 40 s.
 */
function installProblem(version) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gaard-n8n-resolve-'));
	try {
		const overrides = overridesFor(version);
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: 'gaard-n8n-resolve',
				private: true,
				...(overrides ? { overrides } : {}),
			}),
		);
		const run = spawnSync(
			'npm',
			[
				'install',
				'--package-lock-only',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				`n8n@${version}`,
			],
			{
				cwd: dir,
				encoding: 'utf8',
				env: cleanEnv(),
			},
		);
		if (run.status === 0) return undefined;
		// npm's first message, without its code line and the pointer to its log.
		const lines = `${run.stderr}`
			.split('\n')
			.filter((line) => /^npm error (?!code |A complete log)/.test(line));
		return lines[0]?.replace(/^npm error\s*(notarget\s*)?/, '') || `npm exited with ${run.status}`;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The newest 2.x release that installs (at least the pinned one), and the newer ones that do not, with why. */
function newestInstallable(pinned = SUPPORTED_N8N_VERSIONS[0]) {
	const skipped = [];
	for (const version of newerReleases(pinned)) {
		const problem = installProblem(version);
		if (!problem) return { version, skipped };
		skipped.push({ version, problem });
	}
	return { version: pinned, skipped };
}

/** How long the answer of newestInstallable is reused: the suites of one run ask it several times. */
const NEWEST_REUSED_FOR_MS = 6 * 60 * 60 * 1000;

/**
 * newestInstallable, kept in the n8n cache for a few hours. When the registry cannot be asked,
 * the pinned release, saying so: a run without the registry still tests what it has.
 */
function newestInstallableKept(pinned = SUPPORTED_N8N_VERSIONS[0], now = Date.now()) {
	const file = path.join(cacheRoot(), 'newest-2.x.json');
	try {
		const kept = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (
			kept.pinned === pinned &&
			now - kept.checkedAt >= 0 &&
			now - kept.checkedAt < NEWEST_REUSED_FOR_MS
		)
			return kept.answer;
	} catch {
		// Not kept yet, or unreadable: ask the registry.
	}
	let answer;
	try {
		answer = newestInstallable(pinned);
	} catch (error) {
		return {
			version: pinned,
			skipped: [],
			unknown: `the registry could not be asked (${String(error.message).split('\n')[0]})`,
		};
	}
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify({ pinned, checkedAt: now, answer }));
	return answer;
}

/** An exact version for `spec`: itself, a dist-tag's version (`latest`), or `newest` (above). */
function resolveVersion(spec, report = () => {}) {
	if (STABLE.test(spec)) return spec;
	if (spec === 'newest') {
		const { version, skipped, unknown } = newestInstallableKept();
		for (const { version: newer, problem } of skipped)
			report(`n8n ${newer} does not install from this registry: ${problem}`);
		if (unknown) report(`the newest 2.x is unknown, ${unknown}: n8n ${version} it is`);
		return version;
	}
	const tags = npmJson(['view', 'n8n', 'dist-tags']);
	if (!tags[spec])
		throw new Error(
			`n8n has no release or dist-tag "${spec}" (dist-tags: ${Object.keys(tags).join(', ')})`,
		);
	return tags[spec];
}

module.exports = {
	newerReleases,
	installProblem,
	newestInstallable,
	newestInstallableKept,
	resolveVersion,
};

if (require.main === module) {
	const pinned = SUPPORTED_N8N_VERSIONS[0];
	const newer = newerReleases(pinned);
	const tags = npmJson(['view', 'n8n', 'dist-tags']);
	process.stdout.write(
		`n8n's dist-tags: ${Object.entries(tags)
			.map(([tag, version]) => `${tag} ${version}`)
			.join(', ')}\n`,
	);
	process.stdout.write(`the suites pin ${SUPPORTED_N8N_VERSIONS.join(' and ')}\n`);
	if (!newer.length) process.stdout.write(`no 2.x release is newer than ${pinned}\n`);
	for (const version of newer) {
		const problem = installProblem(version);
		process.stdout.write(
			`n8n ${version}: ${problem ? `does not install from this registry: ${problem}` : 'installs: pin it in test/harness/install-n8n.js (SUPPORTED_N8N_VERSIONS)'}\n`,
		);
	}
}
