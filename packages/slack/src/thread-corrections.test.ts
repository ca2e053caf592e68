// Corrections posted as thread replies (the `thread-reply` style) each name the message they correct
// (`corrects` in their metadata). The agent's message and the agent's own reply under it sit in one
// thread: the reply's correction, posted first, must not pass for the parent's, or the parent keeps
// the agent's text with no correction of its own while the rollback reports it corrected.
// Read back through the simulator's workspace, never through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { CORRECTION_EVENT } from './marker.js';
import { startSlack, virtualClock } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('slack: the agent’s message and its own reply under it, both built on by a person, corrected by thread replies', () => {
  it('gets a correction of its own, not only its reply’s', async () => {
    // A non-Marketplace app reads one thread a minute: the parent's thread is read after the reply's correction is in it.
    const clock = virtualClock();
    const { simulator, adapter } = await startSlack({ correction: 'thread-reply', appKind: 'non-marketplace', clock });
    const journal = createSqliteJournal({ path: ':memory:' });
    open.push(simulator, journal);
    const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
    const channel = simulator.seed.channel;
    const session = await runtime.startSession({ agentId: 'billing-bot' });
    const parent = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Refund approved for ACME' });
    const reply = await session.run<{ ts: string }>('slack.message.post', { channel, thread_ts: parent.ts, text: 'Processing it now' });
    await session.end();
    const person = simulator.client();
    await person.reactions.add({ channel, timestamp: reply.ts, name: 'tada' });
    await person.chat.postMessage({ channel, thread_ts: parent.ts, text: 'Great, telling the customer' });

    const report = await runtime.rollback(session.id);

    const thread = simulator.workspace.findMessage(channel, parent.ts)!.replies.map((ts) => simulator.workspace.findMessage(channel, ts)!);
    const corrected = thread.filter((message) => message.metadata?.event_type === CORRECTION_EVENT).map((message) => message.metadata!.event_payload['corrects']);
    expect(corrected.sort()).toEqual([parent.ts, reply.ts].sort());
    expect(report.steps.map((step) => step.outcome)).toEqual(['corrected', 'corrected']);
  });
});
