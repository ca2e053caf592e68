// Human approvals: list the waiting requests, approve or deny them; all journaled with who and when.
import type { Json } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { ALLOWED_WRITERS, writerOf } from '../journal/writers.js';
import type { RuntimeContext } from './context.js';

export interface ApprovalRequest {
  requestId: string;
  sessionId: string | null;
  agentId: string | null;
  action: string | null;
  idempotencyKey: string | null;
  rule: string;
  reason: string;
  input: Json;
  requestedAt: string;
}

export interface Approvals {
  /** Requests still waiting for a decision. */
  list(): Promise<ApprovalRequest[]>;
  approve(requestId: string, decision: { by: string; note?: string; expiresInMs?: number }): Promise<void>;
  deny(requestId: string, decision: { by: string; reason: string }): Promise<void>;
}

/**
 * Only an operator decides approvals (the supervisor may deny), never the writer or agent that asked.
 * With a writer key the check is on who signs; without one, on the names given.
 */
function refuseSelfApproval(context: RuntimeContext, request: JournalEntry, by: string, type: 'approval.granted' | 'approval.denied'): void {
  const refuse = (why: string) => {
    throw new BackspaceError('unauthorized', `approval request ${request.actionId}: ${why}`, { details: { requestId: request.actionId } });
  };
  if (by === request.agentId) refuse(`${by} is the agent that asked; another person must decide`);
  const writer = context.writer;
  if (!writer) return;
  if (!ALLOWED_WRITERS[type].includes(writer.role)) refuse(`this process writes as ${writer.id}, a ${writer.role}; only ${ALLOWED_WRITERS[type].join(' or ')} may record ${type}`);
  if (writerOf(request)?.id === writer.id) refuse(`${writer.id} wrote the request; it cannot decide it`);
}

export function createApprovals(context: RuntimeContext): Approvals {
  async function pending(): Promise<Map<string, JournalEntry>> {
    const entries = await context.journal.entriesOfType(['action.awaiting-approval', 'approval.granted', 'approval.denied']);
    const waiting = new Map<string, JournalEntry>();
    for (const entry of entries) {
      if (entry.type === 'action.awaiting-approval') waiting.set(entry.actionId!, entry);
      else waiting.delete(entry.actionId!);
    }
    return waiting;
  }

  async function decide(requestId: string, by: string, type: 'approval.granted' | 'approval.denied', data: Record<string, Json>): Promise<void> {
    if (typeof by !== 'string' || by.length === 0) throw new BackspaceError('invalid_config', 'an approval decision needs { by }: who decided');
    const request = (await pending()).get(requestId);
    if (!request) {
      throw new BackspaceError('approval_not_found', `no approval request ${requestId} is waiting: it is unknown or already decided`, { details: { requestId } });
    }
    refuseSelfApproval(context, request, by, type);
    await context.append({
      type,
      sessionId: request.sessionId,
      agentId: request.agentId,
      actionId: requestId,
      action: request.action,
      idempotencyKey: request.idempotencyKey,
      // With a writer key, who decided is the signer; the name given is kept beside it.
      data: { by: context.writer?.id ?? by, ...(context.writer && context.writer.id !== by ? { givenBy: by } : {}), decidedAt: new Date(context.clock.now()).toISOString(), ...data },
    });
  }

  return {
    async list() {
      return [...(await pending()).values()].map((entry) => {
        const data = context.open(entry) as { rule: string; reason: string; input: Json };
        return {
          requestId: entry.actionId!,
          sessionId: entry.sessionId,
          agentId: entry.agentId,
          action: entry.action,
          idempotencyKey: entry.idempotencyKey,
          rule: data.rule,
          reason: data.reason,
          input: data.input,
          requestedAt: entry.at,
        };
      });
    },
    approve: (requestId, { by, note, expiresInMs }) =>
      decide(requestId, by, 'approval.granted', {
        note: note ?? null,
        expiresAt: expiresInMs === undefined ? null : new Date(context.clock.now() + expiresInMs).toISOString(),
      }),
    async deny(requestId, { by, reason }) {
      if (typeof reason !== 'string' || reason.length === 0) throw new BackspaceError('invalid_config', 'denying an approval needs { reason }');
      await decide(requestId, by, 'approval.denied', { reason });
    },
  };
}
