// Scenarios a user would recognise: a bad merge undone while a human's commit stays; a file the human
// edited after the agent stays the human's; the revert left open when others changed the same files.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startGithub, toBase64 } from './test-support.js';

const BROKEN_TOTAL = 'export function total(items) {\n  return items.length; // counts items instead of summing prices\n}\n';
const ORIGINAL_TOTAL = 'item.price * item.quantity';

let environment: Awaited<ReturnType<typeof startGithub>>;
let runtime: Runtime;

async function setup(options: Parameters<typeof startGithub>[0] = {}) {
  environment = await startGithub(options);
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [environment.adapter], policy: [] });
}

afterEach(async () => {
  await runtime?.journal.close();
  await environment?.simulator.close();
  runtime = undefined as never;
  environment = undefined as never;
});

/** The agent's bad change: a branch, a file with broken logic, a pull request, and its merge. */
async function agentMergesBrokenPricing(mergeMethod: 'merge' | 'squash' | 'rebase' = 'merge') {
  const { owner, repo, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'release-bot', reason: 'ship the discount fix' });
  const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/fix-discounts', sha: mainSha });
  const current = await environment.human.rest.repos.getContent({ owner, repo, path: 'src/pricing.js', ref: 'fix-discounts' });
  await session.run('github.file.put', { owner, repo, path: 'src/pricing.js', branch: 'fix-discounts', message: 'Fix discounts', content: toBase64(BROKEN_TOTAL), sha: (current.data as { sha: string }).sha });
  const pull = await session.run<{ number: number }>('github.pull.create', { owner, repo, title: 'Fix discounts', head: 'fix-discounts', base: 'main', body: 'Applies discounts.' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull.number, merge_method: mergeMethod });
  await session.end();
  return { session, pull };
}

