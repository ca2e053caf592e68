// A person's approval through the MCP client (elicitation): they see the action, why policy holds it
// and the exact input, and answer once; their answer and name go into the journal through the
// runtime's approvals, bound to the request that holds that input. Where the client cannot ask, or
// the runtime may not record the answer, the call stays pending for an operator.
import { BackspaceError, scrubSecrets, toJson, type ActionListing } from '@backspace/core';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { CallScope } from './call-action.js';

export type ApprovalAnswer = { kind: 'approved'; by: string } | { kind: 'denied'; by: string } | { kind: 'pending'; why: string };

export interface ApprovalQuestion {
  action: ActionListing;
  args: unknown;
  requestId: string;
  reason: string;
  /** The tools/call this question belongs to (so Streamable HTTP sends it on that call's stream). */
  callRequestId: RequestId;
}

/** How long a person has to answer before the call is left pending. */
const ANSWER_TIMEOUT_MS = 10 * 60_000;

export async function askApproval(scope: CallScope, question: ApprovalQuestion): Promise<ApprovalAnswer> {
  const operatorPath = `An operator can approve it with \`backspace approvals approve ${question.requestId}\`.`;
  if (!scope.server.getClientCapabilities()?.elicitation) return { kind: 'pending', why: `This client cannot ask its user. ${operatorPath}` };
  const client = scope.server.getClientVersion()?.name ?? 'the MCP client';
  const input = JSON.stringify(scrubSecrets(toJson(question.args), scope.secrets), null, 2);
  let answer;
  try {
    answer = await scope.server.elicitInput(
      {
        mode: 'form',
        message: `Approve ${question.action.name}? ${question.reason}. ${question.action.inverse}\nIt runs once, with exactly this input:\n${input}`,
        requestedSchema: {
          type: 'object',
          properties: {
            approve: { type: 'boolean', title: 'Run it', description: 'Yes runs it once with the input shown; no refuses it.', default: false },
            approver: { type: 'string', title: 'Your name', description: 'Recorded in the journal as who decided.', minLength: 1, ...(scope.approver ? { default: scope.approver } : {}) },
          },
          required: ['approve', 'approver'],
        },
      },
      { relatedRequestId: question.callRequestId, timeout: ANSWER_TIMEOUT_MS, ...(scope.cancelled ? { signal: scope.cancelled } : {}) },
    );
  } catch (error) {
    return { kind: 'pending', why: `Asking the user failed (${(error as Error).message}). ${operatorPath}` };
  }
  if (answer.action === 'cancel') return { kind: 'pending', why: `The user dismissed the question. ${operatorPath}` };
  const content = (answer.content ?? {}) as { approve?: unknown; approver?: unknown };
  const by = typeof content.approver === 'string' && content.approver.trim() ? content.approver.trim() : (scope.approver ?? `the user of ${client}`);
  try {
    if (answer.action === 'accept' && content.approve === true) {
      await scope.runtime.approvals.approve(question.requestId, { by, note: `approved in ${client} (MCP elicitation)` });
      return { kind: 'approved', by };
    }
    await scope.runtime.approvals.deny(question.requestId, { by, reason: `refused in ${client} (MCP elicitation)` });
    return { kind: 'denied', by };
  } catch (error) {
    const why = BackspaceError.isInstance(error) ? error.message : String(error);
    return { kind: 'pending', why: `The answer could not be recorded (${why}). ${operatorPath}` };
  }
}
