// What every command needs: the global options, the config, a journal and, where asked, the adapters;
// the journal is closed on every path, so a failed command exits (a PostgreSQL pool left open would not).
import type { Command } from 'commander';
import { createRuntime, type JournalStore, type Runtime } from '@backspace/core';
import { createAdapters } from './adapters.js';
import { loadConfig, type BackspaceConfig } from './config.js';
import { openJournal, type JournalAccess } from './journal.js';
import { securitySettings } from './security.js';

export interface GlobalOptions {
  json?: boolean;
  config?: string;
  journal?: string;
  schema?: string;
}

export interface CommandContext {
  options: GlobalOptions;
  config: BackspaceConfig;
  journal: JournalStore;
  runtime: Runtime;
}

export interface ContextChoice {
  access: JournalAccess;
  /** Also build the enabled adapters (tokens from the environment). */
  withAdapters?: boolean;
}

/** Opens config, adapters and journal, runs `work`, and closes the journal whether `work` succeeds or throws. */
export async function withCommandContext<T>(command: Command, { access, withAdapters = false }: ContextChoice, work: (context: CommandContext) => Promise<T>): Promise<T> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = await loadConfig(options.config);
  const adapters = withAdapters ? await createAdapters(config) : [];
  const journal = await openJournal(config, { ...(options.journal ? { journal: options.journal } : {}), ...(options.schema ? { schema: options.schema } : {}), access });
  try {
    return await work({ options, config, journal, runtime: createRuntime({ journal, adapters, ...securitySettings(config) }) });
  } finally {
    await journal.close();
  }
}
