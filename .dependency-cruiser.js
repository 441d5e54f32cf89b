/**
 * The package's layering, checked by `npm run check:layers` (part of `npm test`): imports only go
 * down, from a node to its own folder to the transport and the files both nodes share, with no loop.
 *
 *   Gaard.node.ts --------> actions/ --+
 *   GaardTrigger.node.ts -> trigger/ --+--> transport/ --> gaardItem.ts --> alarmRules.ts --> GaardResult.ts --> resultBounds.ts, outcome.ts
 *   credentials/ ---------------------------> transport/contract.ts
 *
 * The shared files (nodes/Gaard/*.ts but the *.node.ts) import only one another, downward.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-import-loop',
			severity: 'error',
			comment:
				'Modules that import each other, however indirectly, cannot be read or changed one at a time.',
			from: {},
			to: { circular: true },
		},
		{
			name: 'shared-files-import-only-shared-files',
			severity: 'error',
			comment:
				'What both nodes share (the result, its meaning, its item, Outcome) is the bottom layer: it imports nothing of either node.',
			from: { path: '^nodes/Gaard/[^/]+\\.ts$', pathNot: '\\.node\\.ts$' },
			to: { path: '^(nodes|credentials)/', pathNot: '^nodes/Gaard/[^/]+\\.ts$' },
		},
		{
			name: 'shared-files-import-downward',
			severity: 'error',
			comment: 'The result and Outcome know nothing of what the package derives from a result.',
			from: { path: '^nodes/Gaard/(GaardResult|resultBounds|outcome)\\.ts$' },
			to: { path: '^nodes/Gaard/(gaardItem|alarmRules)\\.ts$' },
		},
		{
			name: 'transport-imports-only-transport-and-shared-files',
			severity: 'error',
			comment: 'The transport serves both nodes: it may not know either of them.',
			from: { path: '^nodes/Gaard/transport/' },
			to: { path: '^(nodes|credentials)/', pathNot: '^nodes/Gaard/(transport/|[^/]+\\.ts$)' },
		},
		{
			name: 'actions-and-trigger-stay-apart',
			severity: 'error',
			comment: "A node's folder holds what only that node uses; what both use lives below them.",
			from: { path: '^nodes/Gaard/(actions|trigger)/' },
			to: { path: '^nodes/Gaard/(actions|trigger)/', pathNot: '^nodes/Gaard/$1/' },
		},
		{
			name: 'nothing-imports-a-node-file',
			severity: 'error',
			comment: 'A *.node.ts file is the top: n8n loads it, nothing else imports it.',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '\\.node\\.ts$' },
		},
		{
			name: 'credentials-import-only-the-contract',
			severity: 'error',
			comment: 'The credential shares the API contract with the nodes, and nothing else.',
			from: { path: '^credentials/' },
			to: { path: '^nodes/', pathNot: '^nodes/Gaard/transport/contract\\.ts$' },
		},
		{
			name: 'shipped-code-imports-no-test-code',
			severity: 'error',
			comment: 'n8n-core and the tests are for development: never imported by what ships.',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '^(test/|node_modules/n8n-core/)' },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
	},
};
