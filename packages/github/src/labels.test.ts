// A list field and its items are one thing: labels added with `github.labels.add` and then replaced with
// `github.issue.update` come back as the issue's whole earlier label set, and a label a person added in
// the meantime stays. Only the labels the agent asked for are its own, even when the issue is read late.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

describe('labels added, then replaced, in one session', () => {
  it('one rollback restores the earlier label set and keeps the label a person added', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    expect(simulator.inspect().issues.get(1)!.labels).toEqual(['bug']);
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.labels.add', { owner, repo, issue_number: 1, labels: ['enhancement'] });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, labels: ['documentation'] });
    await session.end();
    await human.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['needs-review'] });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
      ['github.issue.update', 'undo'],
      ['github.labels.add', 'undo'],
    ]);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, failed: 0, conflict: 0 });
    const labels = (await human.rest.issues.get({ owner, repo, issue_number: 1 })).data.labels.map((label) => (typeof label === 'string' ? label : label.name));
    expect(labels.sort()).toEqual(['bug', 'needs-review']);
  });

  it('a replacement a person partly undid: the label the agent took off comes back, the one the person removed stays off', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, labels: ['documentation'] });
    await session.end();
    await human.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'documentation' });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(0);
    expect(simulator.inspect().issues.get(1)!.labels.sort()).toEqual(['bug']);
  });
});

describe('labels added whose answer was lost, looked up only when the rollback is planned', () => {
  it('removes only the labels the agent asked for (as GitHub spells them), never the one a person added in between', async () => {
    // One attempt: the lost answer stays unknown until planning looks the write up by its labels.
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues/:number/labels', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    // GitHub matches label names case-insensitively: `Enhancement` lands as the repository's `enhancement`.
    await expect(session.run('github.labels.add', { owner, repo, issue_number: 1, labels: ['Enhancement', 'bug'] })).rejects.toMatchObject({ code: 'outcome_unknown' });
    expect(simulator.inspect().issues.get(1)!.labels.sort()).toEqual(['bug', 'enhancement']);
    await session.end();
    await human.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['documentation'] });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0, conflict: 0 });
    // `bug` was there before the agent's call, `documentation` is the person's: both stay.
    expect(simulator.inspect().issues.get(1)!.labels.sort()).toEqual(['bug', 'documentation']);
  });

  it('two labels added, one taken off by a person since: found by the agent’s own labeled event, the other taken off too', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues/:number/labels', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('github.labels.add', { owner, repo, issue_number: 1, labels: ['enhancement', 'documentation'] })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    await human.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'documentation' });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ failed: 0, conflict: 0 });
    expect(simulator.inspect().issues.get(1)!.labels.sort()).toEqual(['bug']);
  });

  it('a label replacement: found though a person added a label since, undone keeping that label', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('github.issue.update', { owner, repo, issue_number: 1, labels: ['Documentation'] })).rejects.toMatchObject({ code: 'outcome_unknown' });
    expect(simulator.inspect().issues.get(1)!.labels).toEqual(['documentation']);
    await session.end();
    await human.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['enhancement'] });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0, conflict: 0 });
    // The agent's replacement undone (`bug` back, `documentation` off), the person's `enhancement` kept.
    expect(simulator.inspect().issues.get(1)!.labels.sort()).toEqual(['bug', 'enhancement']);
  });
});
