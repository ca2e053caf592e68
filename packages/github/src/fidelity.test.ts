// Fidelity: every simulator answer of the operations served validates against GitHub's OpenAPI
// description (the carried subset of @octokit/openapi), and for the operations @octokit/fixtures
// recorded against api.github.com, the simulator's answers carry the same top-level fields.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { createResponseValidator } from '@backspace/testkit';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';
import { quiet, toBase64 } from './test-support.js';

const spec = JSON.parse(readFileSync(new URL('../spec/github-openapi-subset.json', import.meta.url), 'utf8'));
const fixturesDir = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
const recording = (scenario: string) => JSON.parse(readFileSync(join(fixturesDir, scenario, 'normalized-fixture.json'), 'utf8')) as { method: string; path: string; status: number; response: unknown }[];

interface Captured {
  method: string;
  path: string;
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

/**
 * Multi-segment parameters (a ref, a file path) are one template segment in the document. A redirect's
 * target, the repository by id (`/repositories/{id}/...`, which GitHub's document leaves out), answers as
 * the repository's path by name does, and is checked as that.
 */
function templatePath(url: string): string {
  const path = new URL(url).pathname.replace(/^\/repositories\/\d+/, '/repos/by-id/repository');
  return path.replace(/\/(contents|git\/ref|git\/refs|git\/matching-refs)\/(.+)$/, (_whole, kind: string, rest: string) => `/${kind}/${encodeURIComponent(decodeURIComponent(rest))}`);
}

let simulator: GithubSimulator;
const captured: Captured[] = [];
const owner = 'octo-org';
const repo = 'widgets';

function recordingClient(token: string): Octokit {
  const octokit = new Octokit({ auth: token, baseUrl: simulator.url, log: quiet });
  octokit.hook.after('request', (response, options) => {
    captured.push({ method: options.method, path: templatePath(response.url), status: response.status, body: response.data, headers: response.headers });
  });
  octokit.hook.error('request', (error, options) => {
    const failure = error as { status?: number; response?: { url: string; data: unknown; headers: Record<string, unknown> } };
    if (failure.response) captured.push({ method: options.method, path: templatePath(failure.response.url), status: failure.status!, body: failure.response.data, headers: failure.response.headers });
    throw error;
  });
  return octokit;
}

const attempt = async (call: () => Promise<unknown>) => call().catch(() => undefined);

beforeAll(async () => {
  simulator = await createGithubSimulator();
  const agent = recordingClient(simulator.seed.tokens.agent);
  const reader = recordingClient(simulator.seed.tokens.readOnly);
  const rest = agent.rest;
  const main = simulator.inspect().git.refs.get('refs/heads/main')!;

  await rest.users.getAuthenticated();
  // An App installation token: GitHub refuses it GET /user (no user behind it).
  await attempt(() => recordingClient(simulator.seed.tokens.app).rest.users.getAuthenticated());
  await rest.repos.get({ owner, repo });
  const issue = (await rest.issues.create({ owner, repo, title: 'Fidelity', body: 'body', labels: ['bug'] })).data;
  await rest.issues.listForRepo({ owner, repo, state: 'all' });
  await rest.issues.get({ owner, repo, issue_number: issue.number });
  await rest.issues.update({ owner, repo, issue_number: issue.number, title: 'Fidelity (edited)', state: 'closed', state_reason: 'not_planned', milestone: 1, assignees: ['octo-human'] });
  // Its events: labeled at creation, then renamed, closed, milestoned and assigned by that update.
  await rest.issues.listEvents({ owner, repo, issue_number: issue.number });
  const comment = (await rest.issues.createComment({ owner, repo, issue_number: 1, body: 'hello' })).data;
  await rest.issues.listComments({ owner, repo, issue_number: 1 });
  await rest.issues.getComment({ owner, repo, comment_id: comment.id });
  await rest.issues.updateComment({ owner, repo, comment_id: comment.id, body: 'hello again' });
  await rest.issues.deleteComment({ owner, repo, comment_id: comment.id });
  await rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['enhancement'] });
  await rest.issues.listLabelsOnIssue({ owner, repo, issue_number: 1 });
  await rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'enhancement' });
  await rest.issues.listLabelsForRepo({ owner, repo });
  await rest.issues.createLabel({ owner, repo, name: 'fidelity', color: '663399' });
  await rest.issues.getLabel({ owner, repo, name: 'fidelity' });
  await rest.git.createRef({ owner, repo, ref: 'refs/heads/fidelity', sha: main });
  await rest.git.getRef({ owner, repo, ref: 'heads/fidelity' });
  await rest.git.listMatchingRefs({ owner, repo, ref: 'heads/' });
  await rest.git.getCommit({ owner, repo, commit_sha: main });
  const file = (await rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/new.js', branch: 'fidelity', message: 'add', content: toBase64('export {};\n') })).data;
  const updated = (await rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/new.js', branch: 'fidelity', message: 'edit', content: toBase64('export const a = 1;\n'), sha: file.content!.sha! })).data;
  await rest.repos.getContent({ owner, repo, path: 'src/new.js', ref: 'fidelity' });
  await rest.repos.getContent({ owner, repo, path: 'src' });
  await rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/lib/util.js', branch: 'fidelity', message: 'nest', content: toBase64('export {};\n') });
  await rest.repos.getContent({ owner, repo, path: 'src', ref: 'fidelity' });
  await rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/other.js', branch: 'fidelity', message: 'add', content: toBase64('x\n') });
  await rest.repos.deleteFile({ owner, repo, path: 'src/other.js', branch: 'fidelity', message: 'rm', sha: simulator.inspect().git.getCommit(simulator.inspect().git.refs.get('refs/heads/fidelity')!)!.tree['src/other.js']! });
  await rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: 'main...fidelity' });
  await rest.repos.listCommits({ owner, repo, sha: 'fidelity', path: 'src/lib/util.js', per_page: 1 });
  const pull = (await rest.pulls.create({ owner, repo, title: 'Fidelity', head: 'fidelity', base: 'main', body: 'pr' })).data;
  await rest.pulls.list({ owner, repo, state: 'all' });
  await rest.pulls.get({ owner, repo, pull_number: pull.number });
  await rest.pulls.update({ owner, repo, pull_number: pull.number, body: 'pr, edited' });
  await rest.pulls.listFiles({ owner, repo, pull_number: pull.number });
  await rest.pulls.merge({ owner, repo, pull_number: pull.number, merge_method: 'squash' });
  await rest.git.createRef({ owner, repo, ref: 'refs/heads/fidelity-stale', sha: updated.commit.sha! });
  await rest.git.updateRef({ owner, repo, ref: 'heads/fidelity', sha: simulator.inspect().git.refs.get('refs/heads/main')!, force: true });
  await rest.git.deleteRef({ owner, repo, ref: 'heads/fidelity' });
  // Every change of that branch, newest first: its creation, its commits, the force push, its deletion.
  await rest.repos.listActivities({ owner, repo, ref: 'fidelity', per_page: 3 });

  // GitHub's error answers for the same operations.
  await attempt(() => rest.issues.get({ owner, repo, issue_number: 999 }));
  await attempt(() => rest.issues.create({ owner, repo: 'missing', title: 'x' }));
  await attempt(() => reader.rest.issues.create({ owner, repo, title: 'x' }));
  await attempt(() => rest.issues.createLabel({ owner, repo, name: 'foo', color: 'invalid' }));
  await attempt(() => rest.git.createRef({ owner, repo, ref: 'refs/heads/main', sha: main }));
  await attempt(() => rest.repos.createOrUpdateFileContents({ owner, repo, path: 'src/new.js', message: 'stale', branch: 'fidelity-stale', content: toBase64('y'), sha: file.content!.sha! }));
  await attempt(() => rest.repos.getContent({ owner, repo, path: 'nope.txt' }));
  await attempt(() => rest.pulls.merge({ owner, repo, pull_number: pull.number }));
  await attempt(() => rest.pulls.get({ owner, repo, pull_number: 999 }));

  // Last, as they move the repository: a person renames it, reads it by its old name (followed through
  // GitHub's 301), and transfers it to another organization (202, the answer naming its original owner).
  await rest.repos.update({ owner, repo, name: 'widgets-renamed' });
  await rest.repos.get({ owner, repo });
  await rest.repos.transfer({ owner, repo: 'widgets-renamed', new_owner: 'octo-labs' });
});

