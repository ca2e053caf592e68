// The supervisor on one SQLite journal against the Slack simulator: an action audited once its delay
// has passed, a finding journaled, the agent paused through the kill switch and its session rolled
// back, read back through the simulator's state and the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, createWriterKey, writerOf, writerProblem } from '@backspace/core';
import { createSupervisor, markFalseAlarm, type Supervisor, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

const codeOf = (error: unknown) => (BackspaceError.isInstance(error) ? error.code : String(error));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function started(rig: Awaited<ReturnType<typeof slackRig>>, config: SupervisorConfig, extra: Partial<Parameters<typeof createSupervisor>[0]> = {}): Promise<Supervisor & { lines: string[] }> {
  const lines: string[] = [];
  const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, config, say: (line) => lines.push(line), ...extra });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  return Object.assign(supervisor, { lines });
}

describe('policy after the fact', () => {
  it('a private note posted to a public channel is found once its delay passed: agent paused, message gone, all journaled', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const { channel, privateChannel } = rig.simulator.seed;
    const supervisor = await started(rig, {
      auditDelayMs: 400,
      pollMs: 20,
      triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'internal-notes-stay-private', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } },
    });
    const session = await rig.agentRuntime.startSession({ agentId: 'triage-agent' });
    await session.run('slack.message.post', { channel: privateChannel, text: 'internal: ACME is on a payment plan' });
    const posted = Date.now();
    await session.run('slack.message.post', { channel, text: 'internal: ACME may churn, offer 40% off' });
    expect(channelTexts(rig.simulator, channel)).toContain('internal: ACME may churn, offer 40% off');

    // Before the delay passes nothing has happened yet.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(0);

    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length > 0, 5000, 'the response');
    expect(Date.now() - posted).toBeGreaterThanOrEqual(400);
    expect(channelTexts(rig.simulator, channel)).not.toContain('internal: ACME may churn, offer 40% off');
    // The note in the private channel was undone too: the whole session is rolled back.
    expect(channelTexts(rig.simulator, privateChannel)).not.toContain('internal: ACME is on a payment plan');

    const [finding] = await entriesOf(rig.journal, 'supervisor.finding');
    expect(finding).toMatchObject({ sessionId: session.id, agentId: 'triage-agent', action: 'slack.message.post' });
    expect(dataOf(finding!)).toMatchObject({ trigger: 'policy', verdict: 'fail', response: 'pause-and-rollback' });
    expect(String(dataOf(finding!).summary)).toContain('internal-notes-stay-private');
    const [kill] = await entriesOf(rig.journal, 'kill');
    expect(dataOf(kill!)).toMatchObject({ scope: { agentId: 'triage-agent' } });
    expect(String(dataOf(kill!).reason)).toContain(String(dataOf(finding!).findingId));
    const [response] = await entriesOf(rig.journal, 'supervisor.response');
    expect(dataOf(response!)).toMatchObject({ findingId: dataOf(finding!).findingId, response: { kind: 'pause-and-rollback', rollbacks: [{ sessions: [session.id], counts: { undone: 2, failed: 0 } }] } });

    // The agent's next action fails fast: it is paused.
    expect(await session.run('slack.message.post', { channel: privateChannel, text: 'one more' }).catch(codeOf)).toBe('killed');
    // Each action audited exactly once, the passing one included.
    const audits = await entriesOf(rig.journal, 'supervisor.audit');
    expect(audits.map((audit) => dataOf(audit).outcome).sort()).toEqual(['finding', 'pass']);
    expect(supervisor.stats).toMatchObject({ audited: 2, findings: 1, problems: 0 });
  });
  it('a post the pause stops in flight still lands at Slack: the rollback waits for it and deletes it too', async () => {
    // The supervisor's rollback came right after its kill: it looked the stopped post up before Slack
    // had made it, could only name it, and the message stayed once it landed.
    const rig = await slackRig({ inFlightTimeoutMs: 3_000 });
    cleanup.push(() => rig.close());
    const { channel, privateChannel } = rig.simulator.seed;
    await started(rig, {
      auditDelayMs: 200,
      pollMs: 20,
      triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'internal-notes-stay-private', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } },
    });
    const session = await rig.agentRuntime.startSession({ agentId: 'triage-agent' });
    await session.run('slack.message.post', { channel, text: 'internal: ACME may churn, offer 40% off' });
    // Slack holds the agent's next post past the audit's delay, and makes it after the pause.
    rig.simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'delay', ms: 2_000, clock: 'real' });
    expect(await session.run('slack.message.post', { channel: privateChannel, text: 'internal: ACME contract terms' }).catch(codeOf)).toBe('killed');

    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length > 0, 10_000, 'the response');
    expect(channelTexts(rig.simulator, channel)).not.toContain('internal: ACME may churn, offer 40% off');
    expect(channelTexts(rig.simulator, privateChannel)).not.toContain('internal: ACME contract terms');
    const [response] = await entriesOf(rig.journal, 'supervisor.response');
    expect(dataOf(response!)).toMatchObject({ response: { rollbacks: [{ sessions: [session.id], counts: { undone: 2, failed: 0 } }] } });
  }, 20_000);
});

