'use strict';
/**
 * Headings of Markdown files as GitHub anchors them, for the checks of links into the docs
 * (scripts/checkDocs.mjs, test/unit/packagePage.test.ts).
 */
const { readFileSync } = require('node:fs');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/<[^>]+>/g, '')
		.replace(/[`*_]/g, '')
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (code blocks left out). */
function anchorsOf(file) {
	const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
	return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => slug(match[1])));
}

module.exports = { slug, anchorsOf };
