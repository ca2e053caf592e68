// An audit falls due a delay after the action was committed, and the commit's time is what the agent's
// runtime stamped on it: an agent host whose clock runs ahead (misset, or set so on purpose) put its
// audits as far off as its clock was ahead, a day here, and nothing it did in that time was looked at.
// The delay now counts from no later than when the supervisor first read the action. The supervisor
// runs on a clock the test sets. Read back through the journal and the Slack simulator's own state.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSlackAdapter } from '@backspace/slack';
import { createSupervisor } from './index.js';
import { channelTexts, dataOf, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const DAY = 86_400_000;
const DELAY_MS = 600_000;

it('an agent whose clock runs a day ahead is audited a delay after the supervisor read its action, not a day later', async () => {
  const start = Date.UTC(2026, 0, 5, 9);
  const clock = setClock(start);
  const rig = await slackRig({ clock });
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const agentRuntime = createRuntime({ journal: rig.journal, adapters: [createSlackAdapter({ token: rig.simulator.seed.tokens.agent, baseUrl: rig.simulator.url })], policy: [], clock: setClock(start + DAY) });
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    clock,
    config: { auditDelayMs: DELAY_MS, pollMs: 20, triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } } },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());

  const session = await agentRuntime.startSession({ agentId: 'announcer' });
  await session.run('slack.message.post', { channel, text: 'internal: ACME may churn' });
  await waitFor(() => supervisor.stats.seen === 1, 5000, 'the supervisor to read the post');
  clock.set(start + DELAY_MS + 1000);

  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the response');
  const [audit] = await entriesOf(rig.journal, 'supervisor.audit');
  expect(dataOf(audit!)).toMatchObject({ outcome: 'finding', agentId: 'announcer' });
  expect(channelTexts(rig.simulator, channel)).not.toContain('internal: ACME may churn');
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'announcer' }]);
});
