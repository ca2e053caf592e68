// A pause-and-rollback whose rollback runs as a job of its own (the pg-boss response queue) is queued
// after the pause; a person who looks at the finding meanwhile, marks it a false alarm and resumes the
// agent must not see the agent's work rolled back when the job runs. The job's handler did not look at
// the false alarm: it rolled the session back anyway. The response queue here holds its jobs until the
// test hands them over, so the false alarm comes between the queueing and the run every time. Read
// back through the Slack simulator's state and the journal.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, systemClock } from '@backspace/core';
import { createSupervisor, MemoryAuditQueue, markFalseAlarm, type ResponseJob, type ResponseQueue } from './index.js';
import { channelTexts, entriesOf, forbiddenPost, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The in-memory audit queue, with a response queue whose jobs wait until `runQueued` hands them over. */
class HeldResponses extends MemoryAuditQueue {
  readonly queued: ResponseJob[] = [];
  private handle: ((job: ResponseJob) => Promise<void>) | null = null;
  readonly responses: ResponseQueue = {
    enqueue: async (job) => void this.queued.push(job),
    work: async (handle) => void (this.handle = handle),
  };

  async runQueued(): Promise<void> {
    for (const job of this.queued.splice(0)) await this.handle!(job);
  }
}

async function flagged() {
  const queue = new HeldResponses(systemClock, 20);
  const { rig, channel, supervisor } = await forbiddenPost(queue, 'Office closed Friday', cleanup);
  await waitFor(() => queue.queued.length === 1, 5000, 'the rollback queued');
  expect((await entriesOf(rig.journal, 'kill')).length).toBe(1);
  return { rig, channel, queue, supervisor };
}

it('a queued rollback of a finding a person marked a false alarm meanwhile is not run: the agent’s work stays', async () => {
  const { rig, channel, queue, supervisor } = await flagged();
  const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [] });
  const [finding] = await operator.supervision.findings();
  await markFalseAlarm(operator, finding!.findingId, { by: 'dana', reason: 'announcements belong in general' });
  await operator.resume({ scope: { agentId: 'announcer' }, by: 'dana', reason: 'false alarm' });

  await queue.runQueued();

  expect(channelTexts(rig.simulator, channel)).toContain('Office closed Friday');
  expect(await entriesOf(rig.journal, 'rollback.started')).toEqual([]);
  expect(await rig.agentRuntime.activeKills()).toEqual([]);
  expect(supervisor.stats.problems).toBe(0);
});

it('the same queued rollback, no false alarm marked, runs: the message is gone', async () => {
  const { rig, channel, queue } = await flagged();
  await queue.runQueued();
  expect(channelTexts(rig.simulator, channel)).not.toContain('Office closed Friday');
  expect(await entriesOf(rig.journal, 'rollback.started')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'supervisor.response')).toHaveLength(1);
});

it('a rollback waiting for its session’s lock (a release under way) is not run once a person marks the finding a false alarm', async () => {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const session = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  // An operator's release of the session's held calls holds its rollback lock.
  const lock = await rig.journal.lockRollback!(session.id, 'operator:release');
  expect(lock).not.toBeNull();
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    config: { auditDelayMs: 0, pollMs: 20, rollbackWaitMs: 20_000, triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } } },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  await session.run('slack.message.post', { channel, text: 'Office closed Friday' });
  await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 1, 5000, 'the pause');

  const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [] });
  const [finding] = await operator.supervision.findings();
  await markFalseAlarm(operator, finding!.findingId, { by: 'dana', reason: 'announcements belong in general' });
  await lock!.release();

  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 10_000, 'the response');
  expect(channelTexts(rig.simulator, channel)).toContain('Office closed Friday');
  expect(await entriesOf(rig.journal, 'rollback.started')).toEqual([]);
}, 20_000);
