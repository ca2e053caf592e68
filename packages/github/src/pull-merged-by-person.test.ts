// The agent opens a branch, a file on it and a pull request; a person merges that pull request. Closed,
// it looks like what the inverse (close it) leads to, but the agent's file now lives on main: the step is
// a conflict naming who merged it, never "already undone". A pull request a person closed without merging
// is undone indeed. Read back through the simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** The agent's branch, file and pull request, in a session that ends. */
async function agentOpensPull() {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, runtime } = environment;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/add-banner', sha: mainSha });
  await session.run('github.file.put', { owner, repo, path: 'src/banner.js', branch: 'add-banner', message: 'Add banner', content: toBase64('export const banner = "50% off";\n') });
  const pull = await session.run('github.pull.create', { owner, repo, title: 'Add banner', head: 'add-banner', base: 'main' });
  await session.end();
  return { session, pull: pull.number };
}

for (const read of ['GraphQL', 'REST (GraphQL not served)'] as const) {
  it(`a pull request of the agent’s that a person merged is a conflict naming the merger, not reported undone: read through ${read}`, async () => {
    const { session, pull } = await agentOpensPull();
    const { owner, repo, simulator, human, runtime } = environment;
    await human.rest.pulls.merge({ owner, repo, pull_number: pull });
    expect(simulator.fileContent('src/banner.js')).not.toBeNull();
    if (read !== 'GraphQL') simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) });

    const report = await runtime.rollback(session.id);
    const step = report.steps.find((candidate) => candidate.action === 'github.pull.create')!;
    expect(step.outcome).toBe('conflict');
    expect(report.residue.join('\n')).toMatch(/#2.*merged_by_other changed/);
    expect(step.fields?.find((check) => check.field === 'merged_by_other')?.current).toBe(simulator.seed.logins.human);
    // The rollback takes nothing off main that the person merged.
    expect(simulator.fileContent('src/banner.js')).not.toBeNull();
    expect(simulator.inspect().pulls.get(pull)!.merged_at).not.toBeNull();
  });
}

it('a pull request of the agent’s that a person closed without merging counts as undone', async () => {
  const { session, pull } = await agentOpensPull();
  const { owner, repo, simulator, human, runtime } = environment;
  await human.rest.pulls.update({ owner, repo, pull_number: pull, state: 'closed' });

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['github.pull.create', 'skipped'],
    ['github.file.put', 'verified'],
    ['github.branch.create', 'verified'],
  ]);
  expect(simulator.inspect().git.refs.has('refs/heads/add-banner')).toBe(false);
  expect(simulator.fileContent('src/banner.js')).toBeNull();
});
