// `backspace plan` and `backspace incident plan` are dry runs: they open the journal read-only and record
// nothing, even for a write whose answer was lost (planning used to look it up at the provider and append
// what it found). The plan says plainly that such a write's outcome is unknown and that the rollback
// settles it; the rollback then does. Through the built binary, against the GitHub simulator; the journal
// is checked on its bytes and through a connection of the test's own.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';
import { entryTypes, fingerprint, sessionWithLostAnswer } from './support/lost-answer.js';

describe('planning a session with a write whose answer was lost', () => {
  let simulator: GithubSimulator;
  let directory: string;
  let journalPath: string;
  let sessionId: string;
  let env: Record<string, string>;
  const issuesTitled = (title: string) => [...simulator.inspect().issues.values()].filter((issue) => issue.title === title);

  beforeAll(async () => {
    simulator = await createGithubSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-plan-reads-'));
    journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: simulator.url } } }));
    env = { GITHUB_TOKEN: simulator.seed.tokens.agent };
    sessionId = await sessionWithLostAnswer(simulator, journalPath);
    expect(issuesTitled('Answer lost')).toHaveLength(1);
  });
  afterAll(async () => simulator.close());

  it('`backspace plan` leaves the journal byte for byte as it was and says the outcome is unknown', async () => {
    const before = fingerprint(journalPath);
    const types = entryTypes(journalPath, sessionId);
    expect(types.filter((type) => type === 'action.unknown')).toHaveLength(1);

    const plan = await runCli(['plan', sessionId.slice(0, 8), '--json'], env, directory);
    expect(plan.code, plan.stderr).toBe(0);
    expect(fingerprint(journalPath)).toEqual(before);
    const json = plan.json<{ steps: { action: string; status: string }[]; unsettled: string[] }>();
    expect(json.steps.map((step) => step.status)).toEqual(['undo']);
    expect(json.unsettled).toEqual([expect.stringMatching(/github\.issue\.create .*key call-9.*outcome unknown, settled when the rollback runs/)]);
    const text = await runCli(['plan', sessionId.slice(0, 8)], env, directory);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/outcome unknown \(1, not planned here\):\n\s+- github\.issue\.create .*settled when the rollback runs/);

    expect(fingerprint(journalPath)).toEqual(before);
    expect(entryTypes(journalPath, sessionId)).toEqual(types);
  }, 60_000);

  it('`backspace incident plan` leaves it as it was too', async () => {
    const before = fingerprint(journalPath);
    const plan = await runCli(['incident', 'plan', '--agent', 'triage-bot', '--json'], env, directory);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.json<{ unsettled: string[] }>().unsettled).toEqual([expect.stringMatching(/key call-9.*settled when the rollback runs/)]);
    expect(fingerprint(journalPath)).toEqual(before);
  }, 60_000);

  it('the rollback settles the write, records it, and undoes both issues', async () => {
    const rollback = await runCli(['rollback', sessionId.slice(0, 8), '--yes', '--json'], env, directory);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(issuesTitled('Answer lost').map((issue) => issue.state)).toEqual(['closed']);
    expect(issuesTitled('Answered').map((issue) => issue.state)).toEqual(['closed']);
    expect(entryTypes(journalPath, sessionId).filter((type) => type === 'action.committed')).toHaveLength(2);
  }, 60_000);
});
