// A held call (deferred effect) is sent by the supervisor only when no finding about its session
// stands. A complaint spike over several of an agent's sessions is journaled with no session of its own
// (it names them in its evidence), so the release did not see it: once a person resumed the paused
// agent, without marking the finding a false alarm, the supervisor sent the held delete of a session
// the customers had complained about. The audit delay passes on a clock the test sets. Read back through
// the Slack simulator's own state and request log, and the journal.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSupervisor } from './index.js';
import { channelTexts, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const DELAY_MS = 600_000;

it('a held call of a session a standing complaint spike names stays held after the agent is resumed', async () => {
  const clock = setClock(Date.now());
  const rig = await slackRig({ clock });
  cleanup.push(() => rig.close());
  const { channel, privateChannel } = rig.simulator.seed;
  const launch = String((await rig.simulator.client(rig.simulator.seed.tokens.agent).chat.postMessage({ channel: privateChannel, text: 'Launch moved to Friday' })).ts);
  const lines: string[] = [];
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    slack: rig.supervisorAdapter,
    clock,
    say: (line) => lines.push(line),
    config: {
      auditDelayMs: DELAY_MS,
      pollMs: 20,
      triggers: {
        policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause' },
        complaints: { channel, patterns: ['spam'], threshold: 2, windowMs: 3_600_000, pollMs: 50, response: 'pause' },
      },
    },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());

  const first = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-8' });
  await first.run('slack.message.post', { channel: privateChannel, text: 'About CASE-8' });
  await first.end();
  const second = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-8', defer: 'irreversible' });
  await second.run('slack.message.post', { channel: privateChannel, text: 'About CASE-8, again' });
  expect(await second.run('slack.message.delete', { channel: privateChannel, ts: launch })).toMatchObject({ deferred: true, status: 'held' });
  await second.end();
  await waitFor(() => supervisor.stats.seen === 2, 5000, 'the supervisor to read both posts');

  const customer = rig.simulator.client();
  for (const text of ['CASE-8 spam', 'spam again, CASE-8']) await customer.chat.postMessage({ channel, text });
  await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 1, 5000, 'the pause');
  const [finding] = await rig.supervisorRuntime.supervision.findings();
  expect(finding).toMatchObject({ trigger: 'complaints', sessionId: null, falseAlarm: null });

  // A person resumes the agent, and leaves the finding standing.
  const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [], clock });
  await operator.resume({ scope: { agentId: 'outreach' }, by: 'dana', reason: 'talking to the customer first' });
  // The supervisor's kill switch has seen the resume: only the standing finding can keep the call held.
  await waitFor(async () => (await rig.supervisorRuntime.activeKills()).length === 0, 5000, "the supervisor's runtime to see the resume");
  clock.set(clock.now() + DELAY_MS + 1000);
  await waitFor(() => lines.some((line) => line.startsWith('kept') || line.startsWith('released')), 5000, 'the held call audited and judged');

  expect(lines.filter((line) => line.startsWith('released'))).toEqual([]);
  expect(rig.simulator.log.entries().filter((entry) => entry.path === '/api/chat.delete')).toHaveLength(0);
  expect(channelTexts(rig.simulator, privateChannel)).toContain('Launch moved to Friday');
  expect(await entriesOf(rig.journal, 'deferred.released')).toEqual([]);
}, 20_000);
