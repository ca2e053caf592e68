// What Linear receives for one agent action and for a rollback, counted at the simulator (its own
// request log, never the adapter): each action costs exactly the minimum it declares, a rollback one
// read to plan and a write per step (the write's payload verifies it: no read after), and planning
// reads 50 issues in one request.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '@backspace/core';
import { startLinearRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

async function setup() {
  return (environment = await startLinearRuntime());
}

type Linear = Awaited<ReturnType<typeof setup>>;

/** Requests the simulator logged while `work` ran. */
async function requestsOf(simulator: Linear['simulator'], work: () => Promise<unknown>): Promise<number> {
  simulator.log.clear();
  await work();
  return simulator.log.entries().length;
}

/** One call of each action, with the minimum the issue sets for it, and how to see its effect in the simulator's own state. */
const CALLS: Array<{ action: string; minimum: number; input: (linear: Linear) => Record<string, unknown>; landed: (linear: Linear) => boolean }> = [
  {
    action: 'linear.issue.create', minimum: 2, // the duplicate check, the mutation
    input: ({ simulator }) => ({ teamId: simulator.seed.teamId, title: 'Budgeted issue' }),
    landed: ({ simulator }) => [...simulator.state.issues.values()].some((issue) => issue.title === 'Budgeted issue' && issue.archivedAt === null),
  },
  {
    action: 'linear.issue.update', minimum: 2, // the pre-state, the mutation
    input: () => ({ id: 'ENG-2', priority: 1, title: 'Export issues as CSV and XLSX' }),
    landed: ({ simulator }) => simulator.state.issue('ENG-2').priority === 1,
  },
  {
    action: 'linear.issue.archive', minimum: 2,
    input: ({ simulator }) => ({ id: simulator.seed.issues['ENG-2']! }),
    landed: ({ simulator }) => simulator.state.issue('ENG-2').archivedAt !== null,
  },
  {
    action: 'linear.issue.delete', minimum: 2,
    input: ({ simulator }) => ({ id: simulator.seed.issues['ENG-2']! }),
    landed: ({ simulator }) => simulator.state.issue('ENG-2').trashed === true,
  },
  {
    action: 'linear.comment.create', minimum: 1, // the mutation: Linear takes the identifier and answers with the issue's UUID
    input: () => ({ issueId: 'ENG-2', body: 'Seen again today.' }),
    landed: ({ simulator }) => [...simulator.state.comments.values()].some((comment) => comment.body === 'Seen again today.'),
  },
  {
    action: 'linear.relation.create', minimum: 1,
    input: ({ simulator }) => ({ issueId: simulator.seed.issues['ENG-2']!, relatedIssueId: simulator.seed.issues['ENG-1']!, type: 'related' }),
    landed: ({ simulator }) => simulator.state.relations.size === 1,
  },
  {
    action: 'linear.label.add', minimum: 2,
    input: ({ simulator }) => ({ id: simulator.seed.issues['ENG-2']!, labelId: simulator.seed.labels.Bug! }),
    landed: ({ simulator }) => simulator.state.issue('ENG-2').labelIds.includes(simulator.seed.labels.Bug!),
  },
  {
    action: 'linear.label.remove', minimum: 2,
    input: ({ simulator }) => ({ id: simulator.seed.issues['ENG-2']!, labelId: simulator.seed.labels.Feature! }),
    landed: ({ simulator }) => !simulator.state.issue('ENG-2').labelIds.includes(simulator.seed.labels.Feature!),
  },
];

describe('linear: requests one agent action costs', () => {
  it('every action declares a minimum', async () => {
    const { adapter } = await setup();
    expect(adapter.actions.map((action) => [action.name, action.minimumRequests])).toEqual(CALLS.map((call) => [call.action, call.minimum]));
  });

  for (const call of CALLS) {
    it(`${call.action}: ${call.minimum} request(s), the minimum it declares, and its rollback two (plan, undo; its answer verifies it)`, async () => {
      const linear = await setup();
      const { runtime, simulator } = linear;
      // Any action by name, as the table lists them.
      const session: Session = await runtime.startSession({ agentId: 'agent' });
      const spent = await requestsOf(simulator, () => session.run(call.action, call.input(linear)));
      await session.end();

      expect(call.landed(linear)).toBe(true);
      expect(spent).toBe(call.minimum);
      let report: Awaited<ReturnType<typeof runtime.rollback>> | undefined;
      const undoing = await requestsOf(simulator, async () => (report = await runtime.rollback(session.id)));
      expect(report!.byOutcome).toMatchObject({ verified: 1, failed: 0 });
      expect(call.landed(linear)).toBe(false);
      expect(undoing).toBe(2); // the read to plan, the inverse (its payload is what verifies it)
    });
  }
});

describe('linear: requests a rollback costs', () => {
  it('two actions on two issues roll back in 3 requests: one read to plan, then a write each, verified by its payload', async () => {
    const { runtime, simulator } = await setup();
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Flaky checkout test' });
    await session.run('linear.issue.update', { id: 'ENG-1', stateId: simulator.seed.workflowStates.Done });
    await session.end();

    let report: Awaited<ReturnType<typeof runtime.rollback>> | undefined;
    const spent = await requestsOf(simulator, async () => (report = await runtime.rollback(session.id)));

    expect(report!.byOutcome).toMatchObject({ verified: 2, failed: 0 });
    expect(simulator.state.issues.get(created.id)!.archivedAt).not.toBeNull();
    expect(simulator.state.issue('ENG-1').stateId).toBe(simulator.seed.workflowStates['In Progress']);
    expect(spent).toBe(3);
  });

  it('a rollback of 60 issues plans in 2 reads (50 issues a request), and still sees what a person changed on one', async () => {
    const { runtime, simulator, human } = await setup();
    const { seed, state } = simulator;
    const ids = Array.from({ length: 60 }, (_unused, index) => state.createIssue({ teamId: seed.teamId, title: `Backlog item ${index + 1}`, priority: 4 }, seed.users.human).id);
    const session = await runtime.startSession({ agentId: 'triage-agent' });
    for (const id of ids) await session.run('linear.issue.update', { id, priority: 2 });
    await session.end();
    await human.updateIssue(ids[41]!, { priority: 1 });

    let plan: Awaited<ReturnType<typeof runtime.planRollback>> | undefined;
    const reads = await requestsOf(simulator, async () => (plan = await runtime.planRollback(session.id)));

    expect(reads).toBeLessThanOrEqual(2);
    expect(plan!.steps).toHaveLength(60);
    expect(plan!.steps.filter((step) => step.status === 'undo')).toHaveLength(59);
    expect(plan!.steps.find((step) => step.resource === `linear.issue:${ids[41]}`)).toMatchObject({ status: 'conflict' });

    const spent = await requestsOf(simulator, () => runtime.rollback(session.id));
    // Planning again (2 reads), then a write for each of the 59 steps, each verified by its payload.
    expect(spent).toBe(2 + 59);
    expect(ids.map((id) => state.issues.get(id)!.priority)).toEqual(ids.map((_id, index) => (index === 41 ? 1 : 4)));
  });
});
