// Idempotency keys belong to a session: the same tool call id in another session is another call,
// written under its own provider key and recorded in that session's own timeline, so each session's
// rollback undoes exactly its own write. On the real Linear and Slack adapters, read in their simulators.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator } from '@backspace/linear/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator } from '@backspace/slack/simulator';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function runtimeWith(adapter: Adapter) {
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  return createRuntime({ journal, adapters: [adapter], policy: [], retry: { baseDelayMs: 1 } });
}

describe('idempotency keys are scoped to their session', () => {
  it('Linear: two sessions reusing a key create two issues (their ids come from the scoped key), each undone by its own rollback', async () => {
    const simulator = await createLinearSimulator();
    open.push(simulator);
    const runtime = runtimeWith(createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }));
    const input = { teamId: simulator.seed.teamId, title: 'Rotate the keys' };
    const first = await runtime.startSession({ agentId: 'ops-bot' });
    const one = await first.run<{ id: string }>('linear.issue.create', input, { idempotencyKey: 'tool-call-1' });
    // The same session asking again gets its recorded result back, and nothing is sent.
    expect(await first.run<{ id: string }>('linear.issue.create', input, { idempotencyKey: 'tool-call-1' })).toMatchObject({ id: one.id });
    await first.end();
    const second = await runtime.startSession({ agentId: 'ops-bot' });
    const two = await second.run<{ id: string }>('linear.issue.create', input, { idempotencyKey: 'tool-call-1' });
    await second.end();

    expect(two.id).not.toBe(one.id);
    expect([...simulator.state.issues.values()].filter((issue) => issue.title === 'Rotate the keys')).toHaveLength(2);
    for (const session of [first, second]) {
      const committed = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed');
      expect(committed, 'each session records its own write').toHaveLength(1);
    }
    const report = await runtime.rollback(second.id);
    expect(report.counts.undone).toBe(1);
    const live = (id: string) => { const issue = simulator.state.issues.get(id); return Boolean(issue && !issue.trashed && !issue.archivedAt); };
    expect([live(one.id), live(two.id)]).toEqual([true, false]);
  });

  it('Slack: a lost answer in the second session is looked up by its own key and never adopts the first session\'s message', async () => {
    const simulator = await createSlackSimulator();
    open.push(simulator);
    const runtime = runtimeWith(createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }));
    const input = { channel: simulator.seed.channel, text: 'Deploy done' };
    const first = await runtime.startSession({ agentId: 'deploy-bot' });
    const posted = await first.run<{ ts: string }>('slack.message.post', input, { idempotencyKey: 'call-9' });
    await first.end();

    const second = await runtime.startSession({ agentId: 'deploy-bot' });
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'drop-after-commit' });
    const again = await second.run<{ ts: string }>('slack.message.post', input, { idempotencyKey: 'call-9' });
    await second.end();
    expect(simulator.faults.fired(), 'the answer was lost, so the write was found by its key').toHaveLength(1);
    expect(again.ts).not.toBe(posted.ts);
    const texts = () => ((simulator.inspect().channels[simulator.seed.channel] as { messages: { ts: string; text: string; tombstone: boolean }[] }).messages).filter((message) => message.text === 'Deploy done' && !message.tombstone).map((message) => message.ts);
    expect(texts().sort()).toEqual([posted.ts, again.ts].sort());

    await runtime.rollback(second.id);
    expect(texts()).toEqual([posted.ts]);
  });
});
