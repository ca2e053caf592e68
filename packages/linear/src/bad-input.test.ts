// Bad input: unknown team, state or label ids and an invalid priority come back as typed errors carrying
// Linear's message, and nothing is committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, ProviderError, type JournalStore, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startLinear } from './test-support.js';

let linear: Awaited<ReturnType<typeof startLinear>>;
let journal: JournalStore;
let runtime: Runtime;
beforeEach(async () => {
  linear = await startLinear();
  journal = createSqliteJournal({ path: ':memory:' });
  runtime = createRuntime({ journal, adapters: [linear.adapter], policy: [] });
});
afterEach(async () => {
  await journal.close();
  await linear.simulator.close();
});

const unknownId = '00000000-0000-4000-8000-00000000dead';

/** Runs one action and returns its error, with what the simulator and the journal hold afterwards. */
async function refused(action: string, input: unknown) {
  const { state } = linear.simulator;
  const issuesBefore = JSON.stringify([...state.issues.values()]);
  const session = await runtime.startSession({ agentId: 'bad-input' });
  const error = await session.run(action, input).then(() => undefined, (failure: unknown) => failure);
  const entries = await journal.sessionEntries(session.id);
  return { error, unchanged: JSON.stringify([...state.issues.values()]) === issuesBefore, committed: [...state.committed.values()].reduce((sum, count) => sum + count, 0), types: entries.map((entry) => entry.type) };
}

describe('linear: bad input', () => {
  it.each([
    ['an unknown team', () => ({ teamId: unknownId, title: 'Orphan issue' }), 'Entity not found: Team'],
    ['an unknown workflow state', () => ({ teamId: linear.simulator.seed.teamId, title: 'Stateless', stateId: unknownId }), 'Entity not found: WorkflowState'],
    ['an unknown label', () => ({ teamId: linear.simulator.seed.teamId, title: 'Mislabelled', labelIds: [unknownId] }), 'Entity not found: IssueLabel'],
  ])('creating an issue with %s fails with Linear’s InvalidInput error and creates nothing', async (_case, input, message) => {
    const result = await refused('linear.issue.create', input());
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({ code: 'provider_error', provider: 'linear', status: 400, providerCode: 'InvalidInput', isRetryable: false, outcomeUnknown: false });
    expect((result.error as Error).message).toContain(message);
    expect(result.unchanged).toBe(true);
    expect(result.committed).toBe(0);
    expect(result.types).toContain('action.failed');
    expect(result.types).not.toContain('action.committed');
  });

  it('moving an issue to an unknown state or labelling it with an unknown label changes nothing', async () => {
    const id = linear.simulator.seed.issues['ENG-1'];
    const state = await refused('linear.issue.update', { id, stateId: unknownId });
    expect(state.error).toMatchObject({ providerCode: 'InvalidInput' });
    expect((state.error as Error).message).toContain('Entity not found: WorkflowState');
    const label = await refused('linear.label.add', { id, labelId: unknownId });
    expect((label.error as Error).message).toContain('Entity not found: IssueLabel');
    expect(state.unchanged && label.unchanged).toBe(true);
  });

  it('an invalid priority is refused before any request, with the allowed range in the message', async () => {
    const requests = linear.simulator.log.entries().length;
    const result = await refused('linear.issue.update', { id: linear.simulator.seed.issues['ENG-1'], priority: 7 });
    expect(result.error).toMatchObject({ code: 'invalid_input' });
    expect((result.error as Error).message).toContain('priority is 0 (none) to 4 (low)');
    expect(linear.simulator.log.entries().length).toBe(requests);
    expect(result.types).toEqual(['session.started', 'action.rejected']);
  });

  it('a misspelled field is refused naming it, before any request: the issue is not retitled without the state the agent meant', async () => {
    const requests = linear.simulator.log.entries().length;
    const result = await refused('linear.issue.update', { id: linear.simulator.seed.issues['ENG-1'], title: 'Shipped', stateID: unknownId });
    expect(result.error).toMatchObject({ code: 'invalid_input' });
    expect((result.error as Error).message).toContain('stateID');
    expect(result.unchanged).toBe(true);
    expect(linear.simulator.log.entries().length).toBe(requests);
    expect(result.types).toEqual(['session.started', 'action.rejected']);
  });

  it('the simulator itself refuses an out-of-range priority sent straight through the SDK, as Linear does', async () => {
    const attempt = linear.human.updateIssue(linear.simulator.seed.issues['ENG-1']!, { priority: 7 });
    await expect(attempt).rejects.toMatchObject({ type: 'InvalidInput', status: 400 });
    expect(linear.simulator.state.committed.get('issueUpdate') ?? 0).toBe(0);
  });
});
