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

export async function respond(context: ResponseContext, finding: Finding, sessions: string[]): Promise<Json> {
  // An inconclusive verdict is worth a look, not a pause: nothing proved the agent wrong.
  const kind: ResponseKind = finding.verdict === 'inconclusive' ? 'notify' : ((finding.response as ResponseKind) ?? 'notify');
  const response: Record<string, Json> = { kind };
  if (kind !== 'notify' && finding.agentId) {
    await context.runtime.kill({ scope: { agentId: finding.agentId }, reason: findingLine(finding), by: context.by });
    response.paused = { agentId: finding.agentId };
    context.say(`paused agent ${finding.agentId}: ${finding.summary}`);
  }
  if (kind === 'pause-and-rollback') {
    const reports: Json[] = [];
    for (const sessionId of await newestFirst(context.runtime, finding, sessions)) {
      try {
        const report = await context.runtime.rollback(sessionId, { allowActive: true });
        reports.push({ sessionId, rollbackId: report.rollbackId, counts: report.counts as unknown as Json, summary: report.summary });
        context.say(`rolled back session ${sessionId}: ${report.summary}`);
      } catch (error) {
        reports.push({ sessionId, error: { code: (error as { code?: string }).code ?? 'error', message: (error as Error).message } });
        context.say(`rollback of session ${sessionId} failed: ${(error as Error).message}`);
      }
    }
    response.rollbacks = reports;
  }
  response.notified = (await notify(context, finding, response)) as Json;
  return response;
}

/**
 * The sessions newest first, as an incident is rolled back: a later session's edit of what an earlier
 * one made comes off first, so the earlier write is still the agent's when its turn comes (oldest
 * first, it would find the later edit and keep the write as someone else's work). Sessions that
 * started together keep the reverse of the order given (a finding names them as it saw them).
 */
async function newestFirst(runtime: Runtime, finding: Finding, sessions: string[]): Promise<string[]> {
  const started = new Map((await runtime.journal.sessions(finding.agentId ? { agentId: finding.agentId } : {})).map((session) => [session.id, session.startedAt]));
  return sessions
    .map((sessionId, index) => ({ sessionId, index, at: started.get(sessionId) ?? '' }))
    .sort((a, b) => b.at.localeCompare(a.at) || b.index - a.index)
    .map(({ sessionId }) => sessionId);
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
