// A createAgent middleware: where Backspace's policy holds a call for a person, it asks through
// LangChain's human-in-the-loop interrupt (the HITLRequest / HITLResponse shapes of its
// humanInTheLoopMiddleware), so that is the only prompt. An approval or refusal is journaled with the
// approver's name against a request holding the exact input; an approved call then runs once.
import { BackspaceError, holdForApproval, type Runtime, type Session } from '@backspace/core';
import { ToolMessage } from '@langchain/core/messages';
import { interrupt } from '@langchain/langgraph';
import { createMiddleware, type HITLRequest, type HITLResponse } from 'langchain';

export interface BackspaceApprovalsOptions {
  /** Who answers the interrupt in this app, recorded in the journal (a name, or a function of the call). */
  approver: string | ((call: { toolCallId: string; action: string }) => string);
}

export function backspaceApprovals(runtime: Runtime, session: Session, options: BackspaceApprovalsOptions) {
  if (!options || (typeof options.approver !== 'string' && typeof options.approver !== 'function')) {
    throw new BackspaceError('invalid_config', 'backspaceApprovals needs { approver }: the name recorded in the journal when a person answers');
  }
  const actions = new Map(runtime.listActions().map((action) => [action.toolName, action]));
  return createMiddleware({
    name: 'BackspaceApprovals',
    wrapToolCall: async (request, handler) => {
      const action = actions.get(request.toolCall.name);
      const toolCallId = request.toolCall.id ?? '';
      if (!action || !toolCallId) return handler(request);
      const args = request.toolCall.args as Record<string, unknown>;
      // Side-effect free; invalid input and blocks are the tool's to report.
      const check = await runtime.checkPolicy(session, action.name, args, { idempotencyKey: toolCallId }).catch(() => null);
      if (check?.decision !== 'require-approval') return handler(request);
      const question: HITLRequest = {
        actionRequests: [{ name: action.toolName, args, description: `${action.name} waits for a person: ${check.reason}. ${action.inverse}` }],
        reviewConfigs: [{ actionName: action.toolName, allowedDecisions: ['approve', 'reject'] }],
      };
      const answer = interrupt<HITLRequest, HITLResponse>(question);
      const decision = answer?.decisions?.[0];
      const by = typeof options.approver === 'function' ? options.approver({ toolCallId, action: action.name }) : options.approver;
      const requestId = check.approvalRequestId ?? (await holdForApproval(session, action.name, args, toolCallId));
      if (decision?.type === 'approve') {
        if (requestId) await runtime.approvals.approve(requestId, { by, note: "approved through LangChain's human-in-the-loop interrupt" });
        return handler(request);
      }
      const reason = decision?.type === 'reject' && decision.message ? decision.message : "refused through LangChain's human-in-the-loop interrupt";
      if (requestId) await runtime.approvals.deny(requestId, { by, reason });
      return new ToolMessage({ content: JSON.stringify({ status: 'denied', action: action.name, message: `Not done: ${action.name} was refused by ${by}: ${reason}. Do not retry it.` }), tool_call_id: toolCallId, name: action.toolName, status: 'error' });
    },
  });
}
