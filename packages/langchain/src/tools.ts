// Backspace actions as LangChain.js tools (`@langchain/core` `tool()`): the action's JSON Schema (LangChain
// validates a call against it before the tool runs: a bad call is its ToolInputParsingException and nothing
// is journaled), the tool call id as the idempotency key, refusals as text the model reads.
import { BackspaceError, blockedError, earlierUse, scrubSecrets, toJson, toolRefusal, type ActionListing, type Runtime, type Session } from '@backspace/core';
import { tool, type StructuredToolInterface } from '@langchain/core/tools';

export interface BackspaceToolsOptions {
  /** The secrets the adapters hold (`adapter.secrets()`), kept out of every tool output. */
  secrets?: () => string[];
  /** Only these actions (`github.issue.create`) or providers (`github`); every action when absent. */
  only?: string[];
}

/** One LangChain tool per Backspace action, named by its tool name (`github_issue_create`). */
export function backspaceTools(runtime: Runtime, session: Session, options: BackspaceToolsOptions = {}): StructuredToolInterface[] {
  return runtime
    .listActions()
    .filter((action) => !options.only || options.only.some((name) => name === action.name || name === action.provider))
    .map((action) => actionTool(runtime, session, action, options));
}

function actionTool(runtime: Runtime, session: Session, action: ActionListing, options: BackspaceToolsOptions): StructuredToolInterface {
  return tool(
    async (input: Record<string, unknown>, config) => {
      const toolCallId = (config as { toolCall?: { id?: string } } | undefined)?.toolCall?.id;
      const output = await runTool(runtime, session, action, input, toolCallId);
      const secrets = options.secrets?.() ?? [];
      return JSON.stringify(secrets.length ? scrubSecrets(toJson(output), secrets) : output);
    },
    { name: action.toolName, description: action.modelDescription, schema: action.inputSchema as Record<string, unknown> },
  ) as unknown as StructuredToolInterface;
}

async function runTool(runtime: Runtime, session: Session, action: ActionListing, input: Record<string, unknown>, toolCallId: string | undefined): Promise<Record<string, unknown>> {
  const key = toolCallId ? { idempotencyKey: toolCallId } : {};
  try {
    const earlier = toolCallId ? await fromEarlierSession(runtime, session, action, toolCallId, input) : null;
    if (earlier) return earlier;
    const check = await runtime.checkPolicy(session, action.name, input, key);
    if (check.decision === 'block') {
      return { action: action.name, ...toolRefusal(action.name, blockedError(check)) };
    }
    if (check.decision === 'require-approval') {
      return { status: 'approval-pending', action: action.name, message: `Not done: ${action.name} needs a person's approval (${check.reason}). Add backspaceApprovals(...) to the agent's middleware to ask through LangChain's human-in-the-loop interrupt. Nothing was changed.` };
    }
    const result = await session.run(action.name, input, key);
    return { status: 'done', action: action.name, result, reversibility: action.reversibility, message: `Done: ${action.name}${check.replay ? ' (already done under this tool call id: the recorded result, nothing sent again)' : ''}. ${action.inverse}` };
  } catch (error) {
    return { action: action.name, ...toolRefusal(action.name, error) };
  }
}

/** The same tool call id already run by this agent in another session: its recorded outcome, never a second write. */
async function fromEarlierSession(runtime: Runtime, session: Session, action: ActionListing, toolCallId: string, input: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  const earlier = await earlierUse(runtime, session, action.name, toolCallId, input);
  if (earlier.kind === 'none') return null;
  if (earlier.kind === 'committed') {
    return { status: 'done', action: action.name, result: earlier.result, reversibility: action.reversibility, message: `Done: ${action.name} (already done under this tool call id in session ${earlier.sessionId}: the recorded result, nothing sent again; \`runtime.rollback('${earlier.sessionId}')\` undoes it). ${action.inverse}` };
  }
  if (earlier.kind === 'other-action' || earlier.kind === 'other-input') {
    const used = earlier.kind === 'other-action' ? earlier.action : `${action.name} with other input`;
    return { action: action.name, ...toolRefusal(action.name, new BackspaceError('idempotency_conflict', `tool call id "${toolCallId}" was already used for ${used} in session ${earlier.sessionId}; nothing was sent`)) };
  }
  return { action: action.name, ...toolRefusal(action.name, new BackspaceError('outcome_unknown', `${action.name} with tool call id "${toolCallId}" was sent in session ${earlier.sessionId} and its outcome is not known yet: it may still land, so it is not sent again`, { isRetryable: true, details: { idempotencyKey: toolCallId } })) };
}
