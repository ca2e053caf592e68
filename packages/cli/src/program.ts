// The `backspace` command: operators and rollback engines plan, run and audit rollbacks; new users run the demo.
import { Command } from 'commander';
import { registerGuardrailCommands } from './commands/guardrail-commands.js';
import { registerJournalCommands } from './commands/journal-commands.js';
import { registerRollbackCommands } from './commands/rollback-commands.js';
import type { GlobalOptions } from './context.js';
import { runDemo } from './demo/run-demo.js';
import { printJson, reportError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('backspace')
    .description('Undo for AI agents that act in real SaaS tools')
    .option('--json', 'print only JSON on stdout (errors too)')
    .option('--config <path>', 'configuration file (default ./backspace.config.json)')
    .option('--journal <path>', 'journal: a SQLite file or a postgres:// URL (overrides the config)')
    .option('--schema <name>', 'PostgreSQL journal: the schema that holds it (default backspace; overrides the config)')
    .showHelpAfterError();

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
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 1;
    return reportError(error, { json: argv.includes('--json') });
  }
}
