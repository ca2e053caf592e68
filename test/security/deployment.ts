// A deployment that separates agents from operators: one SQLite journal file, an Ed25519 key per
// writer (two agents, an operator, the supervisor), a keyring of their public keys, and a checkpoint
// file kept beside (in production: elsewhere). The notes service stands in for a provider.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, createWriterKey, requireApprovalAboveValue, type JournalStore, type Keyring, type Runtime, type WriterIdentity } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';

export const AGENT_TOKEN = 'sk-agent-7c1d';
export const HUMAN_TOKEN = 'human-token-55';

export interface Deployment {
  directory: string;
  path: string;
  checkpoints: string;
  service: NotesService;
  keyring: Keyring;
  keys: Record<'agent' | 'otherAgent' | 'operator' | 'supervisor', WriterIdentity>;
  /** A runtime writing as `who`, on its own connection to the journal file. */
  runtime(who: keyof Deployment['keys'], extra?: { approvalTtlMs?: number; clock?: { now(): number; sleep(ms: number): Promise<void> } }): Runtime;
  /** A bare store on the file: what anyone who can append (or write the file) holds. */
  store(): JournalStore;
  close(): Promise<void>;
}

export function createDeployment(): Deployment {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-security-'));
  const path = join(directory, 'journal.db');
  const checkpoints = join(directory, 'checkpoints.jsonl');
  const service = new NotesService();
  const made = {
    agent: createWriterKey('triage-bot', 'agent'),
    otherAgent: createWriterKey('billing-bot', 'agent'),
    operator: createWriterKey('ops-alice', 'operator'),
    supervisor: createWriterKey('supervisor', 'supervisor'),
  };
  const keyring: Keyring = { writers: Object.values(made).map((key) => key.trusted) };
  const keys = Object.fromEntries(Object.entries(made).map(([name, key]) => [name, key.identity])) as Deployment['keys'];
  const open: JournalStore[] = [];
  const store = () => {
    const journal = createSqliteJournal({ path });
    open.push(journal);
    return journal;
  };
  return {
    directory,
    path,
    checkpoints,
    service,
    keyring,
    keys,
    store,
    runtime(who, extra = {}) {
      return createRuntime({
        journal: store(),
        adapters: [createNotesAdapter({ service, token: AGENT_TOKEN })],
        policy: [requireApprovalAboveValue(100)],
        writer: keys[who],
        keyring,
        checkpoints: who === 'operator' || who === 'supervisor' ? checkpoints : undefined,
        retry: { baseDelayMs: 1 },
        ...extra,
      } as Parameters<typeof createRuntime>[0]);
    },
    async close() {
      for (const journal of open.splice(0)) await journal.close();
    },
  };
}
