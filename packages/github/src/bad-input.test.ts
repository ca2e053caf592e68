// Bad input and refusals: typed errors carrying GitHub's message and request id, nothing journaled as
// committed, no token in any message; rate limits waited out; a missing token named at setup.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from './github-adapter.js';
import { startGithub, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithub>>;
let runtime: Runtime;

async function setup(options: Parameters<typeof startGithub>[0] = {}, token?: 'readOnly') {
  environment = await startGithub(options);
  const adapter = token ? createGithubAdapter({ token: environment.simulator.seed.tokens[token], baseUrl: environment.simulator.url }) : environment.adapter;
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], ...(options.clock ? { clock: options.clock } : {}) });
}

afterEach(async () => {
  await runtime?.journal.close();
  await environment?.simulator.close();
  runtime = undefined as never;
  environment = undefined as never;
});

/** Runs one action expecting a ProviderError; returns it with the session's journal entry types. */
async function failing(action: string, input: unknown) {
  const session = await runtime.startSession({ agentId: 'bad-input' });
  const error = await session.run(action, input).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const types = (await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type);
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  expect(providerError.message).not.toContain(environment.simulator.seed.tokens.agent);
  expect(providerError.message).not.toContain(environment.simulator.seed.tokens.readOnly);
  expect(types).not.toContain('action.committed');
  return { error: providerError, types };
}

