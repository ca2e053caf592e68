// The connection's own session: plan undoing what it did so far, and undo it, while it stays open.
import type { RollbackPlan, RollbackReport, Runtime, Session } from '@backspace/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorResult, toolResult } from './results.js';
import { PLAN_TOOL, ROLLBACK_TOOL } from './tools.js';

const NOTHING_YET = 'Nothing to undo: no action has run in this connection yet.';

export async function planTool(session: Promise<Session> | undefined, runtime: Runtime, secrets: string[]): Promise<CallToolResult> {
  if (!session) return toolResult('done', NOTHING_YET, { steps: [] }, secrets);
  try {
    const plan = await runtime.planRollback((await session).id, { soFar: true });
    const runnable = plan.steps.filter((step) => step.remedy !== 'none').length;
    // Steps of other sessions an earlier rollback kept because of this session's writes, planned again in their sessions once these are undone.
    const owed = plan.owed?.length ? `, then ${plan.owed.length} step(s) of other sessions an earlier rollback kept because of this session's writes (see owed)` : '';
    const headline = `Plan: a rollback would undo ${runnable} of ${plan.steps.length} step(s)${owed}${plan.residue.length > 0 ? `, leaving ${plan.residue.length} thing(s) behind` : ''}. Nothing has changed.`;
    return toolResult('done', headline, planDetails(plan), secrets);
  } catch (error) {
    return errorResult(error, PLAN_TOOL, {}, secrets);
  }
}

/** Progress told to the client as it happens; `sent` settles once all of it is out. */
export interface Progress {
  tell(message: string): void;
  sent(): Promise<void>;
}

/**
 * Undoes the connection's session so far. `progress` (when the request carried a progress token) tells
 * the client why a rollback waits for a write still in flight, and each step as it finishes, so a client
 * that resets its timeout on progress does not give up on a rollback that is still working.
 */
export async function rollbackTool(session: Promise<Session> | undefined, runtime: Runtime, secrets: string[], progress?: Progress): Promise<CallToolResult> {
  if (!session) return toolResult('done', NOTHING_YET, { steps: [] }, secrets);
  try {
    const report = await runtime.rollback((await session).id, {
      soFar: true,
      onWaiting: ({ ms, why }) => progress?.tell(`Waiting up to ${Math.ceil(ms / 1000)} s before planning: ${why}.`),
      onProgress: (event) => {
        if (event.phase === 'finished') progress?.tell(`${event.action} on ${event.resource}: ${event.outcome}`);
      },
    });
    await progress?.sent();
    const left = report.counts.conflicts + report.counts.failed + report.counts.unreachable;
    const headline = `Rolled back: ${report.summary}${left > 0 ? ' Some steps were left in place: see steps and residue.' : ''}`;
    return toolResult(left > 0 ? 'failed' : 'done', headline, reportDetails(report), secrets);
  } catch (error) {
    return errorResult(error, ROLLBACK_TOOL, {}, secrets);
  }
}

function planDetails(plan: RollbackPlan): Record<string, unknown> {
  return {
    sessionId: plan.sessionId,
    steps: plan.steps.map((step) => ({ action: step.action, resource: step.resource, status: step.status, remedy: step.remedy, reason: step.reason, undo: step.compensation?.description ?? null })),
    owed: (plan.owed ?? []).map(({ sessionId, action, resource }) => ({ sessionId, action, resource })),
    residue: plan.residue,
    unsettled: plan.unsettled,
  };
}

function reportDetails(report: RollbackReport): Record<string, unknown> {
  return {
    sessionId: report.sessionId,
    // The connection's session first, then any whose kept steps this rollback finished.
    sessions: report.sessions,
    counts: report.counts,
    steps: report.steps.map((step) => ({ sessionId: step.sessionId, action: step.action, resource: step.resource, outcome: step.outcome, reason: step.reason })),
    residue: report.residue,
  };
}
