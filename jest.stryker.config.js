/**
 * The unit and integration tests as StrykerJS runs them: transpiled without type checks (a mutant
 * need not type-check to be a behaviour change), everything else as in jest.config.js.
 */
const base = require('./jest.config.js');

module.exports = {
	...base,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true, diagnostics: false }],
	},
};
