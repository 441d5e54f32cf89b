// ESLint configuration for test/ (and scripts/), which never ship: the simulator, the n8n harnesses and the
// benchmarks run on Node (servers, child processes, timers, `process`), so n8n's Cloud rules for
// node code (the root eslint.config.mjs, n8n's default) do not apply here.
// ESLint 9 uses this file for test/ only when it looks the configuration up from each linted file
// (ESLINT_FLAGS=unstable_config_lookup_from_file, which `npm run lint` sets; ESLint 10's default).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		files: ['**/*.{ts,js,mjs}'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			// The tests read JSON answers from n8n, Gaard's simulator and the trigger, whose shape the
			// assertions themselves check.
			'@typescript-eslint/no-explicit-any': 'off',
			// `const { a: _a, ...rest } = x` drops a field; `_`-names are deliberately unused.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		// CommonJS helpers run by package.json scripts and the bench's minimal node.
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
