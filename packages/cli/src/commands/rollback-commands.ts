// Commands that plan and run rollbacks, and list what can be undone: actions, plan, rollback.
import type { Command } from 'commander';
import { Listr } from 'listr2';
import { createRuntime, type ProgressEvent, type RollbackPlan, type RollbackReport } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAdapters } from '../adapters.js';
import { loadConfig } from '../config.js';
import { commandContext, type GlobalOptions } from '../context.js';
import { paint, printJson, printLine, printTable } from '../output.js';

export function registerRollbackCommands(program: Command): void {
  program
    .command('actions')
    .description('every registered action with its provider and reversibility class')
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const adapters = await createAdapters(loadConfig(options.config), { listing: true });
      const actions = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters }).listActions();
      if (options.json) return printJson({ actions });
      printTable(['action', 'provider', 'reversibility', 'description'], actions.map((action) => [action.name, action.provider, action.reversibility, action.description]));
    });

  program
    .command('plan <session>')
    .description('dry run: steps by status, conflicts with their fields, blast radius, residue')
    .option('--force', 'plan as a forced rollback (undo even where others built on it)')
    .action(async (sessionId: string, flags: { force?: boolean }, command: Command) => {
      const { runtime, journal, options } = await commandContext(command, { withAdapters: true });
      const plan = await runtime.planRollback(sessionId, { force: flags.force ?? false });
      await journal.close();
      if (options.json) return printJson({ ...plan, byStatus: countBy(plan.steps.map((step) => step.status)) });
      printPlan(plan);
    });

  program
    .command('rollback <session>')
    .description('undo one agent session: surgical, ordered, verified')
    .option('--force', 'undo even where others built on it (delete instead of the gentler inverse)')
    .option('--concurrency <n>', 'compensations in flight per provider', (value) => Number.parseInt(value, 10))
    .action(async (sessionId: string, flags: { force?: boolean; concurrency?: number }, command: Command) => {
      const { runtime, journal, options } = await commandContext(command, { withAdapters: true });
      const rollbackOptions = { force: flags.force ?? false, ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) };
      const report = options.json ? await runtime.rollback(sessionId, rollbackOptions) : await withProgress((onProgress) => runtime.rollback(sessionId, { ...rollbackOptions, onProgress }));
      await journal.close();
      if (options.json) return printJson(report);
      printReport(report);
      if (report.byOutcome.failed > 0) process.exitCode = 1;
    });
}

/** A progress line per step while the rollback runs (listr2), then the report. */
async function withProgress(run: (onProgress: (event: ProgressEvent) => void) => Promise<RollbackReport>): Promise<RollbackReport> {
  const pending = new Map<string, { title: string; done: (outcome: string) => void }>();
  let report!: RollbackReport;
  const list = new Listr([], { concurrent: true, exitOnError: false, renderer: process.stdout.isTTY ? 'default' : 'simple', rendererOptions: {} });
  const onProgress = (event: ProgressEvent) => {
    if (event.phase === 'started') {
      list.add({
        title: `${event.action} ${event.resource}`,
        task: (_context, task) =>
          new Promise<void>((resolve) => {
            pending.set(event.actionId, { title: task.title ?? '', done: (outcome) => ((task.title = `${event.action} ${event.resource}: ${outcome}`), resolve()) });
          }),
      });
      void list.run().catch(() => undefined);
    } else pending.get(event.actionId)?.done(event.outcome ?? 'done');
  };
  report = await run(onProgress);
  for (const waiting of pending.values()) waiting.done('done');
  return report;
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export function printPlan(plan: RollbackPlan): void {
  printLine(paint('bold', `Rollback plan for session ${plan.sessionId}`));
  printTable(['status', 'action', 'resource', 'why'], plan.steps.map((step) => [step.status, step.action, step.resource, step.reason]));
  for (const step of plan.steps.filter((candidate) => candidate.fields && candidate.status !== 'undo')) {
    const kept = step.fields!.filter((field) => field.decision === 'keep').map((field) => field.field);
    if (kept.length > 0) printLine(`  ${paint('yellow', 'conflict')} ${step.resource}: keeps ${kept.join(', ')} (changed by someone else)`);
  }
  const radius = Object.entries(plan.blastRadius.byProvider).map(([provider, count]) => `${provider} ${count}`).join(', ');
  printLine(`blast radius: ${plan.blastRadius.resources} resources (${radius})${plan.blastRadius.actors.length ? `; people: ${plan.blastRadius.actors.join(', ')}` : ''}`);
  if (plan.residue.length > 0) {
    printLine('residue (what stays after the rollback):');
    for (const line of plan.residue) printLine(`  - ${line}`);
  }
}

export function printReport(report: RollbackReport): void {
  printTable(['outcome', 'status', 'action', 'resource'], report.steps.map((step) => [step.outcome, step.status, step.action, step.resource]));
  printLine(report.summary);
  if (report.residue.length > 0) {
    printLine('residue:');
    for (const line of report.residue) printLine(`  - ${line}`);
  }
}
