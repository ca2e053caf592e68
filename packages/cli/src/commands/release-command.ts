// `backspace release <session>`: a person commits a session, so the calls it held in its outbox
// (deferred effects) are sent, each once, through the normal write path; `--list` only shows them.
// A call a rollback dropped is never sent. Operators only: the release is journaled as theirs.
import type { Command } from 'commander';
import type { HeldAction, ReleaseReport } from '@backspace/core';
import { withCommandContext } from '../context.js';
import { resolveSessionId } from '../ids.js';
import { requireIntactJournal } from '../journal.js';
import { byOption } from '../operator.js';
import { paint, printJson, printLine, printTable } from '../output.js';

interface ReleaseFlags {
  by: string;
  list?: boolean;
}

export function registerReleaseCommand(program: Command): void {
  program
    .command('release <session>')
    .description('commit a session: send the calls it held in its outbox (deferred irreversible actions), each once; dropped ones never (session: its id or an unambiguous prefix)')
    .addOption(byOption('who commits the session, kept in the journal'))
    .option('--list', 'only list the held calls and where each stands; send nothing')
    .action(async (given: string, flags: ReleaseFlags, command: Command) =>
      withCommandContext(command, { access: flags.list ? 'read' : 'write', withAdapters: !flags.list }, async ({ runtime, journal, options }) => {
        const sessionId = await resolveSessionId(journal, given);
        if (flags.list) {
          const held = await runtime.outbox.list({ sessionId });
          if (options.json) return printJson({ sessionId, held });
          return printHeld(sessionId, held);
        }
        await requireIntactJournal(journal, 'release held calls');
        const report = await runtime.outbox.release(sessionId, { by: flags.by });
        if (options.json) printJson(report);
        else printReport(report);
        // Anything left (refused, unknown, still held) is for a person to look at.
        if (report.actions.some((action) => action.outcome === 'failed' || action.outcome === 'held')) process.exitCode = 1;
      }),
    );
}

function printHeld(sessionId: string, held: HeldAction[]): void {
  if (held.length === 0) return printLine(`session ${sessionId} held no call`);
  printTable(
    ['held call', 'action', 'status', 'held at', 'why'],
    held.map((action) => [action.deferredId.slice(0, 8), action.action, action.status, action.heldAt, action.reason ?? '']),
  );
}

function printReport(report: ReleaseReport): void {
  const styles = { sent: 'green', 'already-sent': 'dim', dropped: 'yellow', held: 'yellow', failed: 'red' } as const;
  for (const action of report.actions) {
    const error = action.error && typeof action.error === 'object' && 'message' in action.error ? `: ${String(action.error.message)}` : '';
    printLine(`${paint(styles[action.outcome], action.outcome.padEnd(12))} ${action.action} (held call ${action.deferredId.slice(0, 8)})${error}`);
  }
  printLine(`session ${report.sessionId}: ${report.summary}`);
}
