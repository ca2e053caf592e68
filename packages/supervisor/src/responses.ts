// What a finding leads to: a notice (webhook and Slack operations channel), a pause through the kill
// switch with the finding as the reason, or a pause and the rollback of the sessions concerned, each
// journaled as the finding's response with the rollback reports linked. A rollback that finds a
// session's rollback lock held (an operator releasing the session's held calls, another rollback) waits
// for it a bounded time; still held, the rollback is journaled pending, never as done or given up, and
// a later tick finishes it (pending-rollbacks.ts).
import { BackspaceError, type Finding, type Json, type Runtime } from '@backspace/core';
import type { SlackConnection } from '@backspace/slack';
import type { ResponseKind, SupervisorConfig } from './config.js';

export interface ResponseContext {
  runtime: Runtime;
  notify: SupervisorConfig['notify'];
  /** The supervisor's Slack client, for the operations channel. */
  slack: SlackConnection | null;
  /** Who pauses and rolls back (the supervisor's writer id, when it signs). */
  by: string;
  say: (line: string) => void;
  /** How long a rollback waits for a session's rollback lock another holds (default 30 s, as a release waits for a rollback). */
  rollbackWaitMs?: number;
  /** Aborted when the supervisor stops: a rollback waiting for a lock stops waiting and is journaled pending. */
  stopping?: AbortSignal;
  /** Told of each rollback journaled pending, so the supervisor looks for it again soon. */
  onPending?: (finding: Finding) => void;
}

/** One rollback of a response: its report, its error, or `pending` while another held a session's lock. */
type RollbackOutcome = Record<string, Json>;

const DEFAULT_ROLLBACK_WAIT_MS = 30_000;
/** Between tries for a held lock, doubling to 1 s (each try on PostgreSQL opens a connection); real time, as core's release waits for a rollback. */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 1_000;

/** One line naming the finding: what a kill's reason, a Slack notice and the progress output show. */
export function findingLine(finding: Finding): string {
  return `supervisor finding ${finding.findingId} (${finding.trigger}, ${finding.verdict}): ${finding.summary}`;
}

/** What a finding leads to: an inconclusive verdict is worth a look, not a pause (nothing proved the agent wrong). */
export function responseKind(finding: Finding): ResponseKind {
  return finding.verdict === 'inconclusive' ? 'notify' : ((finding.response as ResponseKind) ?? 'notify');
}

/**
 * Pauses the finding's agent through the kill switch, once: when a kill for this finding is journaled
 * already (the pause made before its rollback was queued, perhaps since resumed by a person), none is
 * journaled again.
 */
export async function pauseFor(context: ResponseContext, finding: Finding): Promise<void> {
  if (!finding.agentId || responseKind(finding) === 'notify') return;
  const reason = findingLine(finding);
  const kills = await context.runtime.journal.entriesOfType(['kill']);
  if (kills.some((kill) => (kill.data as { reason?: unknown }).reason === reason)) return;
  await context.runtime.kill({ scope: { agentId: finding.agentId }, reason, by: context.by });
  context.say(`paused agent ${finding.agentId}: ${finding.summary}`);
}

export async function respond(context: ResponseContext, finding: Finding, sessions: string[]): Promise<Json> {
  const kind = responseKind(finding);
  const response: Record<string, Json> = { kind };
  if (kind !== 'notify' && finding.agentId) {
    await pauseFor(context, finding);
    response.paused = { agentId: finding.agentId };
  }
  if (kind === 'pause-and-rollback' && sessions.length === 0) response.rollbacks = [];
  else if (kind === 'pause-and-rollback') {
    const outcome = await rollBack(context, finding, sessions);
    response.rollbacks = [outcome];
    if (outcome.pending) context.onPending?.(finding);
  }
  response.notified = (await notify(context, finding, response)) as Json;
  return response;
}

/** Whether a response left its rollback pending (a later tick is to finish it). */
export function rollbackPending(response: Json): boolean {
  const rollbacks = (response as { rollbacks?: { pending?: unknown }[] } | null)?.rollbacks;
  return Array.isArray(rollbacks) && rollbacks.some((rollback) => rollback?.pending !== undefined);
}

/**
 * A pending rollback tried again: the response that finishes it (the rollback's report or error, and
 * a notice), or null while the lock is still held (nothing journaled, nothing announced again).
 */
export async function finishRollback(context: ResponseContext, finding: Finding, sessions: string[]): Promise<Json | null> {
  const outcome = await rollBack(context, finding, sessions);
  if (outcome.pending) return null;
  const response: Record<string, Json> = { kind: responseKind(finding), ...(finding.agentId ? { paused: { agentId: finding.agentId } } : {}), rollbacks: [outcome], finishesPending: true };
  response.notified = (await notify(context, finding, response)) as Json;
  return response;
}

