// Copies what tsc does not: the node and credential icons (SVG) and the codex files (*.node.json).
const path = require('node:path');
const { task, src, dest } = require('gulp');

const ASSETS = ['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'];

function buildAssets() {
	return src(ASSETS, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

task('build:assets', buildAssets);
