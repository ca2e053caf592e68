// A rollback step is verified by its inverse's own answer where Slack's answer shows the new state, and
// read again where it does not: chat.update's answer may leave blocks out, which says nothing about them.
// What the rollback leaves is read back from the simulator's own state.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function undoAnEdit(edit: Record<string, unknown>) {
  const clock = scaledClock(100);
  const { simulator, adapter } = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  const bot = simulator.client(simulator.seed.tokens.agent);
  const ts = String((await bot.chat.postMessage({ channel, text: 'Release at 5pm' })).ts);
  const session = await runtime.startSession({ agentId: 'editor' });
  await session.run('slack.message.update', { channel, ts, ...edit });
  await session.end();
  simulator.log.clear();
  const report = await runtime.rollback(session.id);
  const paths = simulator.log.entries().map((entry) => entry.path);
  return { report, message: simulator.workspace.findMessage(channel, ts)!, afterWrite: paths.slice(paths.indexOf('/api/chat.update') + 1) };
}

describe('slack: an inverse verified by its own answer', () => {
  it('restores an edited text and takes chat.update’s answer for it: nothing is read after the write', async () => {
    const { report, message, afterWrite } = await undoAnEdit({ text: 'Release at 6pm' });
    expect(report.steps[0]).toMatchObject({ outcome: 'verified' });
    expect(message.text).toBe('Release at 5pm');
    expect(afterWrite).toEqual([]);
  });

  it('reads the message again when the answer leaves out a field it restored (blocks taken off)', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Release at 6pm*' } }];
    const { report, message, afterWrite } = await undoAnEdit({ text: 'Release at 6pm', blocks });
    expect(report.steps[0]).toMatchObject({ outcome: 'verified' });
    expect(message.text).toBe('Release at 5pm');
    expect(message.blocks).toBeUndefined();
    expect(afterWrite).toEqual(['/api/conversations.history']);
  });
});
