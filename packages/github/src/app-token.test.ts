// An agent on a GitHub App installation token, as GitHub really treats one: GET /user is refused (403),
// so the adapter takes its identity from its settings or asks GraphQL `viewer` once; its commits carry
// the bot's name, and undoing its own branch is never a conflict with itself.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter, type GithubAdapterSettings } from './github-adapter.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';
import { quiet, toBase64 } from './test-support.js';
import { Octokit } from '@octokit/rest';

let simulator: GithubSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start(settings: Omit<GithubAdapterSettings, 'token' | 'baseUrl'> = {}, token: 'app' | 'agent' = 'app') {
  simulator = await createGithubSimulator();
  const adapter = createGithubAdapter({ token: simulator.seed.tokens[token], baseUrl: simulator.url, ...settings });
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { baseDelayMs: 5 } });
  const human = new Octokit({ auth: simulator.seed.tokens.human, baseUrl: simulator.url, log: quiet });
  return { ...simulator.seed, human, session: await runtime.startSession({ agentId: 'app-bot' }) };
}

const identityRequests = () => simulator.log.entries().filter((entry) => entry.path === '/user' || entry.path === '/graphql');

describe('an App installation token', () => {
  it('finds its own issues after lost answers, asking its identity once (GET /user refused, then GraphQL viewer)', async () => {
    const { owner, repo, session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit', times: 2 });
    const first = await session.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Flaky checkout test' });
    const second = await session.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Slow cart' });
    await session.end();

    const issues = [...simulator.inspect().issues.values()].filter((issue) => !issue.isPull && issue.number !== 1);
    expect(issues.map((issue) => [issue.number, issue.title, issue.user.login])).toEqual([
      [first.number, 'Flaky checkout test', simulator.seed.logins.app],
      [second.number, 'Slow cart', simulator.seed.logins.app],
    ]);
    expect(identityRequests().map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['GET', '/user', 403],
      ['POST', '/graphql', 200],
    ]);
    await runtime.rollback(session.id);
    expect([first.number, second.number].map((number) => simulator.inspect().issues.get(number)!.state_reason)).toEqual(['not_planned', 'not_planned']);
  });

  it('with its slug in the settings never asks who it is, and adopts its own merge after a lost answer', async () => {
    const { owner, repo, human, session } = await start({ appSlug: 'backspace-app' });
    simulator.createBranch('hotfix');
    simulator.push('hotfix', { 'src/cart.js': 'export const addItem = (cart, item) => cart.concat(item);\n' }, 'Simplify cart');
    const pull = (await human.rest.pulls.create({ owner, repo, title: 'Simplify cart', head: 'hotfix', base: 'main' })).data;
    simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/pulls/:number/merge', kind: 'drop-after-commit' });
    await session.run('github.pull.merge', { owner, repo, pull_number: pull.number });
    await session.end();

    expect(simulator.inspect().pulls.get(pull.number)!.merged_by?.login).toBe(simulator.seed.logins.app);
    expect(simulator.log.entries().filter((entry) => entry.path === '/user')).toEqual([]);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0, conflict: 0 });
    expect(simulator.fileContent('src/cart.js')).toBe(simulator.seed.files['src/cart.js']);
  });
});

describe('the agent’s own commits, named as GitHub names them', () => {
  for (const token of ['app', 'agent'] as const) {
    it(`on ${token === 'app' ? 'an App token (the bot’s name)' : 'a personal token (the profile name, not the login)'}: undoing its branch with its files is no conflict`, async () => {
      const { owner, repo, session, names } = await start({}, token);
      const main = simulator.inspect().git.refs.get('refs/heads/main')!;
      await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/agent-fix', sha: main });
      const put = await session.run<{ commit: { sha: string } }>('github.file.put', { owner, repo, path: 'src/fix.js', branch: 'agent-fix', message: 'Fix', content: toBase64('export const fix = 1;\n') });
      await session.end();
      const commit = await new Octokit({ auth: simulator.seed.tokens.human, baseUrl: simulator.url, log: quiet }).rest.git.getCommit({ owner, repo, commit_sha: put.commit.sha });
      expect(commit.data.author.name).toBe(names[token]);

      const plan = await runtime.planRollback(session.id);
      expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
        ['github.file.put', 'undo'],
        ['github.branch.create', 'undo'],
      ]);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 2, failed: 0, conflict: 0 });
      expect(simulator.inspect().git.refs.has('refs/heads/agent-fix')).toBe(false);
    });
  }
});
