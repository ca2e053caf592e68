// One object, one resource: a file put on the default branch left implicit and the same file put on
// `main` by name, or an issue named `Octo-Org/Widgets` and `octo-org/widgets`, are one resource, so a
// rollback undoes both steps instead of calling the older one changed by someone else.
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_ISSUE } from './simulator/index.js';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const shaOf = async (path: string) => (await environment.human.rest.repos.getContent({ owner: environment.owner, repo: environment.repo, path })).data as { sha: string };

describe('canonical resource references', () => {
  it('a file put on `main` by name, then on the default branch left implicit, is rolled back whole', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await session.run('github.file.put', { owner, repo, path: 'docs/setup.md', branch: 'main', message: 'Use yarn', content: toBase64('# Setup\n\nUse yarn.\n'), sha: (await shaOf('docs/setup.md')).sha });
    await session.run('github.file.put', { owner, repo, path: 'docs/setup.md', message: 'Use bun', content: toBase64('# Setup\n\nUse bun.\n'), sha: (await shaOf('docs/setup.md')).sha });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(new Set(plan.steps.map((step) => step.resource))).toEqual(new Set([`github.file:${owner}/${repo}:main:docs/setup.md`]));
    expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo']);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect(simulator.fileContent('docs/setup.md')).toBe(simulator.seed.files['docs/setup.md']);
  });

  it('an issue named with other letter case is one resource: both title changes are undone', async () => {
    environment = await startGithubRuntime();
    const { runtime, simulator } = environment;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner: 'Octo-Org', repo: 'Widgets', issue_number: 1, title: 'Totals: first guess' });
    await session.run('github.issue.update', { owner: 'octo-org', repo: 'widgets', issue_number: 1, title: 'Totals: second guess' });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.resource, step.status])).toEqual([
      ['github.issue:octo-org/widgets#1', 'undo'],
      ['github.issue:octo-org/widgets#1', 'undo'],
    ]);
    await runtime.rollback(session.id);
    expect(simulator.inspect().issues.get(1)!.title).toBe(SEED_ISSUE.title);
  });
});
