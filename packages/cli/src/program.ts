// The `backspace` command: operators and rollback engines plan, run and audit rollbacks; new users run the demo.
import { Command, CommanderError } from 'commander';
import { registerGuardrailCommands } from './commands/guardrail-commands.js';
import { registerJournalCommands } from './commands/journal-commands.js';
import { registerRollbackCommands } from './commands/rollback-commands.js';
import { registerSecurityCommands } from './commands/security-commands.js';
import type { GlobalOptions } from './context.js';
import { runDemo } from './demo/run-demo.js';
import { printJson, reportError } from './output.js';

/** With `json`, commander prints nothing itself: `main` reports its usage errors as JSON on stdout. */
export function buildProgram({ json = false } = {}): Command {
  const program = new Command('backspace')
    .description('Undo for AI agents that act in real SaaS tools')
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
    .description('an agent incident across GitHub, Slack, Linear, Notion and Asana simulators, rolled back in front of you')
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await runDemo({ json: options.json ?? false, ...(options.journal ? { journalPath: options.journal } : {}) });
      if (options.json) printJson(result);
      if (!result.verification.passed) process.exitCode = 1;
    });
  registerRollbackCommands(program);
  registerJournalCommands(program);
  registerGuardrailCommands(program);
  registerSecurityCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
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
