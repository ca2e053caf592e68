// Adding a label the repository does not have makes GitHub create it. The rollback takes it off the
// issue but leaves the repository's label (deleting it would take it off every issue a person put it on
// since), and says so in its residue; a label the repository already had is named nowhere. Read back
// through a person's Octokit and the simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** The agent adds `labels` to a person's new issue in a session that ends; the rollback's report. */
async function agentAddsLabels(labels: string[], { graphql }: { graphql: boolean }) {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human, simulator } = environment;
  if (!graphql) simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) });
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Slow search' })).data;
  expect(simulator.inspect().labels.has('agent-made-up')).toBe(false);
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.labels.add', { owner, repo, issue_number: issue.number, labels });
  await session.end();
  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.labels).toEqual([]);
  return report;
}

for (const graphql of [true, false]) {
  it(`a label GitHub created for the agent’s write stays in the repository, named in the residue (${graphql ? 'GraphQL' : 'REST only'})`, async () => {
    const report = await agentAddsLabels(['agent-made-up', 'bug'], { graphql });
    expect(environment.simulator.inspect().labels.has('agent-made-up')).toBe(true);
    const named = report.residue.filter((line) => line.includes('"agent-made-up"'));
    expect(named).toHaveLength(1);
    // The seed's "bug" label was there before: not one GitHub created.
    expect(named[0]).not.toContain('"bug"');
  });
}

it('a label the repository already had is named nowhere', async () => {
  const report = await agentAddsLabels(['bug'], { graphql: true });
  expect(report.residue.filter((line) => line.includes('bug'))).toEqual([]);
});
