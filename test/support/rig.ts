// A runtime on a real SQLite journal with the in-process notes provider: what most scenario tests need.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Clock, type PolicyRule, type Runtime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';

export const AGENT_TOKEN = 'sk-agent-9f8e7d6c5b4a';
export const HUMAN_TOKEN = 'human-token-1234';

export interface Rig {
  runtime: Runtime;
  journal: JournalStore;
  service: NotesService;
  path: string;
}

export interface RigOptions {
  /** A file path; a fresh temporary file when absent; `:memory:` for speed. */
  path?: string;
  policy?: PolicyRule[];
  clock?: Clock;
  service?: NotesService;
  createUndoWindowMs?: number;
}

export function tempJournalPath(name = 'journal'): string {
  return join(mkdtempSync(join(tmpdir(), 'backspace-test-')), `${name}.db`);
}

export function createRig(options: RigOptions = {}): Rig {
  const path = options.path ?? tempJournalPath();
  const journal = createSqliteJournal({ path });
  const service = options.service ?? new NotesService(options.clock ? { clock: options.clock } : {});
  const adapter = createNotesAdapter({ service, token: AGENT_TOKEN, ...(options.createUndoWindowMs ? { createUndoWindowMs: options.createUndoWindowMs } : {}) });
  const runtime = createRuntime({
    journal,
    adapters: [adapter],
    policy: options.policy ?? [],
    retry: { baseDelayMs: 1 },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { runtime, journal, service, path };
}

/** A clock the test moves by hand; sleeping advances it instantly. */
export function manualClock(start = Date.parse('2026-11-23T12:00:00.000Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
