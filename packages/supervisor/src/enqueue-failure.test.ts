// The supervisor reads the journal past the actions it hands to the audit queue. It moved its place in
// the journal on before the queue had taken the jobs: a queue that refused them once (pg-boss's
// database briefly unreachable) left those actions behind the place, never queued again and never
// audited while the process lived. The queue here refuses its first handing-over; the action's audit
// must still happen. Read back through the journal and the Slack simulator's own state.
import { afterEach, expect, it } from 'vitest';
import { systemClock } from '@backspace/core';
import { MemoryAuditQueue } from './index.js';
import type { AuditJob } from './subject.js';
import { channelTexts, dataOf, entriesOf, forbiddenPost, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The in-memory queue, refusing the first jobs it is handed as a queue whose database dropped would. */
class RefusesOnce extends MemoryAuditQueue {
  refused = 0;

  override async enqueue(jobs: AuditJob[]): Promise<void> {
    if (jobs.length > 0 && this.refused === 0) {
      this.refused += 1;
      throw new Error('Connection terminated unexpectedly');
    }
    return super.enqueue(jobs);
  }
}

it('an action whose job the queue refused once is still audited: found, paused, rolled back', async () => {
  const queue = new RefusesOnce(systemClock, 20);
  const { rig, channel, supervisor } = await forbiddenPost(queue, 'internal: ACME may churn', cleanup);

  await waitFor(() => queue.refused === 1, 5000, 'the queue to refuse the job');
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.audit')).length === 1, 5000, 'the audit');
  const [audit] = await entriesOf(rig.journal, 'supervisor.audit');
  expect(dataOf(audit!)).toMatchObject({ outcome: 'finding' });
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the response');
  expect(channelTexts(rig.simulator, channel)).not.toContain('internal: ACME may churn');
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'announcer' }]);
  expect(supervisor.stats.problems).toBe(1);
});
