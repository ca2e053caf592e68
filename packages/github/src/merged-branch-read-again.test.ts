// The agent's merged branch, rolled back slowly. The rollback reverts the merge, puts the agent's file
// back on the branch as it was, then deletes the branch. When the file's restore is slow, the branch's
// removal is planned over a second before it runs and reads the branch again: its comparison with the
// default branch now lists the file the rollback itself just put back (the merge is reverted, so the
// restore is a change since the merge base). That file is the rollback's own write, still as it left it:
// the branch goes. A file a person changed on the branch meanwhile keeps it. Read back through the
// simulator's refs and a person's Octokit.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startGithub, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithub>>;
let runtime: Runtime;

afterEach(async () => {
  await runtime?.journal.close();
  await environment?.simulator.close();
});

async function agentMergesItsBranch() {
  environment = await startGithub();
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [environment.adapter], policy: [] });
  const { owner, repo, simulator, human } = environment;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/fix-discounts', sha: simulator.inspect().git.refs.get('refs/heads/main')! });
  const current = await human.rest.repos.getContent({ owner, repo, path: 'src/pricing.js', ref: 'fix-discounts' });
  await session.run('github.file.put', { owner, repo, path: 'src/pricing.js', branch: 'fix-discounts', message: 'Fix discounts', content: toBase64('export const total = () => 0;\n'), sha: (current.data as { sha: string }).sha });
  const pull = await session.run<{ number: number }>('github.pull.create', { owner, repo, title: 'Fix discounts', head: 'fix-discounts', base: 'main' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull.number, merge_method: 'merge' });
  await session.end();
  return session;
}

/** Holds the rollback's restore of the file on the branch 1.2 s (past REMOVAL_FRESH_MS), running `meanwhile` as it arrives. */
function slowRestore(meanwhile: () => Promise<unknown> = async () => undefined) {
  let done: Promise<unknown> = Promise.resolve();
  environment.simulator.faults.inject({
    method: 'PUT',
    kind: 'delay',
    ms: 1_200,
    when: (request) => {
      if (!decodeURIComponent(request.path).endsWith('/contents/src/pricing.js')) return false;
      done = meanwhile();
      return true;
    },
  });
  return () => done;
}

const branchExists = () => environment.simulator.inspect().git.refs.has('refs/heads/fix-discounts');

describe("the agent's merged branch, its removal read again after a slow restore", () => {
  it("is deleted: the file listed on it again is the rollback's own restore, still as it left it", async () => {
    const session = await agentMergesItsBranch();
    slowRestore();
    const report = await runtime.rollback(session.id);
    const branchStep = report.steps.find((step) => step.action === 'github.branch.create');
    expect(branchStep?.outcome, JSON.stringify(report.residue)).toBe('verified');
    expect(branchExists()).toBe(false);
  });

  it("is kept when a person committed another file to it while the restore was slow", async () => {
    const session = await agentMergesItsBranch();
    const { owner, repo, human } = environment;
    const committed = slowRestore(() => human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/notes.md', branch: 'fix-discounts', message: 'Notes', content: toBase64('# keep me\n') }));
    const report = await runtime.rollback(session.id);
    await committed();
    expect(report.steps.find((step) => step.action === 'github.branch.create')?.outcome).toBe('conflict');
    expect(branchExists()).toBe(true);
    const notes = await human.rest.repos.getContent({ owner, repo, path: 'docs/notes.md', ref: 'fix-discounts' });
    expect(Buffer.from((notes.data as { content: string }).content, 'base64').toString('utf8')).toBe('# keep me\n');
  });
});
