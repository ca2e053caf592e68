// Deferred effects, the supervisor's part: a call a session held is audited like a committed action once
// its delay has passed (its input and reasoning, by the same rules and sample), and sent when the
// session passes: the held call's own audit passed, every action the session committed before it was
// audited and passed, and no finding about the session stands (a false alarm does not count). A failing
// audit leaves it held; the finding's response (a rollback) drops it. The send is the runtime's release,
// once-only under the session's rollback lock, so two supervisors on one job send it once.
import type { Runtime } from '@backspace/core';
import { findingSessions } from './audit.js';
import type { AuditJob } from './subject.js';

export type ReleaseVerdict = 'released' | 'held' | 'already-done';

/** Thrown while an earlier action of the session still waits for its audit: the queue tries again later. */
export class AuditsPending extends Error {}

export async function releaseIfPassed(runtime: Runtime, job: AuditJob, by: string): Promise<{ verdict: ReleaseVerdict; why: string }> {
  const [held] = await runtime.outbox.list({ sessionId: job.sessionId }).then((all) => all.filter((action) => action.deferredId === job.actionId));
  if (!held) return { verdict: 'held', why: 'the held call is not in the journal (or not trusted)' };
  if (held.status !== 'held' && held.status !== 'sending') return { verdict: 'already-done', why: `already ${held.status}` };
  const own = await runtime.supervision.audited(job.actionId);
  if ((own?.data as { outcome?: string } | undefined)?.outcome !== 'pass') return { verdict: 'held', why: 'its own audit found something' };
  const entries = await runtime.journal.sessionEntries(job.sessionId);
  for (const entry of entries) {
    if (entry.type !== 'action.committed' || entry.seq > job.seq || !entry.actionId) continue;
    const audit = await runtime.supervision.audited(entry.actionId);
    if (!audit) throw new AuditsPending(`${entry.action} ${entry.actionId}, committed before the held call, is not audited yet`);
    if ((audit.data as { outcome?: string }).outcome !== 'pass') return { verdict: 'held', why: `the session's ${entry.action} ${entry.actionId} did not pass its audit` };
  }
  // About the session: its own, or one over several sessions (drift, a complaint spike) that names it.
  const standing = (await runtime.supervision.findings()).filter((finding) => !finding.falseAlarm && (finding.sessionId === job.sessionId || findingSessions(finding).includes(job.sessionId)));
  if (standing.length > 0) return { verdict: 'held', why: `finding ${standing[0]!.findingId} about the session stands` };
  const report = await runtime.outbox.release(job.sessionId, { by, trigger: 'audit', only: [job.actionId] });
  const outcome = report.actions[0]?.outcome;
  if (outcome === 'sent' || outcome === 'already-sent') return { verdict: 'released', why: report.summary };
  return { verdict: 'held', why: report.summary };
}
