// asana.task.delete cannot be undone: the default policy holds it for approval, and the planner says so.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from '../test-support/environment.js';

describe('asana.task.delete under the default policy', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  it('is refused until a person approves it, and once approved the planner reports it irreversible', async () => {
    environment = await startAsanaEnvironment();
    const { simulator, adapter } = environment;
    const gid = simulator.seed.taskGids[0]!;
    const journal = createSqliteJournal({ path: ':memory:' });
    // No `policy`: the default one, which wants approval for irreversible actions.
    const runtime = createRuntime({ journal, adapters: [adapter] });
    expect(runtime.listActions().find((action) => action.name === 'asana.task.delete')).toMatchObject({ reversibility: 'irreversible' });

    const session = await runtime.startSession({ agentId: 'cleanup-bot' });
    await expect(session.run('asana.task.delete', { gid }, { idempotencyKey: 'delete-1' })).rejects.toMatchObject({ code: 'approval_required' });
    expect(simulator.task(gid)!.trashedAt, 'nothing was deleted').toBeNull();
    expect(simulator.log.entries().filter((entry) => entry.method === 'DELETE')).toEqual([]);

    const [request] = await runtime.approvals.list();
    expect(request).toMatchObject({ action: 'asana.task.delete', rule: 'approval-for-irreversible' });
    await runtime.approvals.approve(request!.requestId, { by: 'ops@example.com' });
    await expect(session.run('asana.task.delete', { gid }, { idempotencyKey: 'delete-1' })).resolves.toMatchObject({ gid, deleted: true });
    expect(simulator.task(gid)!.trashedAt).not.toBeNull();
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ action: 'asana.task.delete', status: 'irreversible', compensation: null });
    expect(plan.residue.join('\n')).toContain('irreversible');
    await journal.close();
  });
});
