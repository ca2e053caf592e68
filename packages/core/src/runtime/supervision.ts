// The supervisor's journal record: audits (one per audited action), findings, responses and false alarms.
// Each audit and finding carries a key naming what it is about, so a second supervisor (or the same
// one retrying a job after a crash) finds it already recorded instead of recording it twice.
import { randomUUID } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { WRITER_FIELD } from '../journal/writers.js';
import type { RuntimeContext } from './context.js';

export type FindingVerdict = 'fail' | 'inconclusive';

export interface NewFinding {
  /** What found it: `policy`, `sampling`, `drift`, `complaints`. */
  trigger: string;
  /** Names what the finding is about, once: `action:<id>:policy`, `drift:<agent>:after:<seq>` (the decisions a drift counted), `complaints:<channel>:<agent>:<first complaint ts>`. */
  subject: string;
  verdict: FindingVerdict;
  /** One line a person reads first. */
  summary: string;
  evidence: Json;
  /** The configured response: `notify`, `pause` or `pause-and-rollback`. */
  response: string;
  agentId: string | null;
  sessionId?: string | null;
  correlationId?: string | null;
  /** The audited action, for findings about one. */
  auditedActionId?: string | null;
  action?: string | null;
  resource?: string | null;
}

export interface Finding extends NewFinding {
  findingId: string;
  at: string;
  seq: number;
  /** By whom and why a person marked it a false alarm, if they did. */
  falseAlarm: { by: string; reason: string; at: string } | null;
  /** What the supervisor did about it, once it did. */
  responses: Json[];
}

export interface AuditRecord {
  actionId: string;
  sessionId: string;
  agentId: string;
  action: string;
  /** `pass`, or `finding` with the findings' ids. */
  outcome: 'pass' | 'finding';
  sampled: boolean;
  findings: string[];
  /** The committed entry audited. */
  seq: number;
}

export interface Supervision {
  /** The audit already recorded for an action, by any supervisor; null when none is. */
  audited(actionId: string): Promise<JournalEntry | null>;
  recordAudit(audit: AuditRecord): Promise<JournalEntry>;
  /** Records a finding, or gives back the one already recorded for its subject (`created` false). */
  recordFinding(finding: NewFinding): Promise<{ finding: Finding; created: boolean }>;
  recordResponse(findingId: string, response: Json): Promise<void>;
  /** A person's word that a finding was a false alarm (an operator's process). */
  markFalseAlarm(findingId: string, decision: { by: string; reason: string }): Promise<Finding>;
  findings(filter?: { agentId?: string; sessionId?: string }): Promise<Finding[]>;
}

const auditKey = (actionId: string) => `supervisor:audit:${actionId}`;
const findingKey = (subject: string) => `supervisor:finding:${subject}`;

export function createSupervision(context: RuntimeContext): Supervision {
  async function findingEntry(findingId: string): Promise<JournalEntry | undefined> {
    const entries = await context.journal.entriesOfType(['supervisor.finding']);
    return entries.find((entry) => (entry.data as { findingId?: string }).findingId === findingId);
  }

  async function findings(filter: { agentId?: string; sessionId?: string } = {}): Promise<Finding[]> {
    const entries = await context.journal.entriesOfType(['supervisor.finding', 'supervisor.response', 'supervisor.false-alarm']);
    const found = new Map<string, Finding>();
    for (const entry of entries) {
      const data = context.open(entry) as Record<string, Json>;
      const findingId = String(data.findingId);
      if (entry.type === 'supervisor.finding') found.set(findingId, asFinding(entry, data));
      else if (entry.type === 'supervisor.response') found.get(findingId)?.responses.push(data.response ?? null);
      else {
        const finding = found.get(findingId);
        if (finding) finding.falseAlarm = { by: String(data.by), reason: String(data.reason), at: entry.at };
      }
    }
    return [...found.values()].filter(
      (finding) => (!filter.agentId || finding.agentId === filter.agentId) && (!filter.sessionId || finding.sessionId === filter.sessionId),
    );
  }

  return {
    async audited(actionId) {
      const entries = await context.journal.keyEntries(auditKey(actionId));
      return entries.find((entry) => entry.type === 'supervisor.audit') ?? null;
    },
    recordAudit: (audit) =>
      context.append({
        type: 'supervisor.audit',
        // In the session, so audits spread over the session chains (PostgreSQL) like the session's own entries.
        sessionId: audit.sessionId,
        agentId: audit.agentId,
        action: audit.action,
        idempotencyKey: auditKey(audit.actionId),
        data: { ...audit, findings: audit.findings } as unknown as Json,
      }),
    async recordFinding(finding) {
      const key = findingKey(finding.subject);
      const earlier = (await context.journal.keyEntries(key)).find((entry) => entry.type === 'supervisor.finding');
      if (earlier) return { finding: asFinding(earlier, context.open(earlier) as Record<string, Json>), created: false };
      const findingId = randomUUID();
      const entry = await context.append({
        type: 'supervisor.finding',
        sessionId: finding.sessionId ?? null,
        agentId: finding.agentId,
        correlationId: finding.correlationId ?? null,
        action: finding.action ?? null,
        resource: finding.resource ?? null,
        idempotencyKey: key,
        data: { findingId, ...finding } as unknown as Json,
      });
      return { finding: asFinding(entry, context.open(entry) as Record<string, Json>), created: true };
    },
    async recordResponse(findingId, response) {
      const finding = await findingEntry(findingId);
      await context.append({ type: 'supervisor.response', sessionId: finding?.sessionId ?? null, agentId: finding?.agentId ?? null, data: { findingId, response } });
    },
    async markFalseAlarm(findingId, { by, reason }) {
      if (typeof by !== 'string' || by.length === 0) throw new BackspaceError('invalid_input', 'marking a false alarm needs { by }: who decided');
      if (typeof reason !== 'string' || reason.length === 0) throw new BackspaceError('invalid_input', 'marking a false alarm needs { reason }');
      const entry = await findingEntry(findingId);
      if (!entry) throw new BackspaceError('invalid_input', `no supervisor finding ${findingId} in the journal`, { details: { findingId } });
      await context.append({
        type: 'supervisor.false-alarm',
        sessionId: entry.sessionId,
        agentId: entry.agentId,
        data: { findingId, by: context.writer?.id ?? by, ...(context.writer && context.writer.id !== by ? { givenBy: by } : {}), reason },
      });
      return (await findings()).find((finding) => finding.findingId === findingId)!;
    },
    findings,
  };
}

function asFinding(entry: JournalEntry, data: Record<string, Json>): Finding {
  const { [WRITER_FIELD]: _stamp, ...fields } = data;
  return {
    ...(fields as unknown as NewFinding),
    sessionId: entry.sessionId,
    agentId: entry.agentId,
    findingId: String(data.findingId),
    at: entry.at,
    seq: entry.seq,
    falseAlarm: null,
    responses: [],
  };
}