afterAll(async () => {
  await simulator?.close();
});

describe('simulator answers validate against GitHub’s OpenAPI description', () => {
  it('covers every operation in the carried subset', () => {
    const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const exercised = operations.filter((operation) => captured.some((answer) => answer.status < 400 && matches(operation, answer)));
    expect(exercised.sort()).toEqual(operations.sort());
  });

  it('the validator does reject a wrong shape (so the check below can fail)', () => {
    const validator = createResponseValidator(spec);
    const issue = captured.find((answer) => answer.method === 'GET' && /\/issues\/\d+$/.test(answer.path) && answer.status === 200)!;
    expect(validator.validate({ ...issue, body: { ...(issue.body as object), number: 'one' } }).ok).toBe(false);
  });

  it('every answer fits its documented schema', () => {
    const validator = createResponseValidator(spec);
    const failures = captured.flatMap((answer) => validator.validate(answer).errors.map((error) => `${answer.method} ${answer.path} ${answer.status}: ${error}`));
    expect(failures).toEqual([]);
  });

  it('a directory listing holds the subdirectories, as type "dir", beside the files', () => {
    const listing = captured.filter((answer) => answer.method === 'GET' && answer.path.endsWith('/contents/src') && Array.isArray(answer.body)).at(-1)!.body as { type: string; path: string }[];
    expect(listing.map((item) => `${item.type} ${item.path}`)).toEqual(['file src/cart.js', 'dir src/lib', 'file src/new.js', 'file src/pricing.js']);
  });

  it('error answers carry GitHub’s status codes', () => {
    const statuses = captured.filter((answer) => answer.status >= 400).map((answer) => `${answer.method} ${answer.status}`).sort();
    expect(statuses).toEqual(['GET 403', 'GET 404', 'GET 404', 'GET 404', 'POST 403', 'POST 404', 'POST 422', 'POST 422', 'PUT 405', 'PUT 409']);
  });
});

