// An undo the inverse itself found others' work under, as it ran (GitHub's branch delete: a person had
// committed on the agent's branch, and the merge that took it in was reverted), is a conflict left in
// place: `backspace history` says so, not "undo failed". Run through the built `backspace` binary on
// the journal the rollback wrote; the branch read back from the simulator's own state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter, createGithubClient } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';

let simulator: GithubSimulator | undefined;
afterAll(async () => simulator?.close());

it('history names a branch the rollback kept as it ran as left in place, with why', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens } = simulator.seed;
  const directory = mkdtempSync(join(tmpdir(), 'backspace-cli-kept-'));
  const journalPath = join(directory, 'journal.db');
  writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: simulator.url } } }));
  const journal = createSqliteJournal({ path: journalPath });
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })], policy: [] });
  const person = createGithubClient(tokens.human, simulator.url).rest;

  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: simulator.inspect().git.refs.get('refs/heads/main')! });
  await person.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/guide.md', branch: 'docs-pass', message: 'Write the guide', content: Buffer.from('# Guide\n').toString('base64') });
  const pull = (await session.run('github.pull.create', { owner, repo, title: 'Docs pass', head: 'docs-pass', base: 'main' })) as { number: number };
  await session.run('github.pull.merge', { owner, repo, pull_number: pull.number, merge_method: 'merge' });
  await session.end();
  const report = await runtime.rollback(session.id);
  await journal.close();
  expect(report.steps.find((step) => step.action === 'github.branch.create')?.outcome).toBe('conflict');
  expect(simulator.inspect().git.refs.has('refs/heads/docs-pass')).toBe(true);

  const history = await runCli(['history', `github.branch:${owner}/${repo}:docs-pass`, '--json'], { GITHUB_TOKEN: tokens.agent }, directory);
  expect(history.code, history.stderr).toBe(0);
  const events = history.json<{ history: { event: string; note?: string }[] }>().history;
  expect(events.at(-1)).toMatchObject({ event: 'left in place', note: expect.stringMatching(/^left in place: branch docs-pass in .* is kept: .* committed on it/) });
  expect(events.map((item) => item.event)).not.toContain('undo failed');
});
