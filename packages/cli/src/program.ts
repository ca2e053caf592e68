// The `backspace` command: operators and rollback engines plan, run and audit rollbacks; new users run the demo.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerGuardrailCommands } from './commands/guardrail-commands.js';
import { registerHistoryCommand } from './commands/history-command.js';
import { registerIncidentCommands } from './commands/incident-commands.js';
import { registerJournalCommands } from './commands/journal-commands.js';
import { registerMcpCommand } from './commands/mcp-command.js';
import { registerPruneCommand } from './commands/prune-command.js';
import { registerReleaseCommand } from './commands/release-command.js';
import { registerRollbackCommands } from './commands/rollback-commands.js';
import { registerSecurityCommands } from './commands/security-commands.js';
import { registerSuperviseCommands } from './commands/supervise-commands.js';
import { portNumber, registerServeCommand } from './commands/serve-command.js';
import type { GlobalOptions } from './context.js';
import { keepDemo } from './demo/keep-demo.js';
import { runDemo } from './demo/run-demo.js';
import { serveDemo } from './demo/serve-demo.js';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { printJson, reportError } from './output.js';

/** The package's version, from its package.json (beside src/ and dist/ alike). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** With `json`, commander prints nothing itself: `main` reports its usage errors as JSON on stdout. */
export function buildProgram({ json = false } = {}): Command {
  const program = new Command('backspace')
    .description('Undo for AI agents that act in real SaaS tools')
    .version(VERSION, '-V, --version', 'print the version')
    .addHelpText('after', EXIT_CODES_HELP)
    .option('--json', 'print only JSON on stdout (errors too)')
    .option('--config <path>', 'configuration file (default ./backspace.config.json)')
    .option('--journal <path>', 'journal: a SQLite file or a postgres:// URL (overrides the config)')
    .option('--schema <name>', 'PostgreSQL journal: the schema that holds it (default backspace; overrides the config)')
    // Before any subcommand is added: each copies these settings when it is created.
    .exitOverride();
  if (json) program.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  else program.showHelpAfterError();

  program
    .command('demo')
    .description('an agent incident across the simulators of every connector found (GitHub, Slack, Linear, Notion, Asana and Stripe built in), rolled back in front of you')
    .option('--keep', 'leave the incident in place with the simulators running, print the commands to plan and roll it back yourself; Ctrl-C stops')
    .option('--serve', 'leave the incident in place and open the command center on it (http://127.0.0.1:4477), to roll it back by clicking; Ctrl-C stops')
    .option('--port <port>', 'with --serve: the command center\'s port (0: any free one)', portNumber, 4477)
    .action(async (flags: { keep?: boolean; serve?: boolean; port: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      if (flags.serve) {
        await serveDemo({ json: options.json ?? false, port: flags.port, ...(options.journal ? { journalPath: options.journal } : {}) });
        return;
      }
      if (flags.keep) {
        await keepDemo({ json: options.json ?? false, ...(options.journal ? { journalPath: options.journal } : {}) });
        return;
      }
      const result = await runDemo({ json: options.json ?? false, ...(options.journal ? { journalPath: options.journal } : {}) });
      if (options.json) printJson(result);
      if (!result.verification.passed) process.exitCode = 1;
    });
  registerRollbackCommands(program);
  registerIncidentCommands(program);
  registerHistoryCommand(program);
  registerJournalCommands(program);
  registerGuardrailCommands(program);
  registerSecurityCommands(program);
  registerMcpCommand(program);
  registerPruneCommand(program);
  registerReleaseCommand(program);
  registerSuperviseCommands(program);
  registerServeCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  if (json && argv.slice(2).some((argument) => argument === '--version' || argument === '-V')) {
    printJson({ version: VERSION });
    return 0;
  }
  const program = buildProgram({ json });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return reportUsageError(error, json);
    return reportError(error, { json });
  }
}

/** Commander has printed the error and the help, unless --json asked for one JSON object instead. */
function reportUsageError(error: CommanderError, json: boolean): number {
  if (error.exitCode === 0) return 0; // --help, --version
  if (json) {
    const message = error.code === 'commander.help' ? 'a command is needed: `backspace --help` lists them' : error.message.replace(/^error: /, '');
    printJson({ error: { code: 'usage_error', message } });
  }
  return error.exitCode;
}
