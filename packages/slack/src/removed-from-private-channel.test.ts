// A person takes the bot out of a private channel (/remove @bot) after the agent posted there, then the
// operator rolls the session back. From then on Slack answers every call the bot makes about that
// channel with channel_not_found, exactly as it does for a deleted channel: the bot cannot tell the two
// apart. The agent's message is still there for everyone in the channel, so a rollback must not count it
// as gone (nor report its undo verified): it says it could not be reached. Read back through the
// simulator's workspace, never through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('slack: the bot removed from a private channel the agent posted in', () => {
  it('is not told the agent’s message is gone: the step is not undone, not verified, and says so', async () => {
    const { simulator, adapter } = await startSlack();
    const journal = createSqliteJournal({ path: ':memory:' });
    open.push(simulator, journal);
    const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock: scaledClock(100) });
    const channel = simulator.seed.privateChannel;
    const session = await runtime.startSession({ agentId: 'account-bot' });
    const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'ACME renewal: offering 40% off' });
    await session.run('slack.reaction.add', { channel, timestamp: posted.ts, name: 'eyes' });
    await session.end();
    await simulator.client().conversations.kick({ channel, user: simulator.seed.botUserId });

    const report = await runtime.rollback(session.id);

    // The message (and the bot's reaction) are still in the channel: nothing was undone.
    const message = simulator.workspace.findMessage(channel, posted.ts);
    expect(message?.text).toBe('ACME renewal: offering 40% off');
    expect([...message!.reactions.keys()]).toEqual(['eyes']);
    // Neither "already undone" nor "gone" (someone deleted it): unreachable, to roll back again once the bot is back.
    expect(report.steps.map((step) => [step.action, step.status, step.outcome])).toEqual([
      ['slack.reaction.add', 'unreachable', 'unreachable'],
      ['slack.message.post', 'unreachable', 'unreachable'],
    ]);
    expect(report.residue.join('\n')).toContain('channel_not_found');
  });
});
