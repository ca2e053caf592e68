// A GitHub session (on a SQLite journal file, closed) with one write answered and one whose answer was
// lost: GitHub opened the issue, the agent got no answer and could not search for it then, so the journal
// holds its intent and an `action.unknown` outcome. What planning must not settle, and a rollback must.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import type { GithubSimulator } from '@backspace/github/simulator';
import { openJournalFile } from '@backspace/testkit';

export const LOST_KEY = 'call-9';

export async function sessionWithLostAnswer(simulator: GithubSimulator, journalPath: string, agentId = 'triage-bot'): Promise<string> {
  const journal = createSqliteJournal({ path: journalPath });
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [], retry: { baseDelayMs: 1 } });
  const session = await runtime.startSession({ agentId });
  const { owner, repo } = simulator.seed;
  await session.run('github.issue.create', { owner, repo, title: 'Answered' });
  simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
  simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues', kind: 'server-error', status: 503, times: 20 });
  await session.run('github.issue.create', { owner, repo, title: 'Answer lost' }, { idempotencyKey: LOST_KEY }).then(
    () => {
      throw new Error('the write was answered: the fault did not fire');
    },
    (error: { code?: string }) => {
      if (error.code !== 'outcome_unknown') throw error;
    },
  );
  simulator.faults.clear();
  await session.end();
  await journal.close();
  return session.id;
}

/** The file's bytes by hash, its modification time, and the bytes in a WAL beside it. */
export function fingerprint(path: string) {
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: statSync(path).mtimeMs, walBytes: existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0 };
}

/** The session's entry types, read through the test's own read-only connection. */
export function entryTypes(path: string, sessionId: string): string[] {
  const raw = openJournalFile(path, { readOnly: true });
  try {
    return (raw.prepare('SELECT type FROM entries WHERE session_id = ? ORDER BY seq').all(sessionId) as { type: string }[]).map((row) => row.type);
  } finally {
    raw.close();
  }
}