/**
 * The sessions rolled back as one incident, as an operator's would be: one plan, every write newest
 * first across them, so sessions that ran at once come off in the order they wrote (one at a time, an
 * older session's write would find a newer session's edit on it and stay, as someone else's work).
 * A session's lock held by another is waited for, up to the bound or the supervisor's stop; a person
 * who marks the finding a false alarm meanwhile has the last word, and the rollback is not run.
 */
async function rollBack(context: ResponseContext, finding: Finding, sessions: string[]): Promise<RollbackOutcome> {
  const until = performance.now() + (context.rollbackWaitMs ?? DEFAULT_ROLLBACK_WAIT_MS);
  let retryMs = FIRST_RETRY_MS;
  for (let tries = 0; ; tries += 1) {
    const falseAlarm = tries > 0 ? await markedFalseAlarm(context.runtime, finding) : null;
    if (falseAlarm) {
      context.say(`rollback of ${sessionsNamed(sessions)} not run: ${falseAlarm.by} marked the finding a false alarm`);
      return { sessions, falseAlarm: { by: falseAlarm.by, at: falseAlarm.at } };
    }
    try {
      const report = await context.runtime.rollbackIncident({ sessions }, { allowActive: true });
      context.say(`rolled back ${sessionsNamed(sessions)}: ${report.summary}`);
      return { sessions, rollbackId: report.rollbackId, counts: report.counts as unknown as Json, summary: report.summary };
    } catch (error) {
      const busy = BackspaceError.isInstance(error) && error.code === 'rollback_in_progress';
      if (busy && performance.now() < until && !context.stopping?.aborted) {
        await waitUpTo(Math.min(retryMs, until - performance.now()), context.stopping);
        retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
        continue;
      }
      const fault = { code: (error as { code?: string }).code ?? 'error', message: (error as Error).message };
      if (busy) {
        context.say(`rollback of ${sessionsNamed(sessions)} pending: ${fault.message}`);
        return { sessions, pending: fault };
      }
      context.say(`rollback of ${sessionsNamed(sessions)} failed: ${fault.message}`);
      return { sessions, error: fault };
    }
  }
}

/** The false alarm a person marked on the finding since it was read, if any. */
async function markedFalseAlarm(runtime: Runtime, finding: Finding): Promise<Finding['falseAlarm']> {
  const now = (await runtime.supervision.findings(finding.agentId ? { agentId: finding.agentId } : {})).find((candidate) => candidate.findingId === finding.findingId);
  return now?.falseAlarm ?? null;
}

/** Sleeps `ms` of real time, or less when `stop` aborts. */
function waitUpTo(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    stop?.addEventListener('abort', done, { once: true });
  });
}

function sessionsNamed(sessions: string[]): string {
  return `${sessions.length === 1 ? 'session' : 'sessions'} ${sessions.join(', ')}`;
}

async function notify(context: ResponseContext, finding: Finding, response: Record<string, Json>): Promise<Json[]> {
  const sent: Json[] = [];
  const line = `${findingLine(finding)}${response.paused ? ` → agent ${finding.agentId} paused` : ''}${response.rollbacks ? rollbackNews(response) : ''}`;
  if (context.notify?.webhook) {
    try {
      const answer = await fetch(context.notify.webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: line, finding, response }),
        signal: AbortSignal.timeout(10_000),
      });
      sent.push({ to: 'webhook', status: answer.status });
    } catch (error) {
      // Only the error's name: a webhook URL often carries a secret, and some errors repeat it.
      sent.push({ to: 'webhook', error: errorName(error) });
    }
  }
  if (context.notify?.slackChannel && context.slack) {
    try {
      await context.slack.web.chat.postMessage({ channel: context.notify.slackChannel, text: line });
      sent.push({ to: 'slack', channel: context.notify.slackChannel });
    } catch (error) {
      sent.push({ to: 'slack', channel: context.notify.slackChannel, error: errorName(error) });
    }
  }
  return sent;
}

function rollbackNews(response: Record<string, Json>): string {
  if (rollbackPending(response)) return ', rollback pending: a release or another rollback holds the session';
  const rollbacks = response.rollbacks as { falseAlarm?: unknown; error?: { code?: unknown }; counts?: Partial<Record<'failed' | 'unreachable' | 'conflicts', number>>; summary?: unknown }[];
  if (rollbacks.length > 0 && rollbacks.every((rollback) => rollback?.falseAlarm !== undefined)) return ', rollback not run: marked a false alarm';
  // Announced as done only when it is: a failed rollback, or one that left a write in place, says so.
  const unfinished = rollbacks.filter((rollback) => rollback?.error !== undefined || ['failed', 'unreachable', 'conflicts'].some((count) => (rollback?.counts?.[count as 'failed'] ?? 0) > 0));
  if (unfinished.length > 0) return `, rollback did not finish: ${unfinished.map((rollback) => (rollback.error ? String(rollback.error.code ?? 'error') : String(rollback.summary ?? ''))).join('; ')}`;
  return ', its session(s) rolled back';
}

function errorName(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'error';
}
