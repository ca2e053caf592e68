// Backspace actions as AI SDK tools: the action's JSON Schema (checked by the runtime's own validation, so
// a bad call is the SDK's input error and nothing is journaled), `needsApproval` from the runtime's policy
// (the SDK's approval is the only prompt), the tool call id as the idempotency key.
import { BackspaceError, blockedError, earlierUse, holdForApproval, type ActionListing, type Runtime, type Session } from '@backspace/core';
import { jsonSchema, tool, type ModelMessage, type Tool, type ToolSet } from 'ai';
import { approvalIn } from './approval.js';
import { errorOutput, scrubbedOutput, type BackspaceToolOutput } from './results.js';

export interface BackspaceToolsOptions {
  /**
   * Who approves in this app, recorded in the journal with the exact input when the SDK's approval
   * lets a held call run (a name, or a function of the tool call).
   */
  approver: string | ((call: { toolCallId: string; action: string }) => string);
  /** The secrets the adapters hold (`adapter.secrets()`), kept out of every tool output. */
  secrets?: () => string[];
  /** Only these actions (`github.issue.create`) or providers (`github`); every action when absent. */
  only?: string[];
}

/** One AI SDK tool per Backspace action, keyed by its tool name (`github_issue_create`). */
export function backspaceTools(runtime: Runtime, session: Session, options: BackspaceToolsOptions): ToolSet {
  if (!options || (typeof options.approver !== 'string' && typeof options.approver !== 'function')) {
    throw new BackspaceError('invalid_config', 'backspaceTools needs { approver }: the name recorded in the journal when a person approves a held call in this app');
  }
  const tools: ToolSet = {};
  for (const action of runtime.listActions()) {
    if (options.only && !options.only.some((name) => name === action.name || name === action.provider)) continue;
    tools[action.toolName] = actionTool(runtime, session, action, options);
  }
  return tools;
}

function actionTool(runtime: Runtime, session: Session, action: ActionListing, options: BackspaceToolsOptions): Tool {
  return tool({
    description: action.modelDescription,
    inputSchema: jsonSchema<Record<string, unknown>>(action.inputSchema as Parameters<typeof jsonSchema>[0], { validate: (value) => validateInput(runtime, session, action, value) }),
    needsApproval: async (input, { toolCallId, messages }) => {
      const check = await runtime.checkPolicy(session, action.name, input, { idempotencyKey: toolCallId });
      // The SDK asks again before it runs an approved call, and a call that no longer needs approval it
      // answers as denied, "does not require approval". One policy now refuses (its session ended
      // elsewhere, the kill switch) goes on to execute instead, which sends nothing and says why.
      if (check.decision === 'block' && approvalIn(messages, toolCallId)) return true;
      return check.decision === 'require-approval';
    },
    execute: async (input, { toolCallId, messages }) => scrubbedOutput(await runTool(runtime, session, action, options, { input, toolCallId, messages }), options.secrets?.() ?? []),
  });
}

/** The runtime's own validation (side-effect free): the SDK reports a failure as the call's input error. */
async function validateInput(runtime: Runtime, session: Session, action: ActionListing, value: unknown) {
  try {
    await runtime.checkPolicy(session, action.name, value);
    return { success: true as const, value: value as Record<string, unknown> };
  } catch (error) {
    if (BackspaceError.isInstance(error) && error.code === 'invalid_input') return { success: false as const, error };
    // Anything else is not about the input: the call itself reports it.
    return { success: true as const, value: value as Record<string, unknown> };
  }
}

interface ToolCall {
  input: Record<string, unknown>;
  toolCallId: string;
  messages: ModelMessage[];
}

async function runTool(runtime: Runtime, session: Session, action: ActionListing, options: BackspaceToolsOptions, call: ToolCall): Promise<BackspaceToolOutput> {
  const key = { idempotencyKey: call.toolCallId };
  try {
    const earlier = await fromEarlierSession(runtime, session, action, call.toolCallId, call.input);
    if (earlier) return earlier;
    const check = await runtime.checkPolicy(session, action.name, call.input, key);
    if (check.decision === 'block') {
      return errorOutput(action.name, call.toolCallId, blockedError(check));
    }
    if (check.decision === 'require-approval') {
      const approval = approvalIn(call.messages, call.toolCallId);
      if (!approval) {
        return { status: 'approval-pending', action: action.name, toolCallId: call.toolCallId, message: `Not done: ${action.name} needs a person's approval (${check.reason}) and none was given for this call. Nothing was changed.` };
      }
      const requestId = check.approvalRequestId ?? (await holdForApproval(session, action.name, call.input, call.toolCallId));
      const by = typeof options.approver === 'function' ? options.approver({ toolCallId: call.toolCallId, action: action.name }) : options.approver;
      // null: policy let the held run through meanwhile; it ran once, and the run below replays it.
      if (requestId) await runtime.approvals.approve(requestId, { by, note: `approved through the AI SDK's tool approval${approval.reason ? `: ${approval.reason}` : ''}` });
    }
    const result = await session.run(action.name, call.input, key);
    const replayed = check.decision === 'allow' && check.replay === true;
    return { status: 'done', action: action.name, toolCallId: call.toolCallId, result, reversibility: action.reversibility, message: `Done: ${action.name}${replayed ? ' (already done under this tool call id: the recorded result, nothing sent again)' : ''}. ${action.inverse}` };
  } catch (error) {
    return errorOutput(action.name, call.toolCallId, error);
  }
}

/** The same tool call id already run by this agent in another session: its recorded outcome, never a second write. */
async function fromEarlierSession(runtime: Runtime, session: Session, action: ActionListing, toolCallId: string, input: Record<string, unknown>): Promise<BackspaceToolOutput | null> {
  const earlier = await earlierUse(runtime, session, action.name, toolCallId, input);
  if (earlier.kind === 'none') return null;
  if (earlier.kind === 'committed') {
    return { status: 'done', action: action.name, toolCallId, result: earlier.result, reversibility: action.reversibility, message: `Done: ${action.name} (already done under this tool call id in session ${earlier.sessionId}: the recorded result, nothing sent again; \`runtime.rollback('${earlier.sessionId}')\` undoes it). ${action.inverse}` };
  }
  if (earlier.kind === 'other-action' || earlier.kind === 'other-input') {
    const used = earlier.kind === 'other-action' ? earlier.action : `${action.name} with other input`;
    return errorOutput(action.name, toolCallId, new BackspaceError('idempotency_conflict', `tool call id "${toolCallId}" was already used for ${used} in session ${earlier.sessionId}; nothing was sent`));
  }
  return errorOutput(action.name, toolCallId, new BackspaceError('outcome_unknown', `${action.name} with tool call id "${toolCallId}" was sent in session ${earlier.sessionId} and its outcome is not known yet: it may still land, so it is not sent again`, { isRetryable: true, details: { idempotencyKey: toolCallId } }));
}
