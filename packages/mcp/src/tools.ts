// The tools an MCP client sees: one per Backspace action (annotations and the undo story in `_meta`),
// and two for the connection's own session: plan its rollback, and roll it back.
import type { ActionListing } from '@backspace/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

export const PLAN_TOOL = 'backspace_plan_rollback';
export const ROLLBACK_TOOL = 'backspace_rollback';

/** `_meta` keys this server sets on tools and reads on calls. */
export const META = {
  action: 'backspace/action',
  reversibility: 'backspace/reversibility',
  inverse: 'backspace/inverse',
  reversibleUntil: 'backspace/reversibleUntil',
  undescribedFields: 'backspace/undescribedFields',
  /** On a tools/call: the caller's idempotency key (the model's tool call id, say). */
  idempotencyKey: 'backspace/idempotencyKey',
} as const;

/** Verbs whose repeat with the same arguments writes again (a second issue); the rest leave it as it was. */
const ADDS_EACH_TIME = /\.(create|post|schedule|append)$/;

export function actionTool(action: ActionListing): Tool {
  return {
    name: action.toolName,
    title: action.name,
    description: action.modelDescription,
    inputSchema: action.inputSchema as Tool['inputSchema'],
    annotations: {
      title: action.name,
      readOnlyHint: !action.writes,
      // Backspace can undo everything but the irreversible: only those destroy for good.
      destructiveHint: action.reversibility === 'irreversible',
      idempotentHint: !ADDS_EACH_TIME.test(action.name),
      openWorldHint: true,
    },
    _meta: {
      [META.action]: action.name,
      [META.reversibility]: action.reversibility,
      [META.inverse]: action.inverse,
      ...(action.reversibleUntil ? { [META.reversibleUntil]: action.reversibleUntil } : {}),
      ...(action.undescribedFields.length > 0 ? { [META.undescribedFields]: action.undescribedFields } : {}),
    },
  };
}

const NO_INPUT = { type: 'object' as const, properties: {}, additionalProperties: false };

export const SESSION_TOOLS: Tool[] = [
  {
    name: PLAN_TOOL,
    title: 'Plan undoing this conversation’s actions',
    description:
      'Shows what rolling back the actions you took in this connection so far would do, step by step (undo, partial, conflict where people built on your work, irreversible), without changing anything. Use it before backspace_rollback.',
    inputSchema: NO_INPUT,
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  {
    name: ROLLBACK_TOOL,
    title: 'Undo this conversation’s actions',
    description:
      'Undoes every action you took in this connection so far, newest first, keeping what people changed since; irreversible actions stay done. You can go on working afterwards. Call backspace_plan_rollback first to see what it would do.',
    inputSchema: NO_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  },
];
