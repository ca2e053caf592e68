// @backspace/cli: the `backspace` command as a library (for tests and embedding).
export { buildProgram, main } from './program.js';
export { runDemo, type DemoResult } from './demo/run-demo.js';
