// Real api.github.com answers, replayed: the @octokit/fixtures recordings served by nock to the
// adapter's own writes, reads and error mapping, so the adapter handles GitHub's real responses and
// not only the simulator's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, actionResource, systemClock } from '@backspace/core';
import { replayExchanges } from '@backspace/testkit';
import { createGithubClient } from './client.js';
import { issueCreate } from './actions/issue-create.js';
import { labelsAdd } from './actions/labels-add.js';
import { filePut } from './actions/file-put.js';
import { branchCreate } from './actions/branch-create.js';
import { issueSnapshot } from './read.js';

interface Exchange {
  method: string;
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string | number>;
}

const fixturesDir = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
const recorded = (scenario: string): Exchange[] => JSON.parse(readFileSync(join(fixturesDir, scenario, 'normalized-fixture.json'), 'utf8'));
const RECORDED_TOKEN = '0000000000000000000000000000000000000001';
const client = createGithubClient(RECORDED_TOKEN);
const context = { client, idempotencyKey: 'replay-key', clock: systemClock };

/** Serves a scenario's exchanges in order (testkit's replay: method and path, bodies not matched). */
function replay(scenario: string, only?: (exchange: Exchange) => boolean) {
  const exchanges = recorded(scenario).filter(only ?? (() => true));
  const headersOf = (exchange: Exchange) => Object.fromEntries(Object.entries(exchange.headers).map(([name, value]) => [name, String(value)]));
  // Octokit 22 sends a ref's slash percent-encoded (`heads%2Ftest`), which GitHub accepts; older clients did not: the replay matches either.
  return replayExchanges(exchanges.map((exchange) => ({ scope: 'https://api.github.com', method: exchange.method, path: exchange.path, status: exchange.status, response: exchange.response as nock.ReplyBody, rawHeaders: headersOf(exchange) })));
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('the adapter against recorded api.github.com answers', () => {
  it('issues.create and issues.addLabels (add-labels-to-issue)', async () => {
    const serving = replay('add-labels-to-issue');
    const input = { owner: 'octokit-fixture-org', repo: 'add-labels-to-issue', title: 'Issue without a label' };
    const issue = await issueCreate.execute(input, context);
    expect(issue).toMatchObject({ number: 1, html_url: 'https://github.com/octokit-fixture-org/add-labels-to-issue/issues/1', state: 'open' });
    expect(actionResource(issueCreate, input, issue).id).toBe('octokit-fixture-org/add-labels-to-issue#1');
    const labels = await labelsAdd.execute({ ...input, issue_number: 1, labels: ['Foo', 'bAr', 'baZ'] }, context);
    expect(labels.labels).toEqual(['Foo', 'bAr', 'baZ']);
    expect(serving.pending()).toEqual([]);
  });

  it('a real issue reads as a snapshot with its labels one field each', () => {
    const created = recorded('add-labels-to-issue')[0]!.response as Parameters<typeof issueSnapshot>[0];
    const snapshot = issueSnapshot({ ...created, labels: [{ name: 'Foo' }, 'bAr'] });
    expect(snapshot).toMatchObject({ title: 'Issue without a label', state: 'open', comments: 42, labels: ['Foo', 'bAr'], 'label:Foo': true, 'label:bAr': true, author: 'octokit-fixture-user-a' });
  });

  it('repos.get names the default branch, then repos.createOrUpdateFileContents writes to it (get-repository, create-file)', async () => {
    // The adapter resolves the default branch a put leaves implicit; a real repository answer, as recorded
    // for another repository of the fixture organisation, says which (this recording's file went to main).
    const repository = recorded('get-repository')[0]!;
    const serving = replay('create-file');
    const repositoryServed = nock('https://api.github.com').get('/repos/octokit-fixture-org/create-file').reply(200, { ...(repository.response as object), name: 'create-file', full_name: 'octokit-fixture-org/create-file', default_branch: 'main' });
    const input = { owner: 'octokit-fixture-org', repo: 'create-file', path: 'test.txt', message: 'create test.txt', content: 'VGVzdCBjb250ZW50' };
    const put = await filePut.execute(input, context);
    expect(put).toEqual({ path: 'test.txt', branch: 'main', sha: '3f3f005b29247e51a4f4d6b8ce07b67646cd6074', commit: { sha: '0000000000000000000000000000000000000002' }, created: true });
    expect(actionResource(filePut, input, put).id).toBe('octokit-fixture-org/create-file:main:test.txt');
    expect(serving.pending()).toEqual([]);
    expect(repositoryServed.isDone()).toBe(true);
  });

  it('git.createRef and the ref delete compensation (git-refs)', async () => {
    const serving = replay('git-refs', (exchange) => exchange.method === 'post' || exchange.method === 'delete');
    const ref = await branchCreate.execute({ owner: 'octokit-fixture-org', repo: 'git-refs', ref: 'refs/heads/test', sha: '0000000000000000000000000000000000000002' }, context);
    expect(ref).toEqual({ ref: 'refs/heads/test', sha: '0000000000000000000000000000000000000002' });
    await branchCreate.inverses!['github.ref.delete']!.run({ owner: 'octokit-fixture-org', repo: 'git-refs', branch: 'test' }, context);
    expect(serving.pending()).toEqual([]);
  });

  it('a recorded 422 Validation Failed maps to a non-retryable ProviderError with GitHub’s message and request id (errors)', async () => {
    replay('errors');
    const error = await client.rest.issues.createLabel({ owner: 'octokit-fixture-org', repo: 'errors', name: 'foo', color: 'invalid' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 422, providerCode: 'invalid', requestId: '0000:00000:0000000:0000000:00000000', isRetryable: false, outcomeUnknown: false });
    expect((error as ProviderError).message).toContain('Validation Failed');
    expect((error as ProviderError).message).not.toContain(RECORDED_TOKEN);
  });

  it('GitHub’s primary rate-limit answer (recorded headers, remaining 0) is retryable with the wait until reset', async () => {
    const headers = { ...recorded('errors')[0]!.headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 30) };
    nock('https://api.github.com').get('/repos/octokit-fixture-org/errors/issues/1').reply(403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])));
    const error = await client.rest.issues.get({ owner: 'octokit-fixture-org', repo: 'errors', issue_number: 1 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 403, isRetryable: true });
    expect((error as ProviderError).retryAfterMs).toBeGreaterThan(20_000);
    expect((error as ProviderError).retryAfterMs).toBeLessThanOrEqual(31_000);
  });
});
