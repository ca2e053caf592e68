// What a finding leads to: a notice (webhook and Slack operations channel), a pause through the kill
// switch with the finding as the reason, or a pause and the rollback of the sessions concerned, each
// journaled as the finding's response with the rollback reports linked.
import type { Finding, Json, Runtime } from '@backspace/core';
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
}

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
    // The sessions as one incident, as an operator's would be: one plan, every write newest first across
    // them, so sessions that ran at once come off in the order they wrote (one at a time, an older
    // session's write would find a newer session's edit on it and stay, as someone else's work).
    try {
      const report = await context.runtime.rollbackIncident({ sessions }, { allowActive: true });
      response.rollbacks = [{ sessions, rollbackId: report.rollbackId, counts: report.counts as unknown as Json, summary: report.summary }];
      context.say(`rolled back ${sessionsNamed(sessions)}: ${report.summary}`);
    } catch (error) {
      response.rollbacks = [{ sessions, error: { code: (error as { code?: string }).code ?? 'error', message: (error as Error).message } }];
      context.say(`rollback of ${sessionsNamed(sessions)} failed: ${(error as Error).message}`);
    }
  }
  response.notified = (await notify(context, finding, response)) as Json;
  return response;
}

function sessionsNamed(sessions: string[]): string {
  return `${sessions.length === 1 ? 'session' : 'sessions'} ${sessions.join(', ')}`;
}

async function notify(context: ResponseContext, finding: Finding, response: Record<string, Json>): Promise<Json[]> {
  const sent: Json[] = [];
  const line = `${findingLine(finding)}${response.paused ? ` → agent ${finding.agentId} paused` : ''}${response.rollbacks ? ', its session(s) rolled back' : ''}`;
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

function errorName(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'error';
}