describe('the agent merges a pull request with broken logic, then a human pushes to main', () => {
  for (const method of ['merge', 'squash', 'rebase'] as const) {
    it(`rollback reverts only the agent's ${method} and keeps the human's commit`, async () => {
      await setup();
      const { owner, repo, simulator, human } = environment;
      const { session, pull } = await agentMergesBrokenPricing(method);
      expect(simulator.fileContent('src/pricing.js')).toBe(BROKEN_TOTAL);

      await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/release.md', message: 'Release notes', content: toBase64('# 2.4\n') });

      const plan = await runtime.planRollback(session.id);
      // A squash or rebase leaves the branch's commits off the default branch: its file, put back as it
      // was rather than taken away, keeps the branch (a conflict, never a loss: once the merge is
      // reverted, the branch may be the only place a person's commit on it is left).
      const kept = method !== 'merge';
      expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
        ['github.pull.merge', 'undo'],
        ['github.pull.create', 'already-undone'],
        ['github.file.put', 'undo'],
        ['github.branch.create', kept ? 'conflict' : 'undo'],
      ]);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome, JSON.stringify(report.steps.map((step) => step.error ?? null))).toMatchObject({ verified: kept ? 2 : 3, failed: 0, conflict: kept ? 1 : 0 });

      expect(simulator.fileContent('src/pricing.js')).toContain(ORIGINAL_TOTAL);
      expect(simulator.fileContent('docs/release.md')).toBe('# 2.4\n');
      const state = simulator.inspect();
      expect(state.git.refs.has('refs/heads/fix-discounts')).toBe(kept);
      const revert = [...state.pulls.values()].find((candidate) => state.issues.get(candidate.number)!.body === `Reverts ${owner}/${repo}#${pull.number}`);
      expect(revert?.merged_at).not.toBeNull();
      expect(report.residue.join('\n')).toContain('revert commit');

      // A second rollback finds nothing left to do; after a squash or rebase, the branch now holds
      // nothing of anyone's (its file is back as it was), so that rollback deletes it.
      const again = await runtime.rollback(session.id);
      expect(again.executed).toBe(kept ? 1 : 0);
      expect(simulator.inspect().git.refs.has('refs/heads/fix-discounts')).toBe(false);
    });
  }

  it("keeps the agent's branch when a person committed on it and the merge commit that took it in is reverted", async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const session = await runtime.startSession({ agentId: 'release-bot', reason: 'ship the docs' });
    const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
    await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: mainSha });
    // A person adds their own work to the agent's branch, and the agent merges it with a merge commit.
    await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/guide.md', branch: 'docs-pass', message: 'Write the guide', content: toBase64('# Guide\n') });
    const pull = await session.run<{ number: number }>('github.pull.create', { owner, repo, title: 'Docs pass', head: 'docs-pass', base: 'main' });
    await session.run('github.pull.merge', { owner, repo, pull_number: pull.number, merge_method: 'merge' });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.find((step) => step.action === 'github.pull.merge')!.outcome).toBe('verified');
    // The merge is reverted, so the person's guide is off main; their branch keeps it, and the report says so.
    const onBranch = await human.rest.repos.getContent({ owner, repo, path: 'docs/guide.md', ref: 'docs-pass' });
    expect(Buffer.from((onBranch.data as { content: string }).content, 'base64').toString()).toBe('# Guide\n');
    expect(simulator.inspect().git.refs.has('refs/heads/docs-pass')).toBe(true);
    expect(report.residue.join('\n')).toMatch(/left in place: branch docs-pass in octo-org\/widgets is kept: .* committed on it/);
    // Found as the inverse ran, not when planned: still a conflict, counted as one, not an undo.
    expect(report.steps.find((step) => step.action === 'github.branch.create')!.outcome).toBe('conflict');
  });

  it("keeps a branch a person made again under the agent's branch name, from an older commit", async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const before = simulator.inspect().git.refs.get('refs/heads/main')!;
    await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'CHANGELOG.md', message: 'Start the changelog', content: toBase64('# Changes\n') });
    const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
    const session = await runtime.startSession({ agentId: 'release-bot' });
    await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/hotfix', sha: mainSha });
    await session.end();
    // The person deletes the agent's branch and makes their own hotfix branch, from the release before.
    await human.rest.git.deleteRef({ owner, repo, ref: 'heads/hotfix' });
    await human.rest.git.createRef({ owner, repo, ref: 'refs/heads/hotfix', sha: before });

    const report = await runtime.rollback(session.id);
    expect(simulator.inspect().git.refs.get('refs/heads/hotfix')).toBe(before);
    expect(report.residue.join('\n')).toMatch(/branch hotfix in octo-org\/widgets is kept: it no longer holds the commit the agent created it at/);
  });

  it('deletes the branch after reverting a merge commit of only the agent\'s own work', async () => {
    await setup();
    const { session } = await agentMergesBrokenPricing('merge');
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ failed: 0, conflict: 0 });
    expect(environment.simulator.inspect().git.refs.has('refs/heads/fix-discounts')).toBe(false);
  });

  it('leaves the revert open for review when the human changed the same file after the merge', async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const { session } = await agentMergesBrokenPricing();
    const current = await human.rest.repos.getContent({ owner, repo, path: 'src/pricing.js' });
    const humanFix = 'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price * item.quantity * (1 - item.discount), 0);\n}\n';
    await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/pricing.js', message: 'Hotfix discounts', content: toBase64(humanFix), sha: (current.data as { sha: string }).sha });

    const plan = await runtime.planRollback(session.id);
    const mergeStep = plan.steps.find((step) => step.action === 'github.pull.merge')!;
    expect(mergeStep.status).toBe('conflict');
    expect(mergeStep.remedy).toBe('gentler');
    const report = await runtime.rollback(session.id);
    expect(report.steps.find((step) => step.action === 'github.pull.merge')!.outcome).toBe('corrected');
    expect(simulator.fileContent('src/pricing.js')).toBe(humanFix);
    const openReverts = [...simulator.inspect().pulls.values()].filter((pull) => pull.head.startsWith('revert-') && simulator.inspect().issues.get(pull.number)!.state === 'open');
    expect(openReverts).toHaveLength(1);
    expect(report.residue.join('\n')).toContain('left open');
  });

  it('reports a forced revert that cannot merge cleanly as partial, leaving the revert open', async () => {
    await setup();
    const { simulator } = environment;
    const { session } = await agentMergesBrokenPricing();
    simulator.push('main', { 'src/pricing.js': 'export const total = () => 1;\n' }, 'Someone else rewrote pricing');
    const report = await runtime.rollback(session.id, { force: true });
    const mergeStep = report.steps.find((step) => step.action === 'github.pull.merge')!;
    expect(mergeStep.outcome).toBe('failed');
    expect(JSON.stringify(mergeStep.error)).toContain('partial');
    expect(simulator.fileContent('src/pricing.js')).toBe('export const total = () => 1;\n');
  });

  it.each(['merge', 'squash', 'rebase'] as const)('builds the revert of a %s with the contents API when GraphQL is unavailable', async (method) => {
    await setup();
    const { simulator } = environment;
    const { session } = await agentMergesBrokenPricing(method);
    simulator.push('main', { 'docs/unrelated.md': 'later work\n' }, 'Later work on main');
    // Not served at all: planning reads the merge through REST too, and the revert is built by hand.
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }) });
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed, JSON.stringify(report.steps.map((step) => step.error ?? null))).toBe(0);
    expect(simulator.faults.fired().map((fault) => fault.path)).toContain('/graphql');
    expect(simulator.fileContent('src/pricing.js')).toContain(ORIGINAL_TOTAL);
    expect(simulator.fileContent('docs/unrelated.md')).toBe('later work\n');
  });
});

