export { backspaceTools, type BackspaceToolsOptions } from './tools.js';
export { backspaceApprovals, type BackspaceApprovalsOptions } from './approvals.js';
