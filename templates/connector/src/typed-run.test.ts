// session.run is typed from the adapters a runtime was given: an action name the __Title__ adapter does
// not have, or an input its schema refuses, is a compile error (checked by `tsc`: each @ts-expect-error
// below fails it when its error goes away), and the answer comes back typed, with no cast. At run time
// the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { create__Name__Adapter } from './connector.js';
import { create__Name__Simulator, type __Name__Simulator } from './simulator/index.js';

let simulator: __Name__Simulator | undefined;
let journal: JournalStore | undefined;
afterEach(async () => {
  await journal?.close();
  await simulator?.close();
  simulator = journal = undefined;
});

it('an item created through a typed session comes back typed, and a wrong name or input is refused', async () => {
  const running = (simulator = await create__Name__Simulator());
  journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [create__Name__Adapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [] });
  const session = await runtime.startSession({ agentId: 'typed-agent' });

  const item = await session.run('__name__.item.create', { title: 'Refund in full' });
  const id: string = item.id;
  expect(running.inspectResource({ provider: '__name__', type: 'item', id })).toMatchObject({ title: 'Refund in full' });

  // @ts-expect-error: no such action (a typo of __name__.item.create)
  await expect(session.run('__name__.item.craete', { title: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: the title is required, and `titel` is no field of __name__.item.create
  await expect(session.run('__name__.item.create', { titel: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: status is 'open' or 'done'
  await expect(session.run('__name__.item.update', { id, status: 'closed' })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect(running.inspectResource({ provider: '__name__', type: 'item', id })).toMatchObject({ title: 'Refund in full' });
});
