// Stopping the supervisor (Ctrl-C) while its complaints check waits for the Slack adapter's history
// budget: an app outside the Slack Marketplace may read a channel's history once a minute, so a check
// every 30 s spends about half its time waiting for its turn. The stop waited for that turn before it
// returned: up to a minute with nothing to show. It must stop at once, sending nothing more, and count
// no problem for it. The supervisor's Slack adapter runs on a clock that never moves, so its wait never
// ends by itself; its sleeps are counted to know the check is waiting. Read back through the Slack
// simulator's request log.
import { afterEach, expect, it } from 'vitest';
import type { Clock } from '@backspace/core';
import { createSlackAdapter } from '@backspace/slack';
import { createSupervisor } from './index.js';
import { slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

it('a stop while the complaints check waits for its Slack history turn returns without waiting for it', async () => {
  const rig = await slackRig({ appKind: 'non-marketplace' });
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const standing = Date.now();
  const frozen: Clock & { waits: number } = { waits: 0, now: () => standing, sleep: () => ((frozen.waits += 1), new Promise<void>(() => undefined)) };
  const slack = createSlackAdapter({ token: rig.simulator.seed.tokens.agent, baseUrl: rig.simulator.url, appKind: 'non-marketplace', clock: frozen });
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    slack,
    config: { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam'], threshold: 2, windowMs: 60_000, pollMs: 20 } } },
  });
  await supervisor.start();
  await waitFor(() => frozen.waits > 0, 5000, 'the complaints check to wait for its turn');
  const historyReads = () => rig.simulator.log.entries().filter((entry) => entry.path === '/api/conversations.history').length;
  const readsBefore = historyReads();

  await supervisor.stop();
  expect(historyReads()).toBe(readsBefore);
  expect(supervisor.stats.problems).toBe(0);
}, 20_000);
