// The demo's incident: a simulator per connector, a fresh journal (or an earlier demo's), an agent session that goes wrong everywhere and
// humans who keep working around it. `backspace demo` rolls it back; `demo --keep` leaves it for practice.
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { JournalStore } from '@backspace/core';
import { paint } from '../output.js';
import { startDemoParts, type DemoPart } from './parts.js';
import { DEMO_METADATA } from './simulators-check.js';
import { DEMO_AGENT, liftEarlierDemoKills, requireDemoJournal } from './demo-journal.js';

export interface Incident {
  journal: JournalStore;
  parts: DemoPart[];
  runtime: Runtime;
  sessionId: string;
  agentActions: number;
  humanEdits: number;
  /** Stops the simulators and closes the journal. */
  close(): Promise<void>;
}

export async function stageIncident(path: string, say: (line?: string) => void): Promise<Incident> {
  // --journal may name any file: only a new one or an earlier demo's is written (see demo-journal.ts).
  await requireDemoJournal(path);
  const journal = createSqliteJournal({ path });
  const parts: DemoPart[] = await startDemoParts();
  const close = async () => {
    await journal.close();
    await Promise.all(parts.map((part) => part.close()));
  };
  try {
    // The default policy: irreversible actions wait for a human.
    const runtime = createRuntime({ journal, adapters: parts.map((part) => part.adapter) });
    await liftEarlierDemoKills(runtime);
    say(paint('bold', `Backspace demo: ${parts.length} simulated tools (${parts.map((part) => part.provider).join(', ')}), journal ${path}`));
    say();
    say(paint('bold', '1. An agent works the ACME escalation and gets it wrong'));
    const session = await runtime.startSession({ agentId: DEMO_AGENT, reason: 'work the ACME escalation', metadata: DEMO_METADATA });
    let agentActions = 0;
    for (const part of parts) {
      for (const line of await part.agent(session)) {
        agentActions += 1;
        say(`   ${paint('cyan', part.provider.padEnd(7))} ${line}`);
      }
    }
    await session.end();

    say();
    say(paint('bold', '2. Meanwhile humans keep working, with their own tokens'));
    let humanEdits = 0;
    for (const part of parts) {
      for (const line of await part.human()) {
        humanEdits += 1;
        say(`   ${paint('green', part.provider.padEnd(7))} ${line}`);
      }
    }
    return { journal, parts, runtime, sessionId: session.id, agentActions, humanEdits, close };
  } catch (error) {
    await close();
    throw error;
  }
}
