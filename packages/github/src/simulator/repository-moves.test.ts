// A repository a person renames (REST `PATCH /repos/{owner}/{repo}` with `name`) or transfers to another
// owner (`POST /repos/{owner}/{repo}/transfer`): GitHub's old full name answers a read with 301 and any
// other method with 307, both to the repository by id, as @octokit/fixtures' `rename-repository`
// recording of api.github.com shows (the 307's body says "Moved Permanently" too); Octokit's fetch
// follows both, repeating the method and body for a 307. GraphQL's `repository(owner:, name:)` follows
// the old name unless `followRenames: false`. The transfer answers 202 naming the original owner.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGithub } from '../test-support.js';

const fixtures = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
type Exchange = { method: string; path: string; status: number; headers: Record<string, string>; response: { message?: string; url?: string } };
const recorded = JSON.parse(readFileSync(join(fixtures, 'rename-repository', 'normalized-fixture.json'), 'utf8')) as Exchange[];

let environment: Awaited<ReturnType<typeof startGithub>> | undefined;
afterEach(async () => environment?.simulator.close());

async function start() {
  environment = await startGithub();
  return environment;
}

/** One request as sent, redirects not followed. */
async function raw(method: string, path: string, body?: unknown) {
  const answer = await fetch(`${environment!.simulator.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { authorization: `token ${environment!.simulator.seed.tokens.human}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, location: answer.headers.get('location'), body: (await answer.json()) as { message?: string; url?: string } };
}

describe('a renamed repository’s old name', () => {
  it('answers GET with 301 and PATCH with 307 to the repository by id, as api.github.com did', async () => {
    const { human, owner, repo, simulator } = await start();
    await human.rest.repos.update({ owner, repo, name: 'gizmos' });
    const id = (await human.rest.repos.get({ owner, repo: 'gizmos' })).data.id;

    const read = await raw('GET', `/repos/${owner}/${repo}`);
    const write = await raw('PATCH', `/repos/${owner}/${repo}`, { name: 'never-applied' });
    const shape = (exchange: { status: number; location: string | null; body: { message?: string; url?: string } }) => [exchange.status, new URL(exchange.location!).pathname, exchange.body.message, exchange.body.url === exchange.location];
    const real = recorded.filter((exchange) => exchange.status >= 300 && exchange.status < 400).map((exchange) => ({ status: exchange.status, location: exchange.headers.location!, body: exchange.response }));
    expect(real.map(shape)).toEqual([
      [301, '/repositories/1000', 'Moved Permanently', true],
      [307, '/repositories/1000', 'Moved Permanently', true],
    ]);
    expect([shape(read), shape(write)]).toEqual([
      [301, `/repositories/${id}`, 'Moved Permanently', true],
      [307, `/repositories/${id}`, 'Moved Permanently', true],
    ]);
    // The PATCH itself was not applied at the old name: only a client repeating it at the new one applies it.
    expect(simulator.inspect().name).toBe('gizmos');
    // Octokit's fetch repeats the PATCH at the new address (the simulator's PATCH serves `name` only).
    const followed = (await human.rest.repos.update({ owner, repo, name: 'gizmos-2' })).data;
    expect([followed.full_name, simulator.inspect().name]).toEqual([`${owner}/gizmos-2`, 'gizmos-2']);
  });
});

describe('a repository transferred to another owner', () => {
  it('answers 202 naming its original owner, then lives under the new one; the old full name redirects', async () => {
    const { human, owner, repo, simulator } = await start();
    const answer = await human.rest.repos.transfer({ owner, repo, new_owner: 'octo-labs', new_name: 'gizmos' });
    expect([answer.status, answer.data.full_name, answer.data.owner.login]).toEqual([202, `${owner}/${repo}`, owner]);

    const moved = (await human.rest.repos.get({ owner, repo })).data;
    expect([moved.full_name, moved.owner.login]).toEqual(['octo-labs/gizmos', 'octo-labs']);
    expect((await raw('POST', `/repos/${owner}/${repo}/issues`, { title: 'x' })).status).toBe(307);
    const issue = (await human.rest.issues.create({ owner, repo, title: 'Filed at the old name' })).data;
    expect(issue.repository_url.endsWith('/repos/octo-labs/gizmos')).toBe(true);
    expect(simulator.inspect().issues.get(issue.number)?.title).toBe('Filed at the old name');

    const query = `query { now: repository(owner: "${owner}", name: "${repo}") { nameWithOwner } strict: repository(owner: "${owner}", name: "${repo}", followRenames: false) { nameWithOwner } }`;
    const data = await human.graphql(query).catch((error: { data?: unknown }) => error.data);
    expect(data).toEqual({ now: { nameWithOwner: 'octo-labs/gizmos' }, strict: null });
  });

  it('is refused with 422 where the new owner already has a repository of that name', async () => {
    const { human, owner, repo, simulator } = await start();
    simulator.createRepository('gadgets');
    await human.rest.repos.transfer({ owner, repo: 'gadgets', new_owner: 'octo-labs' });
    const refused = await human.rest.repos.transfer({ owner, repo, new_owner: 'octo-labs', new_name: 'gadgets' }).catch((error: { status: number }) => error.status);
    expect(refused).toBe(422);
    expect((await human.rest.repos.get({ owner, repo })).data.full_name).toBe(`${owner}/${repo}`);
  });
});
