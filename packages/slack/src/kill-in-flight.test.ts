// The kill switch stops a Slack call in flight: the WebClient takes no signal per call, so the adapter's
// `fetch` joins each request to its call's; the call returns at once, recorded as an unknown outcome, and
// the rollback finds the message by its key and deletes it. An inverse stops the same way.
import { afterEach, expect, it } from 'vitest';
import { compensationOperations, createRuntime, ProviderError, systemClock, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';

const HELD_MS = 3_000;
let simulator: SlackSimulator | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

const postedBy = (slack: SlackSimulator, text: string) => [...slack.workspace.messages.values()].filter((message) => !message.tombstone && message.text.includes(text));

it('a kill stops a post Slack has not answered, before its answer comes; the rollback still deletes the message', async () => {
  const slack = await startSlack();
  simulator = slack.simulator;
  // The bound on a write in flight is how long Slack holds it: the rollback waits it out.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [slack.adapter], policy: [], inFlightTimeoutMs: HELD_MS });
  const session = await runtime.startSession({ agentId: 'hung-bot' });
  // Slack holds the post for a while (the adapter's own timeout is 30 s, longer still).
  simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'delay', ms: HELD_MS, clock: 'real' });
  const started = performance.now();
  const call = session.run('slack.message.post', { channel: simulator.seed.channel, text: 'Posted by a hung agent' }).catch((error: unknown) => error);
  await until(() => simulator!.faults.fired().length === 1);

  await runtime.kill({ scope: { agentId: 'hung-bot' }, reason: 'hung', by: 'ops' });
  const error = (await call) as { code?: string; cause?: unknown };
  expect(performance.now() - started, 'the call returned long before Slack would answer').toBeLessThan(HELD_MS / 2);
  expect(error.code).toBe('killed');
  expect(error.cause).toBeInstanceOf(ProviderError);
  expect(error.cause).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect((await runtime.journal.sessionEntries(session.id)).at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });

  // The post still landed once Slack got to it: the rollback looks it up by its key and deletes it.
  await until(() => postedBy(simulator!, 'Posted by a hung agent').length === 1);
  await runtime.endSession(session.id, { by: 'ops' });
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
  expect(postedBy(simulator, 'Posted by a hung agent')).toEqual([]);
});

it('an inverse declared beside its action stops at once when its run is stopped, as the action does', async () => {
  const slack = await startSlack();
  simulator = slack.simulator;
  const posted = await slack.adapter.client.web.chat.postMessage({ channel: simulator.seed.channel, text: 'Deleted by a rollback that is killed' });
  simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'delay', ms: HELD_MS, clock: 'real' });
  const stop = new AbortController();
  const remove = compensationOperations(slack.adapter)['slack.message.delete']!;
  const started = performance.now();
  const run = remove.run({ channel: simulator.seed.channel, ts: posted.ts }, { client: slack.adapter.client, idempotencyKey: 'compensate:kill', clock: systemClock, signal: stop.signal }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  await until(() => simulator!.faults.fired().length === 1);
  stop.abort(new Error('killed'));
  expect(await run).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect(performance.now() - started, 'the inverse returned long before Slack would answer').toBeLessThan(HELD_MS / 2);
});
