// A selective rollback that names only the agent's branch: deleting it would close every open pull request
// from it or into it, so the agent's own pull requests there come along (pulled in, closed first) with its
// files; a person's pull request keeps the branch (a conflict naming the person's work, not the agent's)
// and stays open. Read back through a person's Octokit and the simulator's refs.
import { afterEach, expect, it } from 'vitest';
import type { Session } from '@backspace/core';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

/** The agent runs the steps; each step's action id by name. */
async function agentSession(steps: (context: { owner: string; repo: string; main: string; session: Session; ids: Record<string, string>; run: <T>(name: string, action: string, input: unknown) => Promise<T> }) => Promise<void>) {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, simulator } = environment;
  const session: Session = await runtime.startSession({ agentId: 'release-bot' });
  const ids: Record<string, string> = {};
  const run = async <T,>(name: string, action: string, input: unknown): Promise<T> => {
    const result = await session.run<T>(action, input);
    ids[name] = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').at(-1)!.actionId!;
    return result;
  };
  await steps({ owner, repo, main: simulator.inspect().git.refs.get('refs/heads/main')!, session, ids, run });
  await session.end();
  return { ...environment, session, ids };
}

const branchThere = (name: string) => environment!.simulator.inspect().git.refs.has(`refs/heads/${name}`);
const pullState = async (number: number) => (await environment!.human.rest.pulls.get({ owner: environment!.owner, repo: environment!.repo, pull_number: number })).data.state;

it('brings along the pull request the agent opened from it, closed before the branch is deleted', async () => {
  let pull = 0;
  const { runtime, session, ids, owner, repo } = await agentSession(async ({ owner, repo, main, run }) => {
    await run('branch', 'github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: main });
    await run('file', 'github.file.put', { owner, repo, path: 'docs/agent-setup-notes.md', branch: 'docs-pass', message: 'Document setup', content: toBase64('# Setup\n') });
    pull = (await run<{ number: number }>('pull', 'github.pull.create', { owner, repo, head: 'docs-pass', base: 'main', title: 'Document setup' })).number;
  });

  const plan = await runtime.planRollback(session.id, { select: { actions: [ids.branch!] } });
  expect(plan.steps.map((step) => [step.action, step.status, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
    ['github.pull.create', 'undo', 'pulled in'],
    ['github.file.put', 'undo', 'pulled in'],
    ['github.branch.create', 'undo', 'chosen'],
  ]);
  expect(plan.steps[0]!.pulledIn).toContain(`sits on github.branch:${`${owner}/${repo}`.toLowerCase()}:docs-pass, which github.branch.create`);
  expect(plan.leftOut).toEqual([]);

  const report = await runtime.rollback(session.id, { select: { actions: [ids.branch!] } });
  expect(report.counts).toMatchObject({ undone: 3, conflicts: 0, failed: 0 });
  expect(branchThere('docs-pass')).toBe(false);
  expect(await pullState(pull)).toBe('closed');
});

it('brings along the pull request the agent opened into it (head named owner:branch), and leaves the head branch it did not select', async () => {
  let pull = 0;
  const { runtime, session, ids } = await agentSession(async ({ owner, repo, main, run }) => {
    await run('base', 'github.branch.create', { owner, repo, ref: 'refs/heads/release-2', sha: main });
    await run('head', 'github.branch.create', { owner, repo, ref: 'refs/heads/notes', sha: main });
    await run('file', 'github.file.put', { owner, repo, path: 'NOTES.md', branch: 'notes', message: 'Notes', content: toBase64('notes\n') });
    pull = (await run<{ number: number }>('pull', 'github.pull.create', { owner, repo, head: `${owner}:notes`, base: 'release-2', title: 'Release notes' })).number;
  });

  const plan = await runtime.planRollback(session.id, { select: { actions: [ids.base!] } });
  expect(plan.steps.map((step) => [step.action, step.status, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
    ['github.pull.create', 'undo', 'pulled in'],
    ['github.branch.create', 'undo', 'chosen'],
  ]);
  const report = await runtime.rollback(session.id, { select: { actions: [ids.base!] } });
  expect(report.counts).toMatchObject({ undone: 2, conflicts: 0, failed: 0 });
  expect(await pullState(pull)).toBe('closed');
  expect([branchThere('release-2'), branchThere('notes')]).toEqual([false, true]);
});

it('with a person’s pull request from it beside the agent’s: closes the agent’s, keeps the branch and the person’s, and names only theirs', async () => {
  let agentPull = 0;
  const { runtime, session, ids, human, owner, repo } = await agentSession(async ({ owner, repo, main, run }) => {
    await run('branch', 'github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: main });
    await run('file', 'github.file.put', { owner, repo, path: 'docs/agent-setup-notes.md', branch: 'docs-pass', message: 'Document setup', content: toBase64('# Setup\n') });
    agentPull = (await run<{ number: number }>('pull', 'github.pull.create', { owner, repo, head: 'docs-pass', base: 'main', title: 'Document setup' })).number;
  });
  // A person stacks their own pull request on the agent's branch: from a branch of theirs into it.
  await human.rest.git.createRef({ owner, repo, ref: 'refs/heads/person-faq', sha: environment!.simulator.inspect().git.refs.get('refs/heads/docs-pass')! });
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/faq.md', branch: 'person-faq', message: 'FAQ', content: toBase64('# FAQ\n') });
  const personal = (await human.rest.pulls.create({ owner, repo, head: 'person-faq', base: 'docs-pass', title: 'Add a FAQ' })).data;

  const plan = await runtime.planRollback(session.id, { select: { actions: [ids.branch!] } });
  const branchStep = plan.steps.find((step) => step.action === 'github.branch.create')!;
  expect(branchStep).toMatchObject({ status: 'conflict', remedy: 'none' });
  const key = (number: number) => `github.issue:${owner}/${repo}#${number}`.toLowerCase();
  expect(branchStep.reason).toContain(`${key(personal.number)} by someone outside Backspace`);
  // The agent's own pull request is neither someone else's work nor something this rollback cannot undo.
  expect(branchStep.reason).not.toContain(key(agentPull));

  const report = await runtime.rollback(session.id, { select: { actions: [ids.branch!] } });
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['github.pull.create', 'verified'],
    ['github.file.put', 'verified'],
    ['github.branch.create', 'conflict'],
  ]);
  expect(await pullState(agentPull)).toBe('closed');
  expect(await pullState(personal.number)).toBe('open');
  expect(branchThere('docs-pass')).toBe(true);
});
