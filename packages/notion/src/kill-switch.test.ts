// The kill switch stops a Notion call in flight: the request the call is waiting on is aborted, and no
// further request of the call is sent (a content replacement stopped during its append trashes nothing).
// The agent acts through core's runtime; the checks read the simulator's own log and state.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, compensationOperations, createRuntime, ProviderError, systemClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createTestbed, seededBlocks, text, type NotionTestbed } from './test-support.js';

const DELAY_MS = 1_500;
let testbed: NotionTestbed;
afterEach(() => testbed.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the kill switch and a call in flight', () => {
  it('aborts the request the call waits on and sends nothing after it', async () => {
    testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
    const { simulator } = testbed;
    const pageId = simulator.seed.parentPageId;
    const oldBlocks = seededBlocks(simulator);
    simulator.faults.inject({ method: 'PATCH', path: '/v1/blocks/{block_id}/children', kind: 'delay', ms: DELAY_MS, clock: 'real' });
    const session = await runtime.startSession({ agentId: 'rewriter' });
    const call = session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Wrong content') } }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    while (simulator.faults.fired().length === 0) await sleep(10);
    await runtime.kill({ scope: { sessionId: session.id }, reason: 'runaway rewrite', by: 'ops' });

    const error = await call;
    expect(BackspaceError.isInstance(error) && error.code).toBe('killed');
    expect((error as Error).cause).toBeInstanceOf(ProviderError);
    expect((error as Error).cause).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
    // Stopped during its append: not one of the old blocks went to the trash, even once the held append is answered.
    await sleep(DELAY_MS);
    expect(simulator.log.entries().filter((entry) => entry.method === 'DELETE')).toEqual([]);
    expect(oldBlocks.map((id) => simulator.inspect().blocks.get(id)!.inTrash)).toEqual(oldBlocks.map(() => false));
    await journal.close();
  });
});

it('an inverse declared beside its action stops at once when its run is stopped, as the action does', async () => {
  testbed = await createTestbed();
  const { simulator, adapter } = testbed;
  const pageId = simulator.seed.parentPageId;
  simulator.faults.inject({ method: 'PATCH', path: '/v1/pages/{page_id}', kind: 'delay', ms: DELAY_MS, clock: 'real' });
  const stop = new AbortController();
  const trash = compensationOperations(adapter)['notion.page.trash']!;
  const started = Date.now();
  const run = trash.run({ page_id: pageId }, { client: adapter.client, idempotencyKey: 'compensate:kill', clock: systemClock, signal: stop.signal }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  while (simulator.faults.fired().length === 0) await sleep(10);
  stop.abort(new Error('killed'));
  expect(await run).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect(Date.now() - started).toBeLessThan(DELAY_MS);
});
