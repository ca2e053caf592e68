// One audit: an action whose delay has passed, checked against the policy rules and, when sampled,
// re-judged by the evaluator. Findings are journaled and answered (or their response queued) before
// the audit record that closes the audit, so a supervisor that dies mid-way leaves the audit to be
// finished, never lost; whoever finishes it finds the findings already recorded by their subject and
// does not repeat them.
import type { Finding, NewFinding, Runtime } from '@backspace/core';
import { breaches } from './audit-rules.js';
import { triggerOn, type SupervisorConfig } from './config.js';
import { evaluate, type Evaluator } from './evaluator.js';
import { pauseFor, respond, responseKind, type ResponseContext } from './responses.js';
import { isSampled } from './sampling.js';
import { SessionEntriesCache, type AuditJob, type AuditSubject } from './subject.js';
import type { ResponseJob, ResponseQueue } from './audit-queue.js';
import { claimFinding, FindingBusy } from './claim.js';

export type AuditOutcome = 'already-audited' | 'pass' | 'finding' | 'missing';

export interface AuditorDeps {
  runtime: Runtime;
  config: SupervisorConfig;
  evaluator: Evaluator;
  responses: ResponseContext;
  onFinding?: (finding: Finding) => void;
  /** Where responses run apart from the audit (see AuditQueue.responses); absent, within it. */
  later?: ResponseQueue;
}

export class Auditor {
  private readonly cache: SessionEntriesCache;

  constructor(private readonly deps: AuditorDeps) {
    this.cache = new SessionEntriesCache(deps.runtime.journal);
  }

  async audit(job: AuditJob): Promise<AuditOutcome> {
    const { runtime, config } = this.deps;
    if (await runtime.supervision.audited(job.actionId)) return 'already-audited';
    const subject = await this.cache.subject(job);
    if (!subject) return 'missing';
    const found: string[] = [];
    const { policy, sampling } = config.triggers;
    if (triggerOn(policy, subject.agentId)) {
      const broken = breaches(policy!.rules, subject);
      if (broken.length > 0) {
        found.push(await this.find(subject, {
          trigger: 'policy',
          verdict: 'fail',
          summary: broken.map((breach) => `${breach.rule}: ${breach.reason}`).join('; '),
          evidence: { breaches: broken as never },
          response: policy!.response ?? 'pause',
        }));
      }
    }
    const sampled = triggerOn(sampling, subject.agentId) && isSampled(sampling!.rate, sampling!.seed ?? 'backspace', subject.actionId);
    if (sampled) {
      const outcome = await evaluate(this.deps.evaluator, subject, { timeoutMs: sampling!.timeoutMs ?? 10_000, minConfidence: sampling!.minConfidence ?? 0.5 });
      if (outcome.kind !== 'pass') {
        found.push(await this.find(subject, {
          trigger: 'sampling',
          verdict: outcome.kind,
          summary: outcome.kind === 'fail' ? `evaluator: ${outcome.verdict.reason}` : outcome.reason,
          evidence: (outcome.kind === 'fail' ? { verdict: outcome.verdict } : { inconclusive: outcome.reason, verdict: outcome.verdict ?? null }) as never,
          response: sampling!.response ?? 'pause-and-rollback',
        }));
      }
    }
    await runtime.supervision.recordAudit({
      actionId: subject.actionId,
      sessionId: subject.sessionId,
      agentId: subject.agentId,
      action: subject.action,
      outcome: found.length > 0 ? 'finding' : 'pass',
      sampled,
      findings: found,
      seq: subject.seq,
    });
    return found.length > 0 ? 'finding' : 'pass';
  }

  private async find(subject: AuditSubject, finding: Pick<NewFinding, 'trigger' | 'verdict' | 'summary' | 'evidence' | 'response'>): Promise<string> {
    return recordAndRespond(this.deps, {
      ...finding,
      subject: `action:${subject.actionId}:${finding.trigger}`,
      agentId: subject.agentId,
      sessionId: subject.sessionId,
      correlationId: subject.correlationId,
      auditedActionId: subject.actionId,
      action: subject.action,
      resource: subject.resource,
    }, [subject.sessionId]);
  }
}

/**
 * Journals a finding and carries out its response, once: a finding recorded earlier (by a supervisor
 * that died before answering it) is answered now if no response was recorded. With a response queue
 * (`later`), a pause-and-rollback pauses the agent at once and its rollback is a job of its own, sent
 * before the audit closes (sent again, the queue keeps one), which `answerFinding` carries out.
 * All of it under the finding's claim: another supervisor on the same subject meanwhile gets
 * `FindingBusy` and leaves it (a check's next beat, an audit job's retry, finds it recorded and answered).
 */
