// Several supervisors on one PostgreSQL journal share the audits through pg-boss: each audit done once,
// even when a supervisor is killed in the middle of one (its job expires and another finishes it,
// finding the finding the dead one had journaled instead of journaling it again).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type JournalEntry } from '@backspace/core';
import { createPostgresJournal, type PostgresJournal } from '@backspace/journal-postgres';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL } from '../../journal-postgres/src/test-support/postgres-server.js';
import { createSupervisor, PgBossAuditQueue, type SupervisorConfig } from './index.js';
import { dataOf, waitFor } from './test-support/rig.js';

const available = await postgresAvailable();
const WORKER = fileURLToPath(new URL('./test-support/audit-worker.mjs', import.meta.url));

const CONFIG: SupervisorConfig = {
  auditDelayMs: 0,
  pollMs: 50,
  triggers: {
    policy: { rules: [{ kind: 'forbid-input', name: 'no-secrets-in-titles', action: 'notes.note.create', field: 'title', values: ['secret plan'] }], response: 'pause' },
    sampling: { rate: 1, timeoutMs: 60_000 },
  },
};

function startWorker(settings: object): { child: ChildProcessWithoutNullStreams; lines: string[]; waitFor: (prefix: string) => Promise<string> } {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(settings)], { cwd: fileURLToPath(new URL('.', import.meta.url)) });
  const lines: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => lines.push(`stderr ${chunk.toString()}`));
  return {
    child,
    lines,
    waitFor: async (prefix) => {
      await waitFor(() => lines.some((line) => line.startsWith(prefix)), 20_000, `${prefix} from a worker (${lines.join(' | ')})`);
      return lines.find((line) => line.startsWith(prefix))!;
    },
  };
}

describe.runIf(available)('audits shared on PostgreSQL through pg-boss', () => {
  const journalSchema = freshSchema();
  const bossSchema = freshSchema();
  let journal: PostgresJournal;
  beforeAll(async () => {
    journal = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: journalSchema });
  });
  afterAll(async () => {
    await journal?.close();
    await dropSchema(journalSchema);
    await dropSchema(bossSchema);
  });

  it('a supervisor killed mid-audit: another finishes it, and every action is audited exactly once', async () => {
    const agentRuntime = createRuntime({ journal, adapters: [createNotesAdapter({ service: new NotesService(), token: 'agent-token-0001' })], policy: [] });
    const session = await agentRuntime.startSession({ agentId: 'writer' });
    // Every action breaks the policy, so whichever the first supervisor takes, it journals a finding first.
    for (let index = 0; index < 6; index += 1) await session.run('notes.note.create', { title: 'secret plan', body: `copy ${index}`, tags: [] });
    await session.end();
    const actions = (await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').map((entry) => entry.actionId!);

    // The first supervisor journals the policy finding of the action it takes, then hangs in its evaluator.
    const doomed = startWorker({ connectionString: TEST_DATABASE_URL, journalSchema, bossSchema, config: CONFIG, hang: true });
    const evaluating = await doomed.waitFor('evaluating ');
    const hungOn = evaluating.split(' ')[1]!;
    expect(actions).toContain(hungOn);
    expect((await journal.entriesOfType(['supervisor.finding'])).map((entry) => dataOf(entry).auditedActionId)).toEqual([hungOn]);
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));

    // Two more: one in its own process, one here; the killed one's job expires and goes to one of them.
    const other = startWorker({ connectionString: TEST_DATABASE_URL, journalSchema, bossSchema, config: CONFIG });
    const here = createSupervisor({ runtime: createRuntime({ journal, adapters: [], policy: [] }), config: CONFIG, queue: new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, expireInSeconds: 2, maintenanceIntervalSeconds: 1 }), evaluator: async () => ({ verdict: 'pass', confidence: 1, reason: 'fine' }) });
    await other.waitFor('ready');
    await here.start();
    try {
      const audits = async (): Promise<JournalEntry[]> => journal.entriesOfType(['supervisor.audit']);
      await waitFor(async () => (await audits()).length >= actions.length, 30_000, 'every action audited');
      // Give any duplicate a moment to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const audited = (await audits()).map((entry) => String(dataOf(entry).actionId));
      expect(audited.sort()).toEqual([...actions].sort());
      // One finding per action, the dead supervisor's among them, each answered once (the pause).
      const findings = (await journal.entriesOfType(['supervisor.finding'])).map(dataOf);
      expect(findings.map((finding) => String(finding.auditedActionId)).sort()).toEqual([...actions].sort());
      expect(findings.every((finding) => finding.trigger === 'policy')).toBe(true);
      const responses = (await journal.entriesOfType(['supervisor.response'])).map((entry) => String(dataOf(entry).findingId));
      expect(responses.sort()).toEqual(findings.map((finding) => String(finding.findingId)).sort());
      expect((await journal.entriesOfType(['kill'])).map((entry) => dataOf(entry).scope)).toEqual(actions.map(() => ({ agentId: 'writer' })));
      // Both live supervisors did some of the work.
      expect(other.lines.filter((line) => line.startsWith('audited ')).length + here.stats.audited).toBeGreaterThanOrEqual(actions.length - 1);
    } finally {
      await here.stop();
      other.child.stdin.end();
      await new Promise((resolve) => other.child.once('exit', resolve));
    }
  }, 60_000);
});