describe('simulator answers carry the fields of real api.github.com recordings (@octokit/fixtures)', () => {
  const keys = (body: unknown) => Object.keys((Array.isArray(body) ? body[0] : body) as object).sort();
  const simulated = (method: string, pattern: RegExp, status?: number) => {
    const found = captured.find((answer) => answer.method === method && pattern.test(answer.path) && (status === undefined || answer.status === status));
    if (!found) throw new Error(`no simulator answer for ${method} ${pattern}`);
    return found.body;
  };
  const recorded = (scenario: string, method: string, pattern: RegExp) => {
    const found = recording(scenario).find((exchange) => exchange.method === method.toLowerCase() && pattern.test(exchange.path));
    if (!found) throw new Error(`no recording for ${method} ${pattern} in ${scenario}`);
    return found.response;
  };
  const cases: [string, string, string, RegExp, RegExp, number?][] = [
    ['issues.create', 'add-labels-to-issue', 'POST', /\/issues$/, /\/issues$/],
    ['issues.addLabels', 'add-labels-to-issue', 'POST', /\/issues\/\d+\/labels$/, /\/issues\/\d+\/labels$/],
    ['issues.listLabelsForRepo', 'labels', 'GET', /\/labels$/, /\/labels$/],
    ['issues.createLabel', 'labels', 'POST', /\/labels$/, /\/labels$/, 201],
    ['issues.getLabel', 'labels', 'GET', /\/labels\/[^/]+$/, /\/labels\/[^/]+$/],
    ['repos.createOrUpdateFileContents (file commit)', 'create-file', 'PUT', /\/contents\//, /\/contents\//, 201],
    ['repos.getContent (directory)', 'get-content', 'GET', /\/contents\/$/, /\/contents\/src$/],
    ['git.createRef', 'git-refs', 'POST', /\/git\/refs$/, /\/git\/refs$/, 201],
    ['git.listMatchingRefs (refs)', 'git-refs', 'GET', /\/git\/refs\/$/, /\/git\/matching-refs\//],
    ['errors: 422 Validation Failed', 'errors', 'POST', /\/labels$/, /\/labels$/, 422],
  ];
  for (const [name, scenario, method, recordedPath, simulatedPath, status] of cases) {
    it(name, () => {
      const real = recorded(scenario, method, recordedPath);
      const ours = simulated(method, simulatedPath, status);
      // Nested objects of a file commit (content, commit) are compared one level down too.
      expect(keys(ours)).toEqual(keys(real));
      if (name.startsWith('repos.createOrUpdateFileContents')) {
        expect(keys((ours as { content: unknown }).content)).toEqual(keys((real as { content: unknown }).content));
        expect(keys((ours as { commit: unknown }).commit)).toEqual(keys((real as { commit: unknown }).commit));
      }
    });
  }
});

describe('simulator headers are those of real api.github.com recordings (@octokit/fixtures)', () => {
  const exchange = (scenario: string, method: string, pattern: RegExp) => {
    const found = recording(scenario).find((entry) => entry.method === method.toLowerCase() && pattern.test(entry.path)) as { headers: Record<string, string>; response: { url?: string } } | undefined;
    if (!found) throw new Error(`no recording for ${method} ${pattern} in ${scenario}`);
    return { location: found.headers.location ?? found.headers.Location, url: found.response.url };
  };
  const ours = (method: string, pattern: RegExp) => captured.find((answer) => answer.method === method && pattern.test(answer.path) && answer.status === 201)!;

  it('a 201 names what it created in Location (its API URL); a file commit names none', () => {
    for (const [scenario, method, pattern] of [['add-labels-to-issue', 'POST', /\/issues$/], ['git-refs', 'POST', /\/git\/refs$/], ['labels', 'POST', /\/labels$/]] as const) {
      const real = exchange(scenario, method, pattern);
      expect(real.location).toBe(real.url);
      const answer = ours(method, pattern);
      expect(answer.headers.location).toBe((answer.body as { url: string }).url);
    }
    expect(exchange('create-file', 'PUT', /\/contents\//).location).toBeUndefined();
    expect(ours('PUT', /\/contents\//).headers.location).toBeUndefined();
  });

  it('pages link prev, next, last and first in GitHub’s order', async () => {
    const rels = (link: unknown) => [...String(link ?? '').matchAll(/rel="(\w+)"/g)].map((match) => match[1]);
    const real = recording('paginate-issues').map((entry) => rels((entry as unknown as { headers: Record<string, string> }).headers.link));
    const human = recordingClient(simulator.seed.tokens.human);
    for (const body of ['a', 'b', 'c', 'd', 'e']) await human.rest.issues.createComment({ owner, repo, issue_number: 1, body });
    const pages = await Promise.all([1, 2, 3].map((page) => human.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 2, page })));
    expect(pages.map((answer) => rels(answer.headers.link))).toEqual([real[0], real[1], real.at(-1)]);
  });
});

function matches(operation: string, answer: Captured): boolean {
  const [method, template] = operation.split(' ') as [string, string];
  if (method !== answer.method) return false;
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return pattern.test(answer.path);
}
