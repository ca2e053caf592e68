// A deployment that keeps agents and operators apart, through the `backspace` binary: keys made by
// `backspace keys`, an agent process writing as itself, an operator approving and checkpointing, and
// `backspace verify` finding a forged approval and a truncated journal.
import { mkdtempSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime, requireApprovalAboveValue, type Keyring } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter, openJournalFile } from '@backspace/testkit';
import { runCli } from './support/cli.js';

describe('backspace with writers, a keyring and checkpoints', () => {
  it('makes keys, lets the operator approve and checkpoint, refuses an agent the operator\'s commands, and verify finds forgery and truncation', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-cli-security-'));
    const keyring = join(directory, 'keyring.json');
    const journalPath = join(directory, 'journal.db');
    const checkpoints = join(directory, 'checkpoints.jsonl');
    for (const [id, role] of [['ops-alice', 'operator'], ['triage-bot', 'agent']]) {
      const made = await runCli(['keys', '--id', id!, '--role', role!, '--out', join(directory, 'keys'), '--keyring', keyring, '--json']);
      expect(made.code, made.stderr).toBe(0);
    }
    expect(statSync(join(directory, 'keys', 'ops-alice.key')).mode & 0o777).toBe(0o600);
    const trusted = JSON.parse(readFileSync(keyring, 'utf8')) as Keyring;
    expect(trusted.writers.map((writer) => [writer.id, writer.role])).toEqual([['ops-alice', 'operator'], ['triage-bot', 'agent']]);

    // The agent's process: the library, writing as triage-bot.
    const journal = createSqliteJournal({ path: journalPath });
    const service = new NotesService();
    const agent = createRuntime({
      journal,
      adapters: [createNotesAdapter({ service })],
      policy: [requireApprovalAboveValue(100)],
      writer: { id: 'triage-bot', role: 'agent', privateKey: readFileSync(join(directory, 'keys', 'triage-bot.key'), 'utf8') },
      keyring: trusted,
    });
    const session = await agent.startSession({ agentId: 'triage-bot' });
    const requestId = await session.run('notes.note.create', { title: 'Refund' }, { idempotencyKey: 'r-1', valueAtRisk: 500 }).then(() => '', (error: { details: { requestId: string } }) => error.details.requestId);
    expect(requestId).not.toBe('');

    const config = (writer: string, role: string) => {
      const file = join(directory, `${writer}.config.json`);
      writeFileSync(file, JSON.stringify({ journal: { path: journalPath }, security: { keyring, checkpoints, writer: { id: writer, role } } }));
      return { file, env: { BACKSPACE_WRITER_KEY_FILE: join(directory, 'keys', `${writer}.key`) } };
    };
    const ops = config('ops-alice', 'operator');
    const bot = config('triage-bot', 'agent');

    const selfApproval = await runCli(['approvals', 'approve', requestId, '--by', 'ops-alice', '--config', bot.file, '--json'], bot.env);
    expect(selfApproval.code).toBe(1);
    expect(selfApproval.stdout).toMatch(/unauthorized/);
    const agentKill = await runCli(['kill', '--all', '--reason', 'x', '--by', 'ops-alice', '--config', bot.file, '--json'], bot.env);
    expect(agentKill.code).toBe(1);
    expect(agentKill.stdout).toMatch(/unauthorized/);

    const approved = await runCli(['approvals', 'approve', requestId, '--by', 'alice', '--config', ops.file, '--json'], ops.env);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    await session.run('notes.note.create', { title: 'Refund' }, { idempotencyKey: 'r-1', valueAtRisk: 500 });
    expect(service.inspect()).toHaveLength(1);
    await session.end();
    const checkpoint = await runCli(['checkpoint', '--config', ops.file, '--json'], ops.env);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);

    const clean = await runCli(['verify', '--config', ops.file, '--json'], ops.env);
    expect(clean.json()).toMatchObject({ ok: true, writersChecked: true, problems: [], checkpoints: { checked: 2 } });

    // Someone with the agent's access appends an approval of their own making.
    await journal.append({ type: 'approval.granted', actionId: 'made-up', data: { by: 'ops-alice' } });
    const forged = await runCli(['verify', '--config', ops.file, '--json'], ops.env);
    expect(forged.code).toBe(1);
    expect(forged.json<{ problems: { reason: string }[] }>().problems.map((problem) => problem.reason)).toEqual([expect.stringMatching(/approval.granted carries no writer signature/)]);

    // Someone with write access to the file drops the newest entries.
    await journal.close();
    const raw = openJournalFile(journalPath);
    raw.exec('DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq > (SELECT max(seq) - 4 FROM entries)');
    raw.close();
    const truncated = await runCli(['verify', '--config', ops.file], ops.env);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(/truncated, emptied or replaced/);
  }, 60_000);
});
