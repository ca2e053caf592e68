// One Asana user named two ways: `asana.task.update` takes an assignee as a user gid, "me" or an email
// (as Asana does), and Asana answers and reads with the gid. A lost answer's lookup compares what the
// update asked with what Asana reads, so both are gids first; an email compared as given never matched,
// and the agent's own assignment was kept as someone else's. Read back through the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment | undefined;
let journal: ReturnType<typeof createSqliteJournal> | undefined;
afterEach(async () => {
  await journal?.close();
  await environment?.close();
  journal = environment = undefined;
});

async function rig() {
  environment = await startAsanaEnvironment();
  journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], retry: { baseDelayMs: 1 } });
  const { simulator } = environment;
  const gid = simulator.seed.taskGids[0]!;
  const person = simulator.store.state.users.find((user) => user.gid === simulator.seed.users.human)!;
  return { simulator, runtime, gid, person, before: { ...simulator.task(gid)! } };
}

describe('asana: an assignee given by email or by "me", its answer lost', () => {
  // The update lands and its answer is lost: the lookup resolves the email to the person's gid.
  it('the agent’s assignment by email is taken back, not kept as someone else’s', async () => {
    const { simulator, runtime, gid, person, before } = await rig();
    simulator.faults.inject({ method: 'PUT', path: `/api/1.0/tasks/${gid}`, kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('asana.task.update', { gid, name: 'Triaged: checkout', assignee: person.email });
    await session.end();
    expect(simulator.task(gid)).toMatchObject({ name: 'Triaged: checkout', assignee: person.gid });

    const report = await runtime.rollback(session.id);
    expect({ name: simulator.task(gid)!.name, assignee: simulator.task(gid)!.assignee }, `report counts: ${JSON.stringify(report.counts)}`).toEqual({ name: before.name, assignee: before.assignee });
  });

  // "me" is the token's user.
  it('the agent’s assignment to "me" is taken back', async () => {
    const { simulator, runtime, gid, before } = await rig();
    simulator.faults.inject({ method: 'PUT', path: `/api/1.0/tasks/${gid}`, kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('asana.task.update', { gid, name: 'Triaged: checkout', assignee: 'me' });
    await session.end();
    expect(simulator.task(gid)).toMatchObject({ assignee: simulator.seed.users.agent });

    await runtime.rollback(session.id);
    expect({ name: simulator.task(gid)!.name, assignee: simulator.task(gid)!.assignee }).toEqual({ name: before.name, assignee: before.assignee });
  });
});
