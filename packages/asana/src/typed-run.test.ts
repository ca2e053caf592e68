// session.run is typed from the adapters a runtime was given: an action name the Asana adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { AsanaObject } from './client.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

it('a task created through a typed session comes back typed, and a wrong name or input is refused', async () => {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const journal = createSqliteJournal({ path: ':memory:' });
  try {
    const runtime = createRuntime({ journal, adapters: [adapter], policy: [] });
    const session = await runtime.startSession({ agentId: 'organiser' });
    const projects = [simulator.seed.projectGid];

    const task: AsanaObject = await session.run('asana.task.create', { name: 'Book the venue', projects });
    expect(simulator.task(task.gid)?.name).toBe('Book the venue');

    // @ts-expect-error: no such action (a typo of asana.task.create)
    await expect(session.run('asana.task.creat', { name: 'x', projects })).rejects.toMatchObject({ code: 'unknown_action' });
    // @ts-expect-error: `nmae` is no field of asana.task.create (the schema is strict)
    await expect(session.run('asana.task.create', { nmae: 'x', projects })).rejects.toMatchObject({ code: 'invalid_input' });
    // @ts-expect-error: completed is a boolean
    await expect(session.run('asana.task.update', { gid: task.gid, completed: 'yes' })).rejects.toMatchObject({ code: 'invalid_input' });
    await session.end();
    expect(simulator.store.state.tasks.map((candidate) => candidate.name)).not.toContain('x');
  } finally {
    await journal.close();
  }
});
