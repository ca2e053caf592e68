// `backspace demo --serve`: the demo's incident left in place and the command center opened on it, so a
// newcomer does the rollback by clicking. The simulators run in this process until Ctrl-C.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCommandCenter } from '@backspace/command-center';
import { operatorName } from '../operator.js';
import { paint, printJson, printLine } from '../output.js';
import { stopRequested, writeDemoFiles } from './keep-demo.js';
import { stageIncident } from './incident.js';

export interface ServedDemo {
  sessionId: string;
  journal: string;
  /** The session's page in the command center. */
  url: string;
  config: string;
  /** The simulators' agent tokens (mode 0600): simulator tokens, not real ones. */
  envFile: string;
}

export async function serveDemo({ journalPath, json, port }: { journalPath?: string; json: boolean; port: number }): Promise<ServedDemo> {
  const say = json ? () => undefined : printLine;
  const path = resolve(journalPath ?? join(mkdtempSync(join(tmpdir(), 'backspace-demo-')), 'journal.db'));
  const incident = await stageIncident(path, say);
  try {
    const files = writeDemoFiles(incident, path);
    // The demo's adapters hold the simulators' tokens: they also look up channels' and people's names.
    const adapters = incident.parts.map((part) => part.adapter);
    const center = await startCommandCenter({ runtime: incident.runtime, namingAdapters: adapters, lookupAdapters: adapters, operator: operatorName(), port });
    try {
      const served: ServedDemo = { sessionId: incident.sessionId, journal: path, url: `${center.url}sessions/${incident.sessionId}`, ...files };
      if (json) printJson(served);
      say();
      say(paint('bold', '3. Your turn, in the command center'));
      say(`   Open ${served.url}`);
      say('   Read what the agent did, plan the rollback, and roll it back with one click.');
      say(paint('dim', '   Press Ctrl-C here to stop the command center and the simulators (the journal stays).'));
      await stopRequested();
      return served;
    } finally {
      await center.close();
    }
  } finally {
    await incident.close();
  }
}
