// The rollback flow every command shares (`rollback`, `incident rollback`): show the plan and ask on a
// terminal unless --yes, refuse without one, show progress, and exit with what is left.
import type { InFlightWait, Names, RollbackOptions, RollbackPlan, RollbackReport } from '@backspace/core';
import { askYesNo, canAsk, confirmationRequired } from '../confirm.js';
import { withDescriptions, type Descriptions } from '../describe.js';
import { EXIT, rollbackExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { startProgressLine } from '../progress.js';
import { printPlan, printReport } from '../plan-output.js';

export interface ConfirmedRollback {
  plan: RollbackPlan;
  descriptions: Descriptions;
  /** The blast radius's people named, by id. */
  people?: Names;
  /** `session 3f2a...`, `the incident (agent triage-bot, since ...)`: what the question names. */
  what: string;
  yes: boolean;
  force: boolean;
  json: boolean;
  run: (hooks: Pick<RollbackOptions, 'onProgress' | 'onWaiting'>) => Promise<RollbackReport>;
}

/** A rollback's wait for writes in flight, on stderr so --json output stays one document. */
export function printWaiting({ ms, why }: InFlightWait): void {
  process.stderr.write(`waiting ${Math.ceil(ms / 1000)} s before planning: ${why}\n`);
}

export async function confirmAndRollBack({ plan, descriptions, people, what, yes, force, json, run }: ConfirmedRollback): Promise<void> {
  const toRun = plan.steps.filter((step) => step.compensation !== null).length;
  const steps = `${toRun} ${toRun === 1 ? 'step' : 'steps'}`;
  // Nothing to run needs nobody's yes: the rollback only records that there was nothing to undo.
  if (toRun > 0 && !yes) {
    if (!canAsk(json)) throw confirmationRequired(`rolling back ${what} (${steps} to run)`);
    printPlan(plan, descriptions, people);
    printLine();
    if (!(await askYesNo(`Roll back ${steps} of ${what}${force ? ', forced' : ''}?`))) {
      printLine('nothing was rolled back');
      process.exitCode = EXIT.refused;
      return;
    }
  }
  const progress = !json && process.stdout.isTTY ? startProgressLine(toRun) : null;
  let report: RollbackReport;
  try {
    report = await run({
      ...(progress ? { onProgress: progress.onProgress } : {}),
      onWaiting: printWaiting,
    });
  } finally {
    progress?.stop();
  }
  process.exitCode = rollbackExitCode(report);
  if (json) return printJson({ ...report, steps: withDescriptions(report.steps, descriptions) });
  printReport(report, descriptions);
}
