// The backspace binary on a real terminal (a pseudo-terminal): rollback shows the plan and asks, a "no"
// changes nothing, colour only where it helps (never with NO_COLOR, never when piped), tables fit the
// terminal, a progress line counts done/total, and only what ran and held gets a tick.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';
import { plain, runCliOnPty } from './support/pty.js';

const GREEN = '\x1b[32m';
const COLOUR = /\x1b\[3\dm/;

describe('backspace on a terminal', () => {
  let github: GithubSimulator;
  let directory: string;
  let journalPath: string;
  let env: Record<string, string | undefined>;

  const issue = (number: number) => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string }> }).issues.get(number)!;

  /** A session that opened `count` issues and renamed the seed issue, ended. */
  async function agentSession(count: number) {
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const { owner, repo } = github.seed;
    const created: number[] = [];
    for (let index = 0; index < count; index += 1) created.push((await session.run('github.issue.create', { owner, repo, title: `Duplicate ${index} of a very long incident title that will not fit a narrow terminal at all` })).number);
    await session.run('github.issue.update', { owner, repo, issue_number: github.seed.issueNumber, title: `Renamed by the agent ${count}` });
    await session.end();
    await journal.close();
    return { sessionId: session.id, created };
  }

  beforeAll(async () => {
    github = await createGithubSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-terminal-'));
    journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url } } }));
    env = { GITHUB_TOKEN: github.seed.tokens.agent, NO_COLOR: undefined, FORCE_COLOR: undefined, COLUMNS: undefined };
  });
  afterAll(async () => github.close());

  it('rollback shows the plan and asks; "no" rolls nothing back and exits 5', async () => {
    const { sessionId, created } = await agentSession(2);
    const declined = await runCliOnPty(['rollback', sessionId.slice(0, 8)], { env, cwd: directory, answers: [{ when: '\\[y/N\\]', send: 'n\r' }] });
    const text = plain(declined.output);
    expect(declined.code, text).toBe(5);
    expect(text).toContain(`Rollback plan for session ${sessionId}`);
    expect(text).toMatch(new RegExp(`Roll back 3 steps of session ${sessionId}\\? \\[y/N\\]`));
    expect(text).toContain('nothing was rolled back');
    expect(created.map((number) => issue(number).state)).toEqual(['open', 'open']);
    expect(issue(github.seed.issueNumber).title).toBe('Renamed by the agent 2');
  }, 60_000);

  it('"yes" rolls back with a progress line, then a coloured report where every undone step has a green tick', async () => {
    const titleBefore = issue(github.seed.issueNumber).title;
    const { sessionId, created } = await agentSession(3);
    const run = await runCliOnPty(['rollback', sessionId], { env, cwd: directory, answers: [{ when: '\\[y/N\\]', send: 'y\r' }] });
    const text = plain(run.output);
    expect(run.code, text).toBe(0);
    expect(text).toMatch(/rolling back: \d\/4 steps · (estimating time left|about \d+ s left)/);
    expect(run.output).toContain(`${GREEN}✓ verified`);
    expect(text).toMatch(/^4 undone and verified/m);
    expect(created.map((number) => issue(number).state)).toEqual(['closed', 'closed', 'closed']);
    expect(issue(github.seed.issueNumber).title).toBe(titleBefore);

    // Rolled back again, nothing runs: no step may show a tick, green or not.
    const again = await runCliOnPty(['rollback', sessionId], { env, cwd: directory });
    expect(again.code, plain(again.output)).toBe(0);
    expect(plain(again.output)).toMatch(/- skipped\s+already-undone/);
    expect(again.output).not.toContain('✓');
  }, 60_000);

  it('a step left in conflict shows no tick and the exit says so (3)', async () => {
    const { sessionId, created } = await agentSession(1);
    // A person comments on the agent's issue: closing it would hide their work.
    const comment = await fetch(`${github.url}/repos/${github.seed.owner}/${github.seed.repo}/issues/${created[0]}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${github.seed.tokens.human}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      body: JSON.stringify({ body: 'This one is real' }),
    });
    expect(comment.status).toBe(201);
    const run = await runCliOnPty(['rollback', sessionId, '--yes'], { env, cwd: directory });
    const text = plain(run.output);
    expect(run.code, text).toBe(3);
    const conflictLine = text.split('\n').find((line) => line.includes('github.issue.create'))!;
    expect(conflictLine).toMatch(/^! conflict/);
    expect(issue(created[0]!).state).toBe('open');
  }, 60_000);

  it('tables fit the terminal width; colour on a terminal, none with NO_COLOR and none when piped', async () => {
    const { sessionId } = await agentSession(2);
    const narrow = await runCliOnPty(['plan', sessionId], { env, cwd: directory, columns: 70 });
    const lines = plain(narrow.output).split('\n').filter((line) => line.length > 0);
    expect(narrow.code).toBe(0);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(70);
    expect(plain(narrow.output)).toContain('…');
    expect(narrow.output).toMatch(COLOUR);

    const noColour = await runCliOnPty(['plan', sessionId], { env: { ...env, NO_COLOR: '1' }, cwd: directory });
    expect(noColour.code).toBe(0);
    expect(noColour.output).not.toMatch(COLOUR);
    expect(noColour.output).not.toContain('\x1b[1m');

    const piped = await runCli(['plan', sessionId], env as Record<string, string>, directory);
    expect(piped.stdout).not.toContain('\x1b[');
    expect(piped.stdout).toMatch(/^undo\s+github\.issue\.create/m);
  }, 60_000);
});
