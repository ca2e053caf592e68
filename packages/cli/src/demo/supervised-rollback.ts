// The demo's rollback without a person: the supervisor audits the incident's actions ten minutes after
// each commit, on a clock running 600 times faster, finds the duplicate tickets and the internal note
// in the public #general, pauses the agent and rolls its session back by itself.
import { scaledClock, type Adapter, type Finding, type RollbackReport, type Runtime } from '@backspace/core';
import type { SlackConnection } from '@backspace/slack';
import { createSupervisor, type AuditRule } from '@backspace/supervisor';
import { paint } from '../output.js';

export const DEMO_AUDIT_DELAY_MS = 10 * 60_000;
const CLOCK_SPEED = 600;

/** What the supervisor needs of a demo part. */
type DemoPart = { provider: string; adapter: Adapter };

/** The rules a team would write after this incident: internal notes stay out of #general, no duplicate tickets. */
async function demoRules(parts: DemoPart[]): Promise<AuditRule[]> {
  const rules: AuditRule[] = [{ kind: 'duplicate', name: 'no-duplicate-tickets', action: 'linear.issue.create', fields: ['title'] }];
  const slack = parts.find((part) => part.provider === 'slack')?.adapter.client as SlackConnection | undefined;
  const listed = await slack?.web.conversations.list({ types: 'public_channel' });
  const general = listed?.channels?.find((channel) => channel.name === 'general')?.id;
  if (general) rules.push({ kind: 'forbid-input', name: 'internal-notes-stay-out-of-general', action: 'slack.message.post', field: 'channel', values: [general] });
  return rules;
}

/** Runs the supervisor until it has rolled the session back; gives the rollback's report and the findings. */
export async function supervisedRollback(runtime: Runtime, parts: DemoPart[], sessionId: string, say: (line?: string) => void): Promise<{ report: RollbackReport; findings: Finding[] }> {
  const reports: RollbackReport[] = [];
  // The supervisor's rollbacks (a finding's sessions as one incident) go through the demo's runtime; the
  // first one's report is the demo's.
  const watched: Runtime = { ...runtime, rollbackIncident: async (scope, options) => {
    const report = await runtime.rollbackIncident(scope, options);
    reports.push(report);
    return report;
  } };
  const supervisor = createSupervisor({
    runtime: watched,
    clock: scaledClock(CLOCK_SPEED),
    config: { auditDelayMs: DEMO_AUDIT_DELAY_MS, pollMs: 20, triggers: { policy: { rules: await demoRules(parts), response: 'pause-and-rollback' } } },
    say: (line) => say(`   ${paint('magenta', 'supervisor')} ${line}`),
  });
  const committed = (await runtime.journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'action.committed').length;
  await supervisor.start();
  try {
    // Every action audited, so the timeline shows each finding, not only the first that paused the agent.
    const deadline = Date.now() + 30_000;
    while ((reports.length === 0 || supervisor.stats.audited < committed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await supervisor.stop();
  }
  if (reports.length === 0) throw new Error('the supervisor did not roll the demo session back within 30 s');
  return { report: reports[0]!, findings: await runtime.supervision.findings({ sessionId }) };
}
