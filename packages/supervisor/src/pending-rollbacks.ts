// Rollbacks journaled pending: a pause-and-rollback found a session's rollback lock still held after its
// wait (an operator's release of held calls, another rollback), so its finding's response says pending,
// the agent paused. The sweep tries each again, under the finding's claim so one supervisor of a fleet
// does, and journals the response that finishes it once the rollback runs. Each try waits for the lock
// a bounded time; a try that still finds it held journals nothing. A finding a person marked a false
// alarm is left alone. The sweep also answers a finding journaled with no response at all (its
// supervisor died between the two, or the response failed), as the response job or the audit would have.
import type { Finding, Runtime } from '@backspace/core';
import { answerUnanswered } from './audit.js';
import type { ResponseQueue } from './audit-queue.js';
import { claimFinding } from './claim.js';
import { finishRollback, rollbackPending, type ResponseContext } from './responses.js';

/** How often every finding is looked through, for a pending rollback another supervisor (or this one before a restart) left. */
const FULL_SWEEP_MS = 60_000;

export class PendingRollbacks {
  private lastFullSweep = -Infinity;
  /** A rollback this process knows to be pending: swept on every beat until none is. */
  private known = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly responses: ResponseContext,
    private readonly later?: ResponseQueue,
  ) {}

  /** Called when a response is journaled pending. */
  noted(): void {
    this.known = true;
  }

  async sweep(): Promise<void> {
    if (!this.known && performance.now() - this.lastFullSweep < FULL_SWEEP_MS) return;
    this.lastFullSweep = performance.now();
    let left = false;
    for (const finding of await this.runtime.supervision.findings()) {
      if (this.responses.stopping?.aborted) return;
      if (unanswered(finding)) {
        // Journaled, never answered: its supervisor died between the two, or the response failed.
        await answerUnanswered({ runtime: this.runtime, responses: this.responses, ...(this.later ? { later: this.later } : {}) }, finding);
        continue;
      }
      if (!pendingSessions(finding)) continue;
      if (!(await this.finish(finding))) left = true;
    }
    this.known = left;
  }

  /** True when nothing is left to do for it here (finished, finished by another, or another is on it). */
  private async finish(finding: Finding): Promise<boolean> {
    const claim = await claimFinding(this.runtime.journal, finding.subject);
    if (!claim) return true;
    try {
      // Read again under the claim: another supervisor may have finished it since the list was read.
      const now = (await this.runtime.supervision.findings(finding.agentId ? { agentId: finding.agentId } : {})).find((candidate) => candidate.findingId === finding.findingId);
      const sessions = now ? pendingSessions(now) : null;
      if (!now || !sessions) return true;
      const response = await finishRollback(this.responses, now, sessions);
      if (response === null) return false;
      await this.runtime.supervision.recordResponse(now.findingId, response);
      return true;
    } finally {
      await claim.release();
    }
  }
}

/** A finding with no response journaled and no false alarm: left unanswered, or being answered (under its claim) now. */
function unanswered(finding: Finding): boolean {
  return finding.responses.length === 0 && !finding.falseAlarm;
}

/** The sessions of a finding's rollback still pending (its latest response left it so), or null. */
function pendingSessions(finding: Finding): string[] | null {
  const latest = finding.responses.at(-1);
  if (finding.falseAlarm || latest === undefined || !rollbackPending(latest)) return null;
  const rollbacks = (latest as { rollbacks: { sessions?: unknown; pending?: unknown }[] }).rollbacks;
  const sessions = rollbacks.filter((rollback) => rollback.pending !== undefined).flatMap((rollback) => (Array.isArray(rollback.sessions) ? rollback.sessions.map(String) : []));
  return sessions.length > 0 ? sessions : null;
}
