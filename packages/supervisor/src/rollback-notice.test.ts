// The notice of a pause-and-rollback (Slack operations channel, webhook) is what a person reads at
// night. It said "its session(s) rolled back" whatever the rollback did: one that failed, or that left
// a write in place, was announced as done while the agent's message was still up. Slack refuses the
// rollback's delete here; the notice must say the rollback did not finish. Read back through the Slack
// simulator's own state (the channels' messages) and the journal.
import { afterEach, expect, it } from 'vitest';
import { createSupervisor } from './index.js';
import { channelTexts, dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function flaggedPost({ deleteRefused }: { deleteRefused: boolean }) {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel, privateChannel } = rig.simulator.seed;
  if (deleteRefused) rig.simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'server-error', times: 20, respond: () => ({ status: 200, headers: {}, body: { ok: false, error: 'cant_delete_message' } }) });
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    slack: rig.supervisorAdapter,
    config: {
      auditDelayMs: 0,
      pollMs: 20,
      triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } },
      notify: { slackChannel: privateChannel },
    },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  const session = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  await session.run('slack.message.post', { channel, text: 'internal: ACME may churn' });
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 10_000, 'the response');
  const [response] = await entriesOf(rig.journal, 'supervisor.response');
  const notices = channelTexts(rig.simulator, privateChannel).filter((text) => text.startsWith('supervisor finding'));
  return { rig, channel, notices, response: dataOf(response!).response as { rollbacks: { counts?: { failed: number } }[] } };
}

it('a rollback Slack refused is not announced as done: the notice says it did not finish', async () => {
  const { rig, channel, notices, response } = await flaggedPost({ deleteRefused: true });
  // The agent's message is still up, and the journal says the step failed.
  expect(channelTexts(rig.simulator, channel)).toContain('internal: ACME may churn');
  expect(response.rollbacks[0]!.counts?.failed).toBe(1);
  expect(notices).toHaveLength(1);
  expect(notices[0]).not.toContain('rolled back');
  expect(notices[0]).toContain('rollback did not finish');
}, 20_000);

it('a rollback that undid everything is announced as done', async () => {
  const { rig, channel, notices } = await flaggedPost({ deleteRefused: false });
  expect(channelTexts(rig.simulator, channel)).not.toContain('internal: ACME may churn');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toContain('its session(s) rolled back');
});
