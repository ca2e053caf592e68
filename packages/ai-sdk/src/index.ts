export { backspaceTools, type BackspaceToolsOptions } from './tools.js';
export type { BackspaceToolOutput, ToolStatus } from './results.js';
