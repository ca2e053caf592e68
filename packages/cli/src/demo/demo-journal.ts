// Which journal `backspace demo --journal <path>` may write its incident into. The demo appends a made-up
// session (simulated agents' and people's edits, a supervisor's kill and rollback): into an agents' real
// journal it would mix fiction into their history and pause a real agent id. So only a new journal, or
// one an earlier demo wrote, is taken.
//
// A demo journal is recognised by its sessions: it holds at least one, and every one was started by
// `backspace demo` (the `{ demo: true }` metadata it gives them, which `simulators-check.ts` reads too).
// A journal without sessions is not taken either: nothing says it is a demo's.
import { existsSync, statSync } from 'node:fs';
import { BackspaceError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';

/** The agent the demo's incident runs as. */
export const DEMO_AGENT = 'triage-agent';

/** Refuses, before anything is written, a journal at `path` that is not new and not a demo's. */
export async function requireDemoJournal(path: string): Promise<void> {
  if (!existsSync(path) || statSync(path).size === 0) return;
  // Read-only: whatever the file is, this look leaves it as it was (a non-journal is refused by the open).
  const journal = createSqliteJournal({ path, readOnly: true });
  try {
    const sessions = await journal.entriesOfType(['session.started']);
    const demo = (data: unknown) => (data as { metadata?: { demo?: unknown } } | null)?.metadata?.demo === true;
    if (sessions.length > 0 && sessions.every((entry) => demo(entry.data))) return;
    const others = sessions.filter((entry) => !demo(entry.data)).length;
    throw new BackspaceError(
      'invalid_input',
      `${path} is not a demo's journal (${sessions.length === 0 ? 'it holds no session' : `${others} of its ${sessions.length} session(s) were not started by \`backspace demo\``}): the demo would add a made-up incident to it; give --journal a new path, or one an earlier demo wrote`,
      { details: { path } },
    );
  } finally {
    await journal.close();
  }
}

/**
 * An earlier demo's supervisor paused the demo agent (and an operator practising may have stopped all
 * agents): lifted, in the journal, so the new run's agent can act. Only a demo journal gets here.
 */
export async function liftEarlierDemoKills(runtime: Runtime): Promise<void> {
  for (const kill of await runtime.activeKills()) {
    if (kill.scope === 'all' || ('agentId' in kill.scope && kill.scope.agentId === DEMO_AGENT)) {
      await runtime.resume({ scope: kill.scope, by: 'backspace demo', reason: 'a new demo run on an earlier demo\'s journal' });
    }
  }
}
