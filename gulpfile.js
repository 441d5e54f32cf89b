// Copies what tsc does not: icons (SVG), codex files (*.node.json) and output schemas.
const path = require('node:path');
const { task, src, dest } = require('gulp');

// The output schemas (__schema__) let n8n's editor show an operation's fields before it runs.
const ASSETS = [
	'nodes/**/*.svg',
	'nodes/**/*.node.json',
	'nodes/**/__schema__/**/*.json',
	'credentials/**/*.svg',
];

function buildAssets() {
	return src(ASSETS, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

task('build:assets', buildAssets);
