// A session an operator rolled back by hand before its audit came due: the audit still finds the
// breach and answers it (the agent paused), but the rollback must not undo the session a second time,
// nor take back what was done since: here the agent's later session reworded the same message, and
// that wording stays. The agent, the operator and the supervisor run on a clock the test sets, so the
// audit comes due only after the hand rollback and the later edit. Read back through the Slack
// simulator's own state and request log, and the journal.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSupervisor } from './index.js';
import { channelTexts, dataOf, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const DELAY_MS = 600_000;

it('a session rolled back by hand before its audit: found and paused, nothing undone twice, later work kept', async () => {
  const start = Date.UTC(2026, 0, 5, 9);
  const clock = setClock(start);
  const rig = await slackRig({ clock });
  cleanup.push(() => rig.close());
  const { privateChannel: channel } = rig.simulator.seed;
  const leak = 'Launch Friday (internal: ACME may churn)';
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    clock,
    config: { auditDelayMs: DELAY_MS, pollMs: 20, triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'no-leaks', action: 'slack.message.update', field: 'text', values: [leak] }], response: 'pause-and-rollback' } } },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());

  const first = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  const posted = (await first.run('slack.message.post', { channel, text: 'Launch Friday' })) as { ts: string };
  await first.end();
  const leaking = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  await leaking.run('slack.message.update', { channel, ts: posted.ts, text: leak });
  await leaking.end();

  // An operator sees it first and rolls the session back by hand; the agent then rewords the message.
  clock.set(start + 60_000);
  const operator = createRuntime({ journal: rig.journal, adapters: [rig.supervisorAdapter], policy: [], clock });
  const byHand = await operator.rollback(leaking.id);
  expect(byHand.counts).toMatchObject({ undone: 1, failed: 0 });
  expect(channelTexts(rig.simulator, channel)).toContain('Launch Friday');
  const later = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  await later.run('slack.message.update', { channel, ts: posted.ts, text: 'Launch Monday' });
  await later.end();
  const updatesBefore = rig.simulator.log.entries().filter((entry) => entry.path === '/api/chat.update').length;

  clock.set(start + DELAY_MS + 120_000);
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the response');
  const [finding] = await entriesOf(rig.journal, 'supervisor.finding');
  expect(finding).toMatchObject({ sessionId: leaking.id });
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'announcer' }]);
  expect(channelTexts(rig.simulator, channel)).toContain('Launch Monday');
  expect(channelTexts(rig.simulator, channel)).not.toContain(leak);
  expect(rig.simulator.log.entries().filter((entry) => entry.path === '/api/chat.update').length).toBe(updatesBefore);
  const [response] = await entriesOf(rig.journal, 'supervisor.response');
  const [rollback] = (dataOf(response!).response as { rollbacks: { error?: unknown; counts?: Record<string, number> }[] }).rollbacks;
  expect(rollback!.error).toBeUndefined();
  expect(rollback!.counts).toMatchObject({ failed: 0 });
});
