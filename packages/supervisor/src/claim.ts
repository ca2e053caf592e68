// One supervisor at a time records a finding and answers it. Supervisors sharing a journal (a fleet on
// PostgreSQL) see the same spike and the same drift, and an audit job handed on at its expiry may meet
// the supervisor still doing it. Core's recordFinding reads the finding's key and then appends, and the
// journal has no append that refuses a second entry under a key, so two supervisors would both read
// nothing, both record, both answer. The claim makes that read-then-append one at a time: it is the
// journal's own cross-process lock (the one a rollback holds per session: an advisory lock on its own
// connection on PostgreSQL, a renewed lease row on SQLite), under a name no session has. It goes with
// its holder, so a supervisor that dies mid-response leaves the finding to the next one.
import { randomUUID } from 'node:crypto';
import type { JournalStore } from '@backspace/core';

export interface Claim {
  release(): Promise<void>;
}

/** Thrown where a caller must not go on without the finding (an audit): its job is tried again later. */
export class FindingBusy extends Error {
  constructor(readonly subject: string) {
    super(`another supervisor is recording or answering the finding ${subject}`);
  }
}

const claimName = (subject: string) => `supervisor:finding:${subject}`;
const NO_LOCK: Claim = { release: async () => undefined };

/**
 * The claim on a finding's subject, or null while another supervisor holds it (after waiting up to
 * `waitMs`, real time: the holder works at the journal's pace, whatever clock the supervisor runs on).
 * A store without locks is one process's: there is nobody to claim against.
 */
export async function claimFinding(journal: JournalStore, subject: string, waitMs = 0): Promise<Claim | null> {
  if (!journal.lockRollback) return NO_LOCK;
  const holder = `supervisor:${randomUUID()}`;
  const until = performance.now() + waitMs;
  for (;;) {
    const lock = await journal.lockRollback(claimName(subject), holder);
    if (lock) return lock;
    if (performance.now() >= until) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
