// A finding over several of an agent's sessions (drift, complaints) names them as it saw them, oldest
// first. Rolled back in that order, the oldest one's post found the later session's edit on it, took it
// for someone else's work and left the message, corrected; rolled back one session at a time newest
// first, sessions that ran at once still did. The response rolls them back as one incident: one plan,
// every write newest first across them, and every session's effect goes. Read back from the
// simulator's own state.
import { afterEach, expect, it } from 'vitest';
import type { Finding } from '@backspace/core';
import { respond } from './responses.js';
import { channelTexts, slackRig } from './test-support/rig.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

it("pause-and-rollback over an agent's sessions given oldest first undoes them all, newest first", async () => {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const first = await rig.agentRuntime.startSession({ agentId: 'drifting-agent' });
  const posted = (await first.run('slack.message.post', { channel, text: 'Prices go up 40% tomorrow' })) as { ts: string };
  await first.end();
  const second = await rig.agentRuntime.startSession({ agentId: 'drifting-agent' });
  await second.run('slack.message.update', { channel, ts: posted.ts, text: 'Prices go up 40% tomorrow, for everyone' });
  await second.end();

  const finding = {
    findingId: 'f-drift', at: new Date().toISOString(), seq: 0, trigger: 'drift', subject: 'drift:drifting-agent:1', verdict: 'fail',
    summary: 'decisions drifted', evidence: {}, response: 'pause-and-rollback', agentId: 'drifting-agent', sessionId: null, falseAlarm: null, responses: [],
  } as unknown as Finding;
  const response = (await respond({ runtime: rig.supervisorRuntime, notify: undefined, slack: null, by: 'supervisor', say: () => undefined }, finding, [first.id, second.id])) as {
    rollbacks: { sessions: string[]; counts: { undone: number; corrected: number; conflicts: number } }[];
  };

  expect(channelTexts(rig.simulator, channel).filter((text) => text.startsWith('Prices go up'))).toEqual([]);
  expect(response.rollbacks.map((rollback) => [rollback.sessions, rollback.counts.undone, rollback.counts.corrected, rollback.counts.conflicts])).toEqual([[[first.id, second.id], 2, 0, 0]]);
});

it("pause-and-rollback over an agent's sessions that ran at once undoes their writes newest first across sessions", async () => {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  // Two sessions of one agent at the same time, on one message: the first session posts it, the second
  // rewords it, the first rewords it again.
  const first = await rig.agentRuntime.startSession({ agentId: 'drifting-agent' });
  const second = await rig.agentRuntime.startSession({ agentId: 'drifting-agent' });
  const posted = (await first.run('slack.message.post', { channel, text: 'Prices go up 40% tomorrow' })) as { ts: string };
  await second.run('slack.message.update', { channel, ts: posted.ts, text: 'Prices go up 40% tomorrow, for everyone' });
  await first.run('slack.message.update', { channel, ts: posted.ts, text: 'Prices go up 40% tomorrow, for everyone, no refunds' });
  await first.end();
  await second.end();

  const finding = {
    findingId: 'f-drift-overlap', at: new Date().toISOString(), seq: 0, trigger: 'drift', subject: 'drift:drifting-agent:2', verdict: 'fail',
    summary: 'decisions drifted', evidence: {}, response: 'pause-and-rollback', agentId: 'drifting-agent', sessionId: null, falseAlarm: null, responses: [],
  } as unknown as Finding;
  await respond({ runtime: rig.supervisorRuntime, notify: undefined, slack: null, by: 'supervisor', say: () => undefined }, finding, [first.id, second.id]);

  expect(channelTexts(rig.simulator, channel).filter((text) => text.startsWith('Prices go up'))).toEqual([]);
});
