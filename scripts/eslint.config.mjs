// The tools npm runs are Node programs that never ship, like test/: the same configuration.
export { default } from '../test/eslint.config.mjs';