describe('the agent edits a file and a human edits it afterwards', () => {
  it('reports a conflict and keeps the human’s content', async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    const before = await human.rest.repos.getContent({ owner, repo, path: 'docs/setup.md' });
    await session.run('github.file.put', { owner, repo, path: 'docs/setup.md', message: 'Rewrite setup', content: toBase64('# Setup\n\nUse yarn.\n'), sha: (before.data as { sha: string }).sha });
    await session.end();
    const agentVersion = await human.rest.repos.getContent({ owner, repo, path: 'docs/setup.md' });
    await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/setup.md', message: 'Fix setup', content: toBase64('# Setup\n\nUse pnpm.\n'), sha: (agentVersion.data as { sha: string }).sha });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'none' });
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ conflict: 1, verified: 0, failed: 0 });
    expect(report.residue.join('\n')).toContain('left in place');
    expect(simulator.fileContent('docs/setup.md')).toBe('# Setup\n\nUse pnpm.\n');
  });

  it('restores the old content when nobody touched the file since', async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    const before = await human.rest.repos.getContent({ owner, repo, path: 'docs/setup.md' });
    await session.run('github.file.put', { owner, repo, path: 'docs/setup.md', message: 'Rewrite setup', content: toBase64('# Setup\n\nUse yarn.\n'), sha: (before.data as { sha: string }).sha });
    await session.run('github.file.put', { owner, repo, path: 'docs/new.md', message: 'Add page', content: toBase64('new\n') });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, failed: 0 });
    expect(simulator.fileContent('docs/setup.md')).toBe(simulator.seed.files['docs/setup.md']);
    expect(simulator.fileContent('docs/new.md')).toBeNull();
  });
});

describe('issues, comments and labels in one session', () => {
  it('closes the agent’s issue, deletes its comment, removes only its labels, and restores the title', async () => {
    await setup();
    const { owner, repo, simulator, human } = environment;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await session.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Duplicate of #1', body: 'dup' });
    await session.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'See #1.' });
    await session.run('github.labels.add', { owner, repo, issue_number: issue.number, labels: ['bug'] });
    await session.run('github.issue.comment.create', { owner, repo, issue_number: 1, body: 'Marking as won’t fix.' });
    await session.run('github.labels.add', { owner, repo, issue_number: 1, labels: ['wontfix', 'bug'] });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, title: 'Won’t fix: totals', state: 'closed', milestone: 1, assignees: ['backspace-agent'] });
    expect(simulator.inspect().issues.get(1)).toMatchObject({ milestone: 1, assignees: ['backspace-agent'] });
    await session.end();
    await human.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['documentation'] });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed, JSON.stringify(report.steps.map((step) => step.error ?? null))).toBe(0);
    const state = simulator.inspect();
    const seeded = state.issues.get(1)!;
    expect(seeded).toMatchObject({ title: 'Checkout total is wrong for discounted items', state: 'open', milestone: null, assignees: [] });
    expect([...seeded.labels].sort()).toEqual(['bug', 'documentation']);
    expect([...state.comments.values()].filter((comment) => comment.issue_number === 1)).toHaveLength(0);
    expect(state.issues.get(issue.number)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect([...state.comments.values()].filter((comment) => comment.issue_number === issue.number)).toHaveLength(0);
  });
});
