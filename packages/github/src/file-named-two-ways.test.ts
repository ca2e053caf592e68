// One GitHub file named two ways: a put with the default branch left implicit, and one on `main` by
// name. Its intent was journaled under `github.file:<owner>/<repo>::<path>` while its commit, the other
// put and every compensation named `…:main:<path>`, so planning's checks on "the same resource" missed
// the other name. The intent now names the branch (`canonicalTarget`). Read back through the simulator's files.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const PATH = 'docs/setup.md';

async function rig() {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, human } = environment;
  const shaOf = async () => ((await human.rest.repos.getContent({ owner, repo, path: PATH })).data as { sha: string }).sha;
  return { ...environment, shaOf, original: environment.simulator.fileContent(PATH)! };
}

describe('github: a file on the default branch, left implicit and named', () => {
  // The agent rewrites the file on `main`, then writes the original bytes back with the branch
  // left implicit; that second put never reaches GitHub (outcome unknown). The first rollback cannot look
  // it up (GitHub fails), names it, and writes the original back. The second rollback must not take those
  // bytes, the first rollback's, for the lost put's: reconcile.ts skips the lookup once "a rollback has
  // written" the resource, comparing the intent's key (`::docs/setup.md`) with the compensation's
  // (`:main:docs/setup.md`), so the lookup runs, finds the original bytes committed by the agent's own
  // token (the first rollback's restore commit), settles the put as landed, and its "undo" commits the
  // agent's "Use yarn." back. With `branch: 'main'` given, the same scenario is named and left alone.
  it('a lost put on the implicit default branch is not settled from what a first rollback wrote: the agent’s bytes never come back', async () => {
    const { owner, repo, runtime, simulator, shaOf, original } = await rig();
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await session.run('github.file.put', { owner, repo, path: PATH, branch: 'main', message: 'Use yarn', content: toBase64('# Setup\n\nUse yarn.\n'), sha: await shaOf() });
    simulator.faults.inject({ method: 'PUT', path: /\/contents\//, kind: 'reset', times: 10 });
    await expect(session.run('github.file.put', { owner, repo, path: PATH, message: 'Back to npm', content: toBase64(original), sha: await shaOf() })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await session.end();

    // The lookup's first request (the default branch's name) fails through its retries.
    simulator.faults.inject({ method: 'GET', path: new RegExp(`^/repos/${owner}/${repo}$`), kind: 'server-error', status: 500, times: 2 });
    await runtime.rollback(session.id);
    simulator.faults.clear();
    expect(simulator.fileContent(PATH)).toBe(original);

    const second = await runtime.rollback(session.id);
    expect(simulator.fileContent(PATH), `second report: ${JSON.stringify(second.steps.map((step) => [step.status, step.outcome]))}`).toBe(original);
  });

  // A put on the implicit default branch lands, its answer lost (outcome unknown); the agent then
  // puts the file again on `main` by name. The lost put's lookup no longer sees its bytes, and the check
  // that settles such a write by the next write's pre-state (reconcile.ts laterPreState) looks for that
  // next write under the intent's key (`::docs/setup.md`), finds none, and records the put as never
  // landed. The rollback undoes the second put, back to the first put's "Use yarn.", and reports
  // everything undone. With `branch: 'main'` on the first put, the report names it as outcome unknown.
  it('a landed put on the implicit default branch, written over on `main`: either the file is restored or the report names it', async () => {
    const { owner, repo, runtime, simulator, shaOf, original } = await rig();
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    simulator.faults.inject({ method: 'PUT', path: /\/contents\//, kind: 'drop-after-commit', times: 1 });
    // The lookup in the call fails too: planning settles the put.
    simulator.faults.inject({ method: 'GET', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('github.file.put', { owner, repo, path: PATH, message: 'Use yarn', content: toBase64('# Setup\n\nUse yarn.\n'), sha: await shaOf() })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    expect(simulator.fileContent(PATH)).toBe('# Setup\n\nUse yarn.\n');
    await session.run('github.file.put', { owner, repo, path: PATH, branch: 'main', message: 'Use bun', content: toBase64('# Setup\n\nUse bun.\n'), sha: await shaOf() });
    await session.end();

    const report = await runtime.rollback(session.id);
    const content = simulator.fileContent(PATH);
    const named = report.residue.some((line) => line.includes('github.file.put') && line.includes('outcome unknown'));
    expect({ restored: content === original, named }, `file now: ${JSON.stringify(content)}; residue: ${JSON.stringify(report.residue)}`).not.toEqual({ restored: false, named: false });
  });

  // Owner and repository in other letter case are one resource (ids are lower case),
  // so the same landed-then-written-over put is named.
  it('a landed put named `Octo-Org/Widgets`, written over as `octo-org/widgets`: the report names it', async () => {
    const { owner, repo, runtime, simulator, shaOf, original } = await rig();
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    simulator.faults.inject({ method: 'PUT', path: /\/contents\//, kind: 'drop-after-commit', times: 1 });
    simulator.faults.inject({ method: 'GET', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    const shouting = { owner: owner.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase()), repo: repo[0]!.toUpperCase() + repo.slice(1) };
    expect(shouting.owner).not.toBe(owner);
    await expect(session.run('github.file.put', { ...shouting, path: PATH, branch: 'main', message: 'Use yarn', content: toBase64('# Setup\n\nUse yarn.\n'), sha: await shaOf() })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await session.run('github.file.put', { owner, repo, path: PATH, branch: 'main', message: 'Use bun', content: toBase64('# Setup\n\nUse bun.\n'), sha: await shaOf() });
    await session.end();

    const report = await runtime.rollback(session.id);
    const content = simulator.fileContent(PATH);
    const named = report.residue.some((line) => line.includes('github.file.put') && line.includes('outcome unknown'));
    expect(content === original || named).toBe(true);
  });
});
