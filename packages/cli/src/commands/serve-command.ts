// `backspace serve`: the command center, a local web app over the same journal, adapters and engine as
// these commands. 127.0.0.1 by default; any other address needs BACKSPACE_SERVE_TOKEN (never a flag,
// which other users could read in the process list).
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT, startCommandCenter } from '@backspace/command-center';
import { createRuntime } from '@backspace/core';
import { createAdapters, lookupAdapters, namingAdapters } from '../adapters.js';
import { withCommandContext } from '../context.js';
import { openJournal } from '../journal.js';
import { requireDemoSimulators } from '../demo/simulators-check.js';
import { stopRequested } from '../demo/keep-demo.js';
import { byOption } from '../operator.js';
import { printJson, printLine } from '../output.js';
import { securitySettings } from '../security.js';

export const SERVE_TOKEN_VARIABLE = 'BACKSPACE_SERVE_TOKEN';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('the command center: replay sessions, plan and roll back in one click, kill and resume, approve, in a local web app')
    .option('--host <address>', `the address to listen on; any but loopback needs ${SERVE_TOKEN_VARIABLE} (at least 32 characters)`, DEFAULT_HOST)
    .option('--port <port>', 'the port (0: any free one)', portNumber, DEFAULT_PORT)
    .addOption(byOption('who decides approvals, kills and rollbacks made from the command center, kept in the journal'))
    .action(async (flags: { host: string; port: number; by: string }, command: Command) =>
      withCommandContext(command, { access: 'write', withAdapters: true }, async ({ runtime, journal, config, options }) => {
        const security = securitySettings(config);
        // The plan pages (GETs: a link, a reload) plan on the same journal opened read-only, so a page
        // opened can never append to it; rollbacks (POSTs with the CSRF token) use the writable one.
        const reader = await openJournal(config, { ...(options.journal ? { journal: options.journal } : {}), ...(options.schema ? { schema: options.schema } : {}), access: 'read' });
        try {
          const running = await startCommandCenter({
            runtime,
            planRuntime: createRuntime({ journal: reader, adapters: await createAdapters(config), ...security }),
            namingAdapters: await namingAdapters(config),
            lookupAdapters: await lookupAdapters(config),
            content: security.content ?? null,
            keyring: security.keyring ?? null,
            checkpoints: security.checkpoints ?? null,
            operator: flags.by,
            beforePlan: (sessionId) => requireDemoSimulators(journal, config, sessionId),
            host: flags.host,
            port: flags.port,
            accessToken: process.env[SERVE_TOKEN_VARIABLE] ?? null,
          });
          if (options.json) printJson({ url: running.url });
          else printLine(`command center at ${running.url} (operator ${flags.by}); Ctrl-C stops`);
          await stopRequested();
          await running.close();
        } finally {
          await reader.close();
        }
      }),
    );
}

export function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('give a port from 0 to 65535');
  return port;
}