export async function recordAndRespond(deps: Pick<AuditorDeps, 'runtime' | 'responses' | 'onFinding' | 'later'>, newFinding: NewFinding, sessions: string[]): Promise<string> {
  const claim = await claimFinding(deps.runtime.journal, newFinding.subject);
  if (!claim) throw new FindingBusy(newFinding.subject);
  try {
    const { finding, created } = await deps.runtime.supervision.recordFinding(newFinding);
    if (!created && (await settled(deps.runtime, finding))) return finding.findingId;
    deps.onFinding?.(finding);
    await carryOut(deps, finding, sessions);
    return finding.findingId;
  } finally {
    await claim.release();
  }
}

/**
 * A finding journaled and never answered (its supervisor died before its response, or the response
 * failed) answered now, under its claim: false while another supervisor holds it. An audit's finding
 * is also answered when its job is tried again; a drift or complaint finding has no job, and the check
 * that found it counts its evidence as spent, so without this it would stay unanswered for good.
 */
export async function answerUnanswered(deps: Pick<AuditorDeps, 'runtime' | 'responses' | 'later'>, finding: Finding): Promise<boolean> {
  const claim = await claimFinding(deps.runtime.journal, finding.subject);
  if (!claim) return false;
  try {
    if (await settled(deps.runtime, finding)) return true;
    deps.responses.say(`answering finding ${finding.findingId.slice(0, 8)} (${finding.trigger}), journaled without a response`);
    await carryOut(deps, finding, findingSessions(finding));
    return true;
  } finally {
    await claim.release();
  }
}

/** The sessions a finding's rollback concerns, as it was journaled: those its evidence names, else its own. */
export function findingSessions(finding: Finding): string[] {
  const named = (finding.evidence as { sessions?: unknown } | null)?.sessions;
  if (Array.isArray(named) && named.every((session) => typeof session === 'string')) return named as string[];
  return finding.sessionId ? [finding.sessionId] : [];
}

async function carryOut(deps: Pick<AuditorDeps, 'runtime' | 'responses' | 'later'>, finding: Finding, sessions: string[]): Promise<void> {
  if (deps.later && responseKind(finding) === 'pause-and-rollback') {
    // Contained now: a supervisor that dies during the rollback leaves it to the next once its job
    // expires, but the agent stays paused meanwhile.
    await pauseFor(deps.responses, finding);
    await deps.later.enqueue({ findingId: finding.findingId, agentId: finding.agentId, sessions });
  } else await answer(deps, finding, sessions);
}

/** How long a response job waits for the finding's claim: the supervisor that queued it holds it until it has. */
const JOB_CLAIM_WAIT_MS = 10_000;

/** A response job: the finding answered, unless a response is journaled for it already (the job was handed on after its answer). */
export async function answerFinding(deps: Pick<AuditorDeps, 'runtime' | 'responses'>, job: ResponseJob): Promise<void> {
  const finding = await recordedFinding(deps.runtime, job.findingId, job.agentId ? { agentId: job.agentId } : {});
  if (!finding) throw new Error(`no supervisor finding ${job.findingId} in the journal`);
  if (finding.responses.length > 0) return;
  if (finding.falseAlarm) return deps.responses.say(`left finding ${finding.findingId.slice(0, 8)} unanswered: ${finding.falseAlarm.by} marked it a false alarm`);
  const claim = await claimFinding(deps.runtime.journal, finding.subject, JOB_CLAIM_WAIT_MS);
  // Thrown, the job is tried again later, when the holder has answered it or is gone.
  if (!claim) throw new FindingBusy(finding.subject);
  try {
    if (await settled(deps.runtime, finding)) return;
    await answer(deps, finding, job.sessions);
  } finally {
    await claim.release();
  }
}

/**
 * Whether nothing is left to do for a finding: a response is journaled for it, or a person marked it a
 * false alarm before it was answered (a rollback queued meanwhile, an audit retried after a crash, is
 * not carried out; the pause already made stays the person's to lift).
 */
async function settled(runtime: Runtime, finding: Finding): Promise<boolean> {
  const now = await recordedFinding(runtime, finding.findingId, finding.sessionId ? { sessionId: finding.sessionId } : {});
  return (now?.responses.length ?? 0) > 0 || Boolean(now?.falseAlarm);
}

/** A finding as the journal holds it now, with the responses recorded for it; `filter` narrows the read. */
async function recordedFinding(runtime: Runtime, findingId: string, filter: { agentId?: string; sessionId?: string }): Promise<Finding | undefined> {
  return (await runtime.supervision.findings(filter)).find((candidate) => candidate.findingId === findingId);
}

async function answer(deps: Pick<AuditorDeps, 'runtime' | 'responses'>, finding: Finding, sessions: string[]): Promise<void> {
  const response = await respond(deps.responses, finding, sessions);
  await deps.runtime.supervision.recordResponse(finding.findingId, response);
}
