// `backspace mcp`: the configured adapters' actions as MCP tools (stdio, or Streamable HTTP with
// --http), each client connection one agent session in the journal. Nothing but the protocol goes to
// stdout; the one status line goes to stderr, and never a token.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BackspaceError, createRuntime, type Adapter, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { serveHttp, serveStdio } from '@backspace/mcp';
import { createAdapters } from '../adapters.js';
import { DEFAULT_JOURNAL, loadConfig, type BackspaceConfig } from '../config.js';
import type { GlobalOptions } from '../context.js';
import { openJournal } from '../journal.js';
import { operatorName } from '../operator.js';
import { securitySettings } from '../security.js';
import { portNumber } from './serve-command.js';

interface McpFlags {
  http?: number | true;
  host: string;
  agent?: string;
  approver: string;
}

export const DEFAULT_HTTP_PORT = 3333;

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description("serve the configured adapters' actions as MCP tools over stdio: every call journaled, undoable, irreversible ones approved in the client")
    // Parsed as the option is read: a bad port is a usage error before the journal is created.
    .option('--http [port]', `serve Streamable HTTP on this port instead of stdio (default ${DEFAULT_HTTP_PORT})`, portNumber)
    .option('--host <host>', 'with --http: the address to listen on', '127.0.0.1')
    .option('--agent <id>', "each connection's agent id in the journal (default mcp:<the client's name>)")
    .option('--approver <name>', "the name an approval prompt offers by default (the person at the client)", operatorName())
    .action(async (flags: McpFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(options.config);
      const adapters = await createAdapters(config);
      const journal = await agentJournal(config, options);
      try {
        const runtime = createRuntime({ journal, adapters, ...securitySettings(config) });
        const served = { runtime, secrets: () => secretsOf(adapters), approver: flags.approver, ...(flags.agent ? { agentId: flags.agent } : {}) };
        const tools = `${runtime.listActions().length} tools (${adapters.map((adapter) => adapter.provider).join(', ') || 'no adapter configured'})`;
        if (flags.http === undefined) {
          const stdio = await serveStdio(served);
          process.stderr.write(`backspace mcp: ${tools} over stdio\n`);
          await stdio.done;
          return;
        }
        const port = flags.http === true ? DEFAULT_HTTP_PORT : flags.http;
        const http = await serveHttp({ ...served, host: flags.host, port });
        process.stderr.write(`backspace mcp: ${tools} at ${http.url}; Ctrl-C stops\n`);
        await stopSignal();
        await http.close();
      } finally {
        await journal.close();
      }
    });
}

/**
 * The journal the agent sessions go to: the MCP server is the agent's process, so it creates a
 * SQLite journal that does not exist yet (other commands refuse to); PostgreSQL as configured.
 */
async function agentJournal(config: BackspaceConfig, options: GlobalOptions): Promise<JournalStore> {
  const path = options.journal ?? (config.journal && 'path' in config.journal ? config.journal.path : undefined) ?? (config.journal ? undefined : DEFAULT_JOURNAL);
  if (path && !/^postgres(ql)?:\/\//.test(path) && !existsSync(path)) {
    // As openJournal says of an existing file: a schema given for a SQLite journal is a mistake, not a new file.
    if (options.schema) throw new BackspaceError('invalid_config', `--schema names a PostgreSQL schema, but the journal is the SQLite file ${path}`);
    return createSqliteJournal({ path });
  }
  return openJournal(config, { ...(options.journal ? { journal: options.journal } : {}), ...(options.schema ? { schema: options.schema } : {}), access: 'write' });
}

function secretsOf(adapters: Adapter[]): string[] {
  return adapters.flatMap((adapter) => adapter.secrets?.() ?? []);
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