describe('sampling', () => {
  it('an evaluator that throws or hangs gives a journaled inconclusive finding; the supervisor goes on', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const { privateChannel } = rig.simulator.seed;
    let calls = 0;
    const supervisor = await started(rig, { auditDelayMs: 0, pollMs: 20, triggers: { sampling: { rate: 1, timeoutMs: 200, response: 'pause' } } }, {
      evaluator: async (subject, signal) => {
        calls += 1;
        if (calls === 1) throw new Error('judge unavailable');
        if (calls === 2) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
        return { verdict: 'pass', confidence: 0.9, reason: `fine: ${subject.action}` };
      },
    });
    const session = await rig.agentRuntime.startSession({ agentId: 'helper' });
    for (const text of ['one', 'two', 'three']) await session.run('slack.message.post', { channel: privateChannel, text });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.audit')).length === 3, 5000, 'three audits');
    const findings = (await entriesOf(rig.journal, 'supervisor.finding')).map(dataOf);
    expect(findings.map((finding) => [finding.trigger, finding.verdict])).toEqual([['sampling', 'inconclusive'], ['sampling', 'inconclusive']]);
    expect(String(findings[0]!.summary)).toContain('judge unavailable');
    expect(String(findings[1]!.summary)).toContain('within 200 ms');
    // Inconclusive is worth a look, never a pause: the agent goes on.
    expect(await rig.agentRuntime.activeKills()).toEqual([]);
    const audits = (await entriesOf(rig.journal, 'supervisor.audit')).map(dataOf);
    expect(audits.map((audit) => [audit.sampled, audit.outcome])).toEqual([[true, 'finding'], [true, 'finding'], [true, 'pass']]);
    expect(supervisor.stats.problems).toBe(0);
  });

  it('samples the same actions on every run: the draw is journaled and deterministic', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const session = await rig.agentRuntime.startSession({ agentId: 'helper' });
    for (let index = 0; index < 20; index += 1) await session.run('slack.message.post', { channel: rig.simulator.seed.privateChannel, text: `note ${index}` });
    const sampledBy = async (): Promise<string[]> => {
      const seen: string[] = [];
      const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, config: { auditDelayMs: 0, pollMs: 10, triggers: { sampling: { rate: 0.3, seed: 'replay' } } }, evaluator: async (subject) => (seen.push(subject.actionId), { verdict: 'pass', confidence: 1, reason: 'ok' }) });
      await supervisor.start();
      await waitFor(() => supervisor.stats.audited + supervisor.stats.alreadyAudited === 20, 5000, 'twenty audits');
      await supervisor.stop();
      return seen.sort();
    };
    const first = await sampledBy();
    const journaled = (await entriesOf(rig.journal, 'supervisor.audit')).filter((audit) => dataOf(audit).sampled).map((audit) => String(dataOf(audit).actionId)).sort();
    expect(first).toEqual(journaled);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(20);
    // A second supervisor finds every action audited and audits none again.
    expect(await sampledBy()).toEqual([]);
    expect(await entriesOf(rig.journal, 'supervisor.audit')).toHaveLength(20);
  });
});

describe('false alarms', () => {
  it('a person marks a finding a false alarm, journaled under their signature; the supervisor cannot', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const operator = createWriterKey('dana@ops', 'operator');
    const watcher = createWriterKey('supervisor-1', 'supervisor');
    const keyring = { writers: [operator.trusted, watcher.trusted] };
    const supervisorRuntime = createRuntime({ journal: rig.journal, adapters: [], policy: [], writer: watcher.identity, keyring });
    const operatorRuntime = createRuntime({ journal: rig.journal, adapters: [], policy: [], writer: operator.identity, keyring });
    const supervisor = createSupervisor({ runtime: supervisorRuntime, config: { auditDelayMs: 0, pollMs: 20, triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [rig.simulator.seed.channel] }], response: 'notify' } } } });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    const session = await rig.agentRuntime.startSession({ agentId: 'announcer' });
    await session.run('slack.message.post', { channel: rig.simulator.seed.channel, text: 'Office closed Friday' });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the notice');
    const [finding] = await operatorRuntime.supervision.findings();
    // Notify only: the agent goes on.
    expect(await rig.agentRuntime.activeKills()).toEqual([]);

    const refused = await supervisorRuntime.supervision.markFalseAlarm(finding!.findingId, { by: 'supervisor-1', reason: 'self-review' }).catch(codeOf);
    expect(refused).toBe('unauthorized');
    const marked = await markFalseAlarm(operatorRuntime, finding!.findingId, { by: 'dana@ops', reason: 'announcements belong in general' });
    expect(marked.falseAlarm).toMatchObject({ by: 'dana@ops', reason: 'announcements belong in general' });
    const [entry] = await entriesOf(rig.journal, 'supervisor.false-alarm');
    expect(writerProblem(entry!, keyring)).toBeNull();
    expect(writerOf(entry!)?.id).toBe('dana@ops');
    expect(dataOf(entry!)).toMatchObject({ findingId: finding!.findingId });
  });
});
