// `backspace prune`: removes journal entries past the retention period (config `retention`, default 90
// days), whole sessions only, leaving an anchor the rest of the chain verifies from. Operators only.
import type { Command } from 'commander';
import { BackspaceError, DEFAULT_RETENTION, parseRetention, pruneJournal, type PruneResult } from '@backspace/core';
import { askYesNo, canAsk, confirmationRequired } from '../confirm.js';
import { withCommandContext } from '../context.js';
import { paint, printJson, printLine } from '../output.js';
import { securitySettings } from '../security.js';

interface PruneFlags {
  olderThan?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function registerPruneCommand(program: Command): void {
  program
    .command('prune')
    .description('remove journal entries past the retention period: whole sessions that ended or were rolled back, never a running one or a kill in force; the rest still verifies (operators only)')
    .option('--older-than <period>', 'the retention period: hours, days or weeks (36h, 90d, 12w); default: retention in backspace.config.json, else 90d')
    .option('--dry-run', 'show what would be removed, remove nothing')
    .option('--yes', 'remove without asking (scripts)')
    .action(async (flags: PruneFlags, command: Command) =>
      withCommandContext(command, { access: flags.dryRun ? 'read' : 'write' }, async ({ journal, config, options }) => {
        const olderThanMs = flags.olderThan !== undefined ? parseRetention(flags.olderThan, '--older-than') : parseRetention(config.retention ?? DEFAULT_RETENTION, 'retention in the config');
        const { writer, keyring, checkpoints } = securitySettings(config);
        if (!flags.dryRun && keyring && !writer) {
          throw new BackspaceError('invalid_config', 'a keyring is configured, so the prune anchor must be signed: name the operator in security.writer and set BACKSPACE_WRITER_KEY; nothing pruned');
        }
        const prune = (dryRun: boolean) => pruneJournal(journal, { olderThanMs, writer: writer ?? null, checkpoints: checkpoints ?? null, dryRun });
        const planned = await prune(true);
        if (flags.dryRun || planned.plan.removed.length === 0) return report(planned, true, Boolean(options.json));
        if (!flags.yes) {
          const what = `pruning ${planned.plan.removed.length} entries (${planned.plan.sessions.length} sessions)`;
          if (!canAsk(Boolean(options.json))) throw confirmationRequired(what);
          report(planned, true, false);
          if (!(await askYesNo('Remove them for good?'))) return printLine('nothing pruned');
        }
        report(await prune(false), false, Boolean(options.json));
      }),
    );
}

function report({ plan, anchor }: PruneResult, dryRun: boolean, json: boolean): void {
  const summary = { dryRun, cutoff: plan.cutoff, throughSeq: plan.throughSeq, entries: plan.removed.length, sessions: plan.sessions, heldBack: plan.heldBack, anchor };
  if (json) return printJson(summary);
  const verb = dryRun ? 'would remove' : 'removed';
  if (plan.removed.length === 0) printLine(`nothing past retention can be removed (entries before ${plan.cutoff})`);
  else printLine(`${dryRun ? paint('yellow', 'dry run') : paint('green', 'pruned')}: ${verb} ${plan.removed.length} entries through entry ${plan.throughSeq}, ${plan.sessions.length} sessions whole (entries before ${plan.cutoff})`);
  if (plan.heldBack) printLine(`${paint('yellow', 'kept')}: older entries stay from entry ${plan.heldBack.seq} on: ${plan.heldBack.reason}`);
  if (anchor) printLine(`anchor: the journal now starts after entry ${anchor.throughSeq}${anchor.writer ? `, signed by ${anchor.writer}` : ', unsigned (no writer configured)'}`);
}
