// `backspace mcp`: the configured adapters' actions as MCP tools (stdio, or Streamable HTTP with
// --http), each client connection one agent session in the journal. Nothing but the protocol goes to
// stdout; the one status line goes to stderr, and never a token. HTTP beyond loopback needs
// BACKSPACE_MCP_TOKEN (never a flag, which other users could read in the process list).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BackspaceError, createRuntime, type Adapter, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { isLoopbackHost, MIN_ACCESS_TOKEN_LENGTH, serveHttp, serveStdio } from '@backspace/mcp';
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
export const MCP_TOKEN_VARIABLE = 'BACKSPACE_MCP_TOKEN';

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description("serve the configured adapters' actions as MCP tools over stdio: every call journaled, undoable, irreversible ones approved in the client")
    // Parsed as the option is read: a bad port is a usage error before the journal is created.
    .option('--http [port]', `serve Streamable HTTP on this port instead of stdio (default ${DEFAULT_HTTP_PORT})`, portNumber)
    .option('--host <host>', `with --http: the address to listen on; any but loopback needs ${MCP_TOKEN_VARIABLE} (at least ${MIN_ACCESS_TOKEN_LENGTH} characters)`, '127.0.0.1')
    .option('--agent <id>', "each connection's agent id in the journal (default mcp:<the client's name>)")
    .option('--approver <name>', "the name an approval prompt offers by default (the person at the client)", operatorName())
    .action(async (flags: McpFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      // Checked before the journal is created: a server that will not start leaves nothing behind.
      const accessToken = flags.http === undefined ? null : httpAccessToken(flags.host);
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
        const http = await serveHttp({ ...served, host: flags.host, port, accessToken });
        process.stderr.write(`backspace mcp: ${tools} at ${http.url}; Ctrl-C stops\n`);
        await stopSignal();
        await http.close();
      } finally {
        await journal.close();
      }
    });
}

/** BACKSPACE_MCP_TOKEN: required beyond loopback, at least 32 characters, never repeated in an error. */
function httpAccessToken(host: string): string | null {
  const token = process.env[MCP_TOKEN_VARIABLE] || null;
  if (token !== null && token.length < MIN_ACCESS_TOKEN_LENGTH) throw new BackspaceError('invalid_config', `${MCP_TOKEN_VARIABLE} must be at least ${MIN_ACCESS_TOKEN_LENGTH} characters (openssl rand -base64 32)`);
  if (token === null && !isLoopbackHost(host)) {
    throw new BackspaceError('invalid_config', `backspace mcp --http on ${host} serves beyond this machine: set ${MCP_TOKEN_VARIABLE} to an access token of at least ${MIN_ACCESS_TOKEN_LENGTH} characters (clients send it as Authorization: Bearer), or listen on 127.0.0.1`);
  }
  return token;
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
