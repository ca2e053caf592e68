// A kept demo's journal names simulators that live only while `backspace demo --keep` runs. Planning
// it without them would show every step as a conflict (no adapter) or unreachable; say why instead.
import { BackspaceError, type JournalStore } from '@backspace/core';
import type { BackspaceConfig } from '../config.js';

/** The metadata `backspace demo` gives its session, so operators' commands can tell a demo journal. */
export const DEMO_METADATA = { demo: true } as const;

const PROBE_TIMEOUT_MS = 2_000;

export async function isDemoSession(journal: JournalStore, sessionId: string): Promise<boolean> {
  const started = (await journal.entriesOfType(['session.started'])).find((entry) => entry.sessionId === sessionId);
  const data = started?.data as { metadata?: { demo?: unknown } } | null | undefined;
  return data?.metadata?.demo === true;
}

/** For a demo session: every configured simulator answers, or a `simulators_not_running` error says what to do. */
export async function requireDemoSimulators(journal: JournalStore, config: BackspaceConfig, sessionId: string): Promise<void> {
  if (!(await isDemoSession(journal, sessionId))) return;
  const configured = Object.entries(config.adapters ?? {}).flatMap(([provider, settings]) => (typeof settings.baseUrl === 'string' ? [{ provider, url: settings.baseUrl }] : []));
  const down: string[] = [];
  for (const { provider, url } of configured) {
    if (!(await answers(url))) down.push(`${provider} at ${url}`);
  }
  if (configured.length > 0 && down.length === 0) return;
  const why = configured.length === 0 ? 'no simulator is configured' : `nothing answers at ${down.join(', ')}`;
  throw new BackspaceError(
    'simulators_not_running',
    `session ${sessionId} is a \`backspace demo\` session and its simulators are not running (${why}); they live only while \`backspace demo --keep\` runs: start it and use the commands it prints`,
    { details: { sessionId } },
  );
}

/** Whether anything answers HTTP at `url` (any status will do; a refused connection will not). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}
