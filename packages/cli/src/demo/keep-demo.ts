// `backspace demo --keep`: the demo's incident left in place, simulators running, for an operator to
// practise on: it writes a config and an env file for them, prints the exact commands to plan and roll
// back, and stops the simulators cleanly on Ctrl-C (or SIGTERM).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { BackspaceConfig } from '../config.js';
import { paint, printJson, printLine } from '../output.js';
import { stageIncident, type Incident } from './incident.js';

export interface KeptDemo {
  sessionId: string;
  journal: string;
  config: string;
  /** The simulators' agent tokens as environment variables (mode 0600); simulator tokens, not real ones. */
  envFile: string;
  commands: { environment: string; plan: string; rollback: string };
}

/** Stages the incident, prints how to practise on it, and runs until the process is told to stop. */
export async function keepDemo({ journalPath, json }: { journalPath?: string; json: boolean }): Promise<KeptDemo> {
  const say = json ? () => undefined : printLine;
  const path = resolve(journalPath ?? join(mkdtempSync(join(tmpdir(), 'backspace-demo-')), 'journal.db'));
  const incident = await stageIncident(path, say);
  try {
    const { config, envFile } = writeDemoFiles(incident, path);
    const backspace = invokedAs();
    const short = incident.sessionId.slice(0, 8);
    const kept: KeptDemo = {
      sessionId: incident.sessionId,
      journal: path,
      config,
      envFile,
      commands: {
        environment: `set -a; . ${envFile}; set +a`,
        plan: `${backspace} plan ${short} --config ${config}`,
        rollback: `${backspace} rollback ${short} --config ${config}`,
      },
    };
    if (json) printJson(kept);
    say();
    say(paint('bold', '3. Your turn: the incident is left in place, the simulators keep running'));
    say('   In another terminal (the first line loads the simulators\' tokens):');
    for (const command of Object.values(kept.commands)) say(`     ${command}`);
    say(`   Also: ${backspace} show ${short} --config ${config}   |   ${backspace} sessions --config ${config}`);
    say(paint('dim', '   Press Ctrl-C here to stop the simulators (the journal stays).'));
    await stopRequested();
    say();
    say(`simulators stopped; the journal stays at ${path}`);
    return kept;
  } finally {
    await incident.close();
  }
}

/** A config naming the demo's journal and simulators, and an env file of their agent tokens (mode 0600), beside the journal. */
export function writeDemoFiles(incident: Incident, path: string): { config: string; envFile: string } {
  const directory = dirname(path);
  // Named apart from backspace.config.json, so keeping a demo never replaces a real configuration.
  const config = join(directory, 'backspace-demo.config.json');
  const envFile = join(directory, 'backspace-demo.env');
  const settings: BackspaceConfig = { journal: { path }, adapters: Object.fromEntries(incident.parts.map((part) => [part.provider, { baseUrl: part.simulator.url }])) };
  writeFileSync(config, `${JSON.stringify(settings, null, 2)}\n`);
  const tokens = incident.parts.map((part) => `${part.tokenVariable}=${part.adapter.secrets?.()[0] ?? ''}`);
  writeFileSync(envFile, `${tokens.join('\n')}\n`, { mode: 0o600 });
  chmodSync(envFile, 0o600);
  return { config, envFile };
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM, instead of the default of dying mid-write. */
export function stopRequested(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** How to call this CLI again, exactly as it was called: through pnpm, an installed bin, or node. */
function invokedAs(): string {
  if (process.env.npm_lifecycle_event === 'backspace' || process.env.npm_lifecycle_event === 'demo') return 'pnpm backspace';
  const script = process.argv[1] ?? '';
  return basename(script) === 'backspace' ? 'backspace' : `node ${script}`;
}
