// A channel the agent created is archived only while nobody else talks in it. People talk in threads
// too: a person's reply under the agent's message in that channel never shows in the channel's history
// (only the parent does, naming who replied in `reply_users`), so counting the history's messages alone
// would archive their conversation. Read back through the simulator's workspace, never the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe("slack: a person's thread reply in a channel the agent created", () => {
  it('keeps the channel unarchived: her reply is talk in it, as a top-level message would be', async () => {
    const { simulator, adapter } = await startSlack();
    const journal = createSqliteJournal({ path: ':memory:' });
    open.push(simulator, journal);
    const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock: scaledClock(100) });
    const session = await runtime.startSession({ agentId: 'organizer' });
    const created = await session.run<{ channel: { id: string } }>('slack.channel.create', { name: 'launch-room' });
    const channel = created.channel.id;
    const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Who owns the launch checklist?' });
    await session.end();
    const person = simulator.client();
    await person.conversations.join({ channel });
    await person.chat.postMessage({ channel, thread_ts: posted.ts, text: 'I do, drafting it now' });

    const report = await runtime.rollback(session.id);

    expect(simulator.workspace.channels.get(channel)!.isArchived).toBe(false);
    expect(report.steps.find((step) => step.action === 'slack.channel.create')?.outcome).toBe('conflict');
    // Her reply is there, under the agent's message (corrected, not deleted).
    const parent = simulator.workspace.findMessage(channel, posted.ts)!;
    expect(parent.replies.map((ts) => simulator.workspace.findMessage(channel, ts)?.text)).toContain('I do, drafting it now');
  });
});