describe('bad input reaching GitHub', () => {
  it('an unknown repository: 404 Not Found with the request id, journaled as failed', async () => {
    await setup();
    const { error, types } = await failing('github.issue.create', { owner: 'octo-org', repo: 'no-such-repo', title: 'Hello' });
    expect(error).toMatchObject({ status: 404, providerCode: 'Not Found', isRetryable: false, outcomeUnknown: false });
    expect(error.message).toContain('Not Found');
    expect(error.requestId).toMatch(/^C0DE:/);
    expect(types).toContain('action.failed');
  });

  it('an unknown owner: 404', async () => {
    await setup();
    const { error } = await failing('github.labels.add', { owner: 'nobody-here', repo: 'widgets', issue_number: 1, labels: ['bug'] });
    expect(error.status).toBe(404);
  });

  it('an issue number that does not exist: 404, journaled as failed', async () => {
    await setup();
    const { error, types } = await failing('github.issue.update', { owner: 'octo-org', repo: 'widgets', issue_number: 999, title: 'x' });
    expect(error.status).toBe(404);
    expect(error.message).toContain('Not Found');
    expect(types).toContain('action.failed');
    expect(environment.simulator.inspect().issues.has(999)).toBe(false);
  });

  it('a token without write access: 403 with GitHub’s message, not retried', async () => {
    await setup({}, 'readOnly');
    const { error } = await failing('github.issue.comment.create', { owner: 'octo-org', repo: 'widgets', issue_number: 1, body: 'hi' });
    expect(error).toMatchObject({ status: 403, isRetryable: false });
    expect(error.message).toContain('Resource not accessible by personal access token');
    expect(environment.simulator.log.entries().filter((entry) => entry.method === 'POST')).toHaveLength(1);
  });

  it('merging a pull request that conflicts: 405 Pull Request is not mergeable', async () => {
    await setup();
    const { simulator, human, owner, repo } = environment;
    simulator.createBranch('conflicting');
    simulator.push('conflicting', { 'README.md': '# widgets (branch)\n' }, 'Branch readme');
    simulator.push('main', { 'README.md': '# widgets (main)\n' }, 'Main readme');
    const pull = await human.rest.pulls.create({ owner, repo, head: 'conflicting', base: 'main', title: 'Readme' });
    expect(pull.data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    const { error } = await failing('github.pull.merge', { owner, repo, pull_number: pull.data.number });
    expect(error).toMatchObject({ status: 405, isRetryable: false });
    expect(error.message).toContain('Pull Request is not mergeable');
    expect(simulator.fileContent('README.md')).toBe('# widgets (main)\n');
  });

  it('a branch that already exists: 422 Reference already exists, not retried', async () => {
    await setup();
    const sha = environment.simulator.inspect().git.refs.get('refs/heads/main')!;
    const { error } = await failing('github.branch.create', { owner: 'octo-org', repo: 'widgets', ref: 'refs/heads/main', sha });
    expect(error).toMatchObject({ status: 422, isRetryable: false });
    expect(error.message).toContain('Reference already exists');
  });

  it('a milestone that does not exist: 422 Validation Failed naming the field', async () => {
    await setup();
    const { error } = await failing('github.issue.update', { owner: 'octo-org', repo: 'widgets', issue_number: 1, milestone: 42 });
    expect(error).toMatchObject({ status: 422, providerCode: 'invalid', isRetryable: false });
    expect(error.message).toContain('Validation Failed (milestone invalid)');
    expect(environment.simulator.inspect().issues.get(1)!.milestone).toBeNull();
  });

  it('a stale sha for a file: 409 and the file keeps its content', async () => {
    await setup();
    const { error } = await failing('github.file.put', { owner: 'octo-org', repo: 'widgets', path: 'README.md', message: 'x', content: toBase64('x'), sha: '0'.repeat(40) });
    expect(error.status).toBe(409);
    expect(environment.simulator.fileContent('README.md')).toBe(environment.simulator.seed.files['README.md']);
  });

  it('a misspelled field is refused naming it, nothing sent: the agent does not get an issue without the assignees it meant', async () => {
    await setup();
    const issuesBefore = environment.simulator.inspect().issues.size;
    const session = await runtime.startSession({ agentId: 'typo' });
    const error = await session.run('github.issue.create', { owner: 'octo-org', repo: 'widgets', title: 'Login fails', asignees: ['octocat'] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_input');
    expect((error as Error).message).toContain('asignees');
    expect(environment.simulator.inspect().issues.size).toBe(issuesBefore);
    expect((await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type)).not.toContain('action.intent');
    // The tool listing an agent reads says so too: no property beyond those listed.
    const listed = runtime.listActions().find((action) => action.name === 'github.issue.create')!;
    expect(listed.inputSchema).toMatchObject({ additionalProperties: false });
  });

  it('a missing token is a configuration error naming GITHUB_TOKEN', () => {
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      expect(() => createGithubAdapter({ baseUrl: 'http://127.0.0.1:1' })).toThrow(/GITHUB_TOKEN/);
      try {
        createGithubAdapter();
      } catch (error) {
        expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_config');
      }
    } finally {
      if (saved !== undefined) process.env.GITHUB_TOKEN = saved;
    }
  });
});

describe('rate limits', () => {
  it('a secondary limit on content creation (403 with retry-after) is waited out and the comment is posted once', async () => {
    // Time moves only when someone waits, so the window cannot roll over between the three posts on a busy machine.
    let now = Date.parse('2026-11-23T12:00:00Z');
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    await setup({ clock, limits: { secondaryContent: 2 } });
    const session = await runtime.startSession({ agentId: 'chatty' });
    for (let count = 1; count <= 3; count += 1) await session.run('github.issue.comment.create', { owner: 'octo-org', repo: 'widgets', issue_number: 1, body: `update ${count}` });
    const comments = [...environment.simulator.inspect().comments.values()].map((comment) => comment.body.split('\n')[0]);
    expect(comments).toEqual(['update 1', 'update 2', 'update 3']);
    expect(environment.simulator.stats.rateLimited).toBe(1);
    expect(environment.simulator.log.entries().find((entry) => entry.rateLimitFamily === 'secondary-content')?.status).toBe(403);
  });

  it('every answer carries x-ratelimit headers that count down', async () => {
    await setup();
    const first = await environment.human.rest.issues.get({ owner: 'octo-org', repo: 'widgets', issue_number: 1 });
    const second = await environment.human.rest.issues.get({ owner: 'octo-org', repo: 'widgets', issue_number: 1 });
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 1);
    expect(first.headers['x-github-request-id']).toBeTruthy();
  });

  it('an exhausted primary limit is a retryable 403 with the wait until reset', async () => {
    await setup({ limits: { primary: 1 } });
    await environment.adapter.read({ provider: 'github', type: 'pull', id: 'octo-org/widgets#999' });
    const error = await environment.adapter.read({ provider: 'github', type: 'issue', id: 'octo-org/widgets#1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 403, isRetryable: true });
    expect((error as ProviderError).message).toContain('API rate limit exceeded');
    expect((error as ProviderError).retryAfterMs).toBeGreaterThan(0);
    expect((error as ProviderError).requestId).toBeTruthy();
  });

  it('a write whose connection resets is an unknown outcome the runtime settles by its marker', async () => {
    await setup();
    environment.simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'reset' });
    const session = await runtime.startSession({ agentId: 'flaky' });
    const issue = await session.run<{ number: number }>('github.issue.create', { owner: 'octo-org', repo: 'widgets', title: 'Once only' });
    const created = [...environment.simulator.inspect().issues.values()].filter((candidate) => candidate.title === 'Once only');
    expect(created.map((candidate) => candidate.number)).toEqual([issue.number]);
  });
});

describe('pagination', () => {
  it('lists carry GitHub’s link header, which Octokit’s paginate follows to the end', async () => {
    await setup();
    const { human, owner, repo } = environment;
    for (let count = 1; count <= 5; count += 1) await human.rest.issues.createComment({ owner, repo, issue_number: 1, body: `comment ${count}` });
    const first = await human.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 2 });
    expect(first.headers.link).toContain('rel="next"');
    const all = await human.paginate(human.rest.issues.listComments, { owner, repo, issue_number: 1, per_page: 2 });
    expect(all.map((comment) => comment.body)).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
  });
});
