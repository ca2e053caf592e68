// `backspace demo`: an agent incident across five tools, rolled back in front of a new user. Starts the
// simulators in-process and a fresh journal, runs an agent session that goes wrong everywhere while a
// human edits around it, shows the plan, rolls back, and verifies through the official SDKs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type RollbackPlan, type RollbackReport } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { DemoPart } from '@backspace/testkit';
import { countBy, printPlan, printReport } from '../commands/rollback-commands.js';
import { paint, printLine } from '../output.js';
import { startDemoParts } from './parts.js';

export interface DemoResult {
  providers: string[];
  sessionId: string;
  journal: string;
  agentActions: number;
  humanEdits: number;
  plan: { byStatus: Record<string, number> };
  rollback: { byOutcome: RollbackReport['byOutcome'] };
  residue: string[];
  verification: { agentEffectsRemaining: string[]; humanEditsLost: string[]; passed: boolean };
}

export async function runDemo({ journalPath, json }: { journalPath?: string; json: boolean }): Promise<DemoResult> {
  const say = json ? () => undefined : printLine;
  const path = journalPath ?? join(mkdtempSync(join(tmpdir(), 'backspace-demo-')), 'journal.db');
  const journal = createSqliteJournal({ path });
  const parts: DemoPart[] = await startDemoParts();
  try {
    // The default policy: irreversible actions wait for a human.
    const runtime = createRuntime({ journal, adapters: parts.map((part) => part.adapter) });
    say(paint('bold', `Backspace demo: five simulated tools (${parts.map((part) => part.provider).join(', ')}), journal ${path}`));
    say();
    say(paint('bold', '1. An agent works the ACME escalation and gets it wrong'));
    const session = await runtime.startSession({ agentId: 'triage-agent', reason: 'work the ACME escalation' });
    let agentActions = 0;
    for (const part of parts) {
      for (const line of await part.agent(session)) {
        agentActions += 1;
        say(`   ${paint('cyan', part.provider.padEnd(7))} ${line}`);
      }
    }
    await session.end();

    say();
    say(paint('bold', '2. Meanwhile humans keep working, with their own tokens'));
    let humanEdits = 0;
    for (const part of parts) {
      for (const line of await part.human()) {
        humanEdits += 1;
        say(`   ${paint('green', part.provider.padEnd(7))} ${line}`);
      }
    }

    say();
    say(paint('bold', '3. The plan: what rollback will do, field by field'));
    const plan: RollbackPlan = await runtime.planRollback(session.id);
    if (!json) printPlan(plan);

    say();
    say(paint('bold', '4. Roll back the agent session'));
    const report = await runtime.rollback(session.id);
    if (!json) printReport(report);

    say();
    say(paint('bold', '5. Verify by reading every tool through its official SDK'));
    const agentEffectsRemaining: string[] = [];
    const humanEditsLost: string[] = [];
    for (const part of parts) {
      const verification = await part.verify();
      agentEffectsRemaining.push(...verification.agentEffectsRemaining.map((line) => `${part.provider}: ${line}`));
      humanEditsLost.push(...verification.humanEditsLost.map((line) => `${part.provider}: ${line}`));
    }
    const passed = agentEffectsRemaining.length === 0 && humanEditsLost.length === 0 && report.byOutcome.failed === 0;
    for (const line of agentEffectsRemaining) say(`   ${paint('red', 'agent effect remains')}: ${line}`);
    for (const line of humanEditsLost) say(`   ${paint('red', 'human edit lost')}: ${line}`);
    say(passed ? paint('green', '   every agent effect is gone or reported as residue; every human edit is intact') : paint('red', '   verification FAILED'));
    if (journalPath) say(`\nThe journal is kept at ${path}: try \`backspace sessions --journal ${path}\` and \`backspace show ${session.id} --journal ${path}\`.`);
    return {
      providers: parts.map((part) => part.provider),
      sessionId: session.id,
      journal: path,
      agentActions,
      humanEdits,
      plan: { byStatus: countBy(plan.steps.map((step) => step.status)) },
      rollback: { byOutcome: report.byOutcome },
      residue: report.residue,
      verification: { agentEffectsRemaining, humanEditsLost, passed },
    };
  } finally {
    await journal.close();
    await Promise.all(parts.map((part) => part.close()));
  }
}
