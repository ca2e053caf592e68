// The backspace binary never creates a journal it was not asked to, answers usage errors in JSON when
// asked, and refuses to plan on a journal whose hash chain is broken. Run as a user would; checked on
// disk and in the GitHub simulator's own state.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { openJournalFile } from '@backspace/testkit';
import { runCli } from './support/cli.js';

const emptyDirectory = (name: string) => mkdtempSync(join(tmpdir(), `backspace-${name}-`));

// Every command that opens a journal, with arguments that would otherwise succeed or fail later.
const JOURNAL_COMMANDS: string[][] = [
  ['kill', '--agent', 'triage-bot', '--reason', 'incident 7', '--by', 'ops'],
  ['resume', '--agent', 'triage-bot', '--by', 'ops'],
  ['approvals', 'list'],
  ['approvals', 'approve', 'some-request', '--by', 'ops'],
  ['approvals', 'deny', 'some-request', '--by', 'ops', '--reason', 'no'],
  ['end', 'some-session', '--by', 'ops'],
  ['sessions'],
  ['show', 'some-session'],
  ['verify'],
  ['plan', 'some-session'],
  ['rollback', 'some-session'],
];

describe('backspace never creates a journal it was not asked to', () => {
  it.each(JOURNAL_COMMANDS.map((args) => [args.slice(0, 2).join(' '), args]))('%s with a mistyped --journal: an error naming the path, and no file appears', async (_name, args) => {
    const directory = emptyDirectory('mistyped');
    const mistyped = join(directory, 'backsapce.db');
    const result = await runCli([...args, '--journal', mistyped, '--json']);
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({ error: { code: 'journal_unavailable', message: expect.stringContaining(`no journal at ${mistyped}`) } });
    expect(readdirSync(directory)).toEqual([]);
  });

  it('kill with no journal configured fails in a directory that has none, naming the default file, and creates nothing', async () => {
    const directory = emptyDirectory('no-journal');
    const result = await runCli(['kill', '--all', '--reason', 'incident 7', '--by', 'ops'], {}, directory);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no journal at backspace\.db/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('a config naming a journal that is not there: the same error, nothing created', async () => {
    const directory = emptyDirectory('config');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: 'fleet.db' } }));
    const result = await runCli(['resume', '--all', '--by', 'ops', '--json'], {}, directory);
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { code: 'journal_unavailable', message: expect.stringContaining(`no journal at ${join(directory, 'fleet.db')}`) } });
    expect(readdirSync(directory)).toEqual(['backspace.config.json']);
  });

  // `backspace demo --journal <new file>` still creates its journal: test/cli-demo.test.ts.
});

describe('backspace --json: usage errors are JSON too', () => {
  const USAGE_ERRORS: [string, string[], RegExp][] = [
    ['a missing argument', ['rollback', '--json'], /missing required argument 'session'/],
    ['a missing required option', ['kill', '--agent', 'triage-bot', '--by', 'ops', '--json'], /required option '--reason <reason>' not specified/],
    ['an unknown command', ['--json', 'rollbak', 'some-session'], /unknown command 'rollbak'/],
    ['an unknown option', ['sessions', '--agnet', 'triage-bot', '--json'], /unknown option '--agnet'/],
    ['a number that is not one', ['rollback', 'some-session', '--concurrency', 'many', '--json'], /--concurrency.*whole number/],
    ['a subcommand missing its argument', ['approvals', 'approve', '--by', 'ops', '--json'], /missing required argument 'requestId'/],
  ];

  it.each(USAGE_ERRORS)('%s: one JSON object on stdout with a code and message, nothing on stderr, exit 1', async (_name, args, message) => {
    const result = await runCli(args, {}, emptyDirectory('usage'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.json()).toEqual({ error: { code: 'usage_error', message: expect.stringMatching(message) } });
  });

  it('without --json the usage error and the help go to stderr as before', async () => {
    const result = await runCli(['rollback'], {}, emptyDirectory('usage'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error: missing required argument 'session'/);
    expect(result.stderr).toMatch(/Usage: backspace rollback/);
  });
});

describe('backspace plan checks the hash chain first', () => {
  let github: GithubSimulator;
  beforeAll(async () => {
    github = await createGithubSimulator();
  });
  afterAll(async () => {
    await github.close();
  });

  it('refuses a journal whose chain is broken (journal_tampered), naming the entry, and touches nothing', async () => {
    const directory = emptyDirectory('plan-tampered');
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url } } }));
    const env = { GITHUB_TOKEN: github.seed.tokens.agent };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await session.run('github.issue.create', { owner: github.seed.owner, repo: github.seed.repo, title: 'Duplicate' });
    await session.end();
    await journal.close();

    const clean = await runCli(['plan', session.id, '--json'], env, directory);
    expect(clean.code, clean.stderr).toBe(0);

    // Someone with write access to the file edits the recorded action: the chain no longer holds.
    const raw = openJournalFile(journalPath);
    const edited = raw.prepare("SELECT seq FROM entries WHERE type = 'action.committed'").get() as { seq: number };
    raw.exec(`DROP TRIGGER entries_no_update; UPDATE entries SET data = json_set(data, '$.forged', 1) WHERE seq = ${edited.seq}`);
    raw.close();

    const refused = await runCli(['plan', session.id, '--json'], env, directory);
    expect(refused.code).toBe(1);
    expect(refused.json()).toEqual({ error: { code: 'journal_tampered', message: expect.stringMatching(new RegExp(`breaks at entry ${edited.seq}.*refusing to plan`)) } });
    const text = await runCli(['plan', session.id], env, directory);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/hash chain breaks at entry \d+/);
    expect(github.inspect().issues.get(issue.number)!.state).toBe('open');
  }, 60_000);
});
