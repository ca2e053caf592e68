// session.run is typed from the adapters a runtime was given: an action name the Slack adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

it('a message posted through a typed session comes back typed, and a wrong name or input is refused', async () => {
  const { simulator, adapter } = await startSlack();
  open.push(simulator);
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'announcer' });
  const channel = simulator.seed.channel;

  const posted = await session.run('slack.message.post', { channel, text: 'Deploy finished, all green' });
  const ts: string = posted.ts;
  const stored = [...simulator.workspace.messages.values()].find((message) => message.ts === ts && message.channel === channel);
  expect(stored?.text.replace(/[\u200b\u200c\u2063]/g, '')).toBe('Deploy finished, all green');

  // @ts-expect-error: no such action (a typo of slack.message.post)
  await expect(session.run('slack.message.pots', { channel, text: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: the channel is required, and `chanel` is no field of slack.message.post
  await expect(session.run('slack.message.post', { chanel: channel, text: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: reply_broadcast is a boolean
  await expect(session.run('slack.message.post', { channel, text: 'x', reply_broadcast: 'yes' })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect([...simulator.workspace.messages.values()].map((message) => message.text)).not.toContain('x');
});
