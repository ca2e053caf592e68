// Others build on the agent's task while its rollback runs. Session A created a task and tagged it; its
// rollback takes the tag off first, then deletes the task (to the trash), guarded: a task someone built
// on (a comment, a subtask) is kept. While the tag's removal is slow at Asana (two seconds), a person
// comments on the task through their own Asana SDK client, or another agent session (same token, another
// runtime on the same journal file) adds a subtask under it. A removal planned more than a second ago
// reads its container again (REMOVAL_FRESH_MS). Read back through the simulator's own records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from '@backspace/asana';
import { startAsanaEnvironment, type AsanaTestEnvironment } from '../packages/asana/src/test-support/environment.js';
import { tempJournalPath } from './support/rig.js';

let environment: AsanaTestEnvironment | undefined;
const journals: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
  await environment?.close();
  environment = undefined;
});

async function rig() {
  environment = await startAsanaEnvironment();
  const { simulator } = environment;
  const path = tempJournalPath();
  const runtimeOn = () => {
    const journal = createSqliteJournal({ path });
    journals.push(journal);
    return createRuntime({ journal, adapters: [createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [], retry: { baseDelayMs: 1 } });
  };
  const operator = runtimeOn();
  const a = await operator.startSession({ agentId: 'triage-bot' });
  const task = (await a.run('asana.task.create', { name: 'Checkout times out', projects: [simulator.seed.projectGid] })) as { gid: string };
  await a.run('asana.task.tag.add', { gid: task.gid, tag: simulator.seed.tags.urgent });
  await a.end();
  const taskNow = () => environment!.inspect({ provider: 'asana', type: 'task', id: task.gid }) as Record<string, unknown> | null;
  /** Runs `meanwhile` when the rollback's removal of the tag reaches Asana, and holds that request two seconds. */
  const slowUntag = (meanwhile: () => Promise<unknown>) => {
    let done: Promise<unknown> = Promise.resolve();
    simulator.faults.inject({
      method: 'POST',
      kind: 'delay',
      ms: 2_000,
      when: (request) => {
        if (!request.path.endsWith(`/tasks/${task.gid}/removeTag`)) return false;
        done = meanwhile();
        return true;
      },
    });
    return () => done;
  };
  return { simulator, operator, runtimeOn, a, task, taskNow, slowUntag };
}

describe('others build on the task while session A is rolled back', () => {
  it("does not delete the task a person commented on while the rollback took the agent's tag off", async () => {
    const { operator, a, task, taskNow, slowUntag } = await rig();
    const { human } = environment!;
    const commented = slowUntag(() => human.call('createStoryForTask', true, () => human.stories.createStoryForTask({ data: { text: 'Reproduced on Safari, keep this' } }, task.gid, {})));
    const report = await operator.rollback(a.id);
    await commented();
    const detail = JSON.stringify({ outcomes: report.steps.map((step) => [step.action, step.outcome]), summary: report.summary, residue: report.residue });
    // What the person sees: the task they just commented on is gone from the project (in the trash).
    expect(taskNow(), detail).not.toBeNull();
  });

  it("does not delete the task another agent session put a subtask under while the rollback ran", async () => {
    const { operator, runtimeOn, a, task, taskNow, slowUntag } = await rig();
    const b = await runtimeOn().startSession({ agentId: 'planner-bot' });
    let subtask: { gid: string } | undefined;
    const added = slowUntag(async () => {
      subtask = (await b.run('asana.subtask.create', { parent: task.gid, name: 'Check the Safari build' })) as { gid: string };
    });
    const report = await operator.rollback(a.id);
    await added();
    await b.end();
    const detail = JSON.stringify({ outcomes: report.steps.map((step) => [step.action, step.outcome]), summary: report.summary, residue: report.residue, subtask });
    expect(subtask, 'session B made its subtask').toBeDefined();
    expect(taskNow(), detail).not.toBeNull();
    expect(environment!.inspect({ provider: 'asana', type: 'task', id: subtask!.gid }), detail).not.toBeNull();
  });
});
