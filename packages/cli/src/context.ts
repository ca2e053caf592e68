// What every command needs: the global options, the config, a journal and, where asked, the adapters.
import type { Command } from 'commander';
import { createRuntime, type JournalStore, type Runtime } from '@backspace/core';
import { createAdapters } from './adapters.js';
import { loadConfig, type BackspaceConfig } from './config.js';
import { openJournal } from './journal.js';

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

/** Opens config and journal; `withAdapters` also builds the enabled adapters (tokens from the environment). */
export async function commandContext(command: Command, { withAdapters = false, mustExist = true } = {}): Promise<CommandContext> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig(options.config);
  const adapters = withAdapters ? await createAdapters(config) : [];
  const journal = await openJournal(config, { ...(options.journal ? { journal: options.journal } : {}), ...(options.schema ? { schema: options.schema } : {}), mustExist });
  return { options, config, journal, runtime: createRuntime({ journal, adapters }) };
}
