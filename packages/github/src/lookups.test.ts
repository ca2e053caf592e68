// A write whose answer was lost is adopted only when it is provably this attempt's: someone else's
// earlier merge or branch is never taken for the agent's (and so never undone), and an answer that does
// not parse is an unknown outcome, looked up before anything is sent again.
import { afterEach, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { quiet, startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const badGateway = { kind: 'server-error' as const, status: 502 };

describe('lookups after a lost answer', () => {
  it('a pull request a person merged is not taken for the agent’s merge, so rollback never reverts it', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.createBranch('hotfix');
    simulator.push('hotfix', { 'src/cart.js': 'export const addItem = (cart, item) => [...cart, item];\n' }, 'Simplify cart');
    const pull = (await human.rest.pulls.create({ owner, repo, title: 'Simplify cart', head: 'hotfix', base: 'main' })).data;
    await human.rest.pulls.merge({ owner, repo, pull_number: pull.number });
    // The agent's merge meets a 502 (GitHub would have refused it: already merged).
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/pulls/:number/merge', ...badGateway });

    const session = await runtime.startSession({ agentId: 'release-bot' });
    await expect(session.run('github.pull.merge', { owner, repo, pull_number: pull.number })).rejects.toThrow(/not mergeable/);
    await session.end();
    await runtime.rollback(session.id);
    const reverts = [...simulator.inspect().issues.values()].filter((issue) => issue.title.startsWith('Revert'));
    expect(reverts).toEqual([]);
    expect(simulator.fileContent('src/cart.js')).toBe('export const addItem = (cart, item) => [...cart, item];\n');
  });

  it('a branch a person made before the agent’s call is not the agent’s to delete', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    const main = simulator.inspect().git.refs.get('refs/heads/main')!;
    await human.rest.git.createRef({ owner, repo, ref: 'refs/heads/release', sha: main });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/git/refs', ...badGateway });

    const session = await runtime.startSession({ agentId: 'release-bot' });
    await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/release', sha: main });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.executed).toBe(0);
    expect(simulator.inspect().git.refs.get('refs/heads/release')).toBe(main);
  });

  it('a branch whose answer was lost, then committed on by a person, is found as the agent’s and kept, named in the report', async () => {
    // One attempt: the lost answer stays unknown until planning looks the write up (fuzzer seed 30000506).
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    const main = simulator.inspect().git.refs.get('refs/heads/main')!;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/git/refs', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'release-bot' });
    await expect(session.run('github.branch.create', { owner, repo, ref: 'refs/heads/release', sha: main })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    const commit = await human.rest.repos.createOrUpdateFileContents({ owner, repo, branch: 'release', path: 'NOTES.md', message: 'Release notes', content: toBase64('# 1.4\n') });

    const report = await runtime.rollback(session.id);
    // The person's commit keeps the branch, and the report says the agent's branch is still there.
    expect(simulator.inspect().git.refs.get('refs/heads/release')).toBe(commit.data.commit.sha);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.branch.create', 'conflict']]);
  });

  it('a pull request whose answer was lost, its description rewritten by a person (key and all), is still found as the agent’s and closed', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.createBranch('fix-typo');
    simulator.push('fix-typo', { 'README.md': 'Fixed\n' }, 'Fix the typo');
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/pulls', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'release-bot' });
    await expect(session.run('github.pull.create', { owner, repo, title: 'Fix the README typo', head: 'fix-typo', base: 'main', body: 'One word' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    const [opened] = (await human.rest.pulls.list({ owner, repo, head: `${owner}:fix-typo`, state: 'open' })).data;
    await human.rest.pulls.update({ owner, repo, pull_number: opened!.number, body: 'Reviewed: fixes one word in the README' });

    await runtime.rollback(session.id);
    expect((await human.rest.pulls.get({ owner, repo, pull_number: opened!.number })).data.state).toBe('closed');
  });

  it('an issue whose answer was lost, then renamed and rewritten by a person (key and all), is found as the agent’s and named, not settled as never landed', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Checkout flakes', body: 'Seen twice', labels: ['bug'] })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    const [opened] = (await human.rest.issues.listForRepo({ owner, repo, creator: simulator.seed.logins.agent })).data;
    await human.rest.issues.update({ owner, repo, issue_number: opened!.number, title: 'Checkout flakes on Fridays only', body: 'Reproduced: the cache expires at midnight UTC' });

    const report = await runtime.rollback(session.id);
    // The person's rewrite stays visible, and the report says the agent's issue is still there.
    const after = (await human.rest.issues.get({ owner, repo, issue_number: opened!.number })).data;
    expect([after.state, after.title]).toEqual(['open', 'Checkout flakes on Fridays only']);
    expect(report.steps.map((step) => [step.action, step.outcome, step.resource])).toEqual([['github.issue.create', 'conflict', `github.issue:${owner}/${repo}#${opened!.number}`]]);
  });

  it('an issue create whose answer was lost is named as outcome unknown when the token opened another issue since with no key in its body', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator } = environment;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'reset' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Checkout flakes', body: 'Seen twice' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    // A script on the same token opens an issue of its own: it may as well be the agent's, renamed.
    const script = new Octokit({ auth: simulator.seed.tokens.agent, baseUrl: simulator.url, log: quiet });
    const other = (await script.rest.issues.create({ owner, repo, title: 'Nightly build failed', body: 'See the log' })).data;

    const report = await runtime.rollback(session.id);
    expect(report.residue.join('\n')).toMatch(new RegExp(`github\\.issue\\.create.*outcome unknown.*#${other.number}`, 's'));
    expect(simulator.inspect().issues.get(other.number)?.state).toBe('open');
  });

  it('a file a person already gave the same bytes is left as it was', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/faq.md', message: 'FAQ', content: toBase64('# FAQ\n') });
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/contents/*path', ...badGateway });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await session.run('github.file.put', { owner, repo, path: 'docs/faq.md', message: 'FAQ', content: toBase64('# FAQ\n') }).catch(() => undefined);
    await session.end();
    await runtime.rollback(session.id);
    expect(simulator.fileContent('docs/faq.md')).toBe('# FAQ\n');
  });

  it('a file put on a named branch whose answer was lost stages its inverse on that branch, and rollback removes it there, leaving main alone', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator } = environment;
    simulator.createBranch('feat');
    const main = simulator.inspect().git.refs.get('refs/heads/main')!;
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/contents/*path', kind: 'drop-after-commit' });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await expect(session.run('github.file.put', { owner, repo, branch: 'feat', path: 'docs/feature.md', message: 'Feature notes', content: toBase64('# Feature\n') })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    expect(simulator.fileContent('docs/feature.md', 'feat')).toBe('# Feature\n');
    // What the timeline shows and a rollback falls back on: the inverse staged before the write names feat.
    const intent = (await runtime.journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.intent' && entry.action === 'github.file.put')!;
    expect(intent.data).toMatchObject({ staged: { operation: 'github.file.delete', input: { path: 'docs/feature.md', branch: 'feat' }, dependsOn: [{ provider: 'github', type: 'branch', id: `${owner}/${repo}:feat`.toLowerCase() }] } });

    await runtime.rollback(session.id);
    expect(simulator.fileContent('docs/feature.md', 'feat')).toBeNull();
    expect(simulator.inspect().git.refs.get('refs/heads/main')).toBe(main);
    expect(simulator.fileContent('docs/feature.md')).toBeNull();
  });

  it('a file put that never reached GitHub, the same content then committed by a person, is theirs: rollback keeps it', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator, human } = environment;
    simulator.createBranch('feat');
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/contents/*path', kind: 'reset' });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    const put = { owner, repo, branch: 'feat', path: 'docs/feature.md', message: 'Feature notes', content: toBase64('# Feature\n') };
    await expect(session.run('github.file.put', put)).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    // Seeing the bot fail, a person commits the very same file by hand.
    await human.rest.repos.createOrUpdateFileContents(put);

    const report = await runtime.rollback(session.id);
    expect(report.steps.filter((step) => step.action === 'github.file.put')).toEqual([]);
    expect(simulator.fileContent('docs/feature.md', 'feat')).toBe('# Feature\n');
  });

  it('a file put that landed with its answer lost is still the agent’s, and rollback removes it', async () => {
    environment = await startGithubRuntime({}, { retry: { maxAttempts: 1 } });
    const { owner, repo, runtime, simulator } = environment;
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/contents/*path', kind: 'drop-after-commit' });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await expect(session.run('github.file.put', { owner, repo, path: 'docs/feature.md', message: 'Feature notes', content: toBase64('# Feature\n') })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();

    await runtime.rollback(session.id);
    expect(simulator.fileContent('docs/feature.md')).toBeNull();
  });

  it('an answer that does not parse is an unknown outcome: looked up by its marker, then sent once', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'server-error', respond: () => ({ status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"number": 2, "title": "Flak' }) });

    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await session.run('github.issue.create', { owner, repo, title: 'Flaky checkout test' });
    await session.end();
    const created = [...simulator.inspect().issues.values()].filter((candidate) => candidate.title === 'Flaky checkout test');
    expect(created.map((candidate) => candidate.number)).toEqual([issue.number]);
    expect(simulator.faults.fired()).toHaveLength(1);
  });
});
