// `backspace demo`: an agent incident across five tools, rolled back in front of a new user. Starts the
// simulators in-process and a fresh journal, runs an agent session that goes wrong everywhere while a
// human edits around it, shows the plan, rolls back, and verifies through the official SDKs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookUpNames, type RollbackPlan, type RollbackReport } from '@backspace/core';
import { countBy, printPlan, printReport } from '../plan-output.js';
import { describeEntries, peopleNamed } from '../describe.js';
import { paint, printLine } from '../output.js';
import { stageIncident } from './incident.js';
import { DEMO_AUDIT_DELAY_MS, supervisedRollback } from './supervised-rollback.js';

export interface DemoResult {
  providers: string[];
  sessionId: string;
  journal: string;
  agentActions: number;
  humanEdits: number;
  plan: { byStatus: Record<string, number> };
  rollback: { byOutcome: RollbackReport['byOutcome'] };
  /** The supervisor's findings that led to the rollback. */
  findings: { findingId: string; trigger: string; summary: string }[];
  residue: string[];
  verification: { agentEffectsRemaining: string[]; humanEditsLost: string[]; passed: boolean };
}

export async function runDemo({ journalPath, json }: { journalPath?: string; json: boolean }): Promise<DemoResult> {
  const say = json ? () => undefined : printLine;
  const path = journalPath ?? join(mkdtempSync(join(tmpdir(), 'backspace-demo-')), 'journal.db');
  const { parts, runtime, sessionId, agentActions, humanEdits, close } = await stageIncident(path, say);
  try {
    say();
    say(paint('bold', '3. The plan: what rollback will do, field by field'));
    const plan: RollbackPlan = await runtime.planRollback(sessionId);
    // The demo's adapters hold the simulators' tokens: channels and people are named as an operator's tools name them.
    const adapters = parts.map((part) => part.adapter);
    const names = await lookUpNames(adapters, { resources: plan.steps.map((step) => step.resource), people: plan.blastRadius.actors });
    const descriptions = describeEntries(await runtime.journal.sessionEntries(sessionId), adapters, null, names);
    if (!json) printPlan(plan, descriptions, peopleNamed(names, plan.blastRadius.actors));

    say();
    say(paint('bold', `4. Roll back the agent session: the supervisor audits each action ${DEMO_AUDIT_DELAY_MS / 60_000} minutes after it (a clock 600x faster), no person needed`));
    const { report, findings } = await supervisedRollback(runtime, parts, sessionId, say);
    if (!json) printReport(report, descriptions);
    say(`   the session's timeline records ${findings.length} finding(s): ${findings.map((finding) => `${finding.findingId.slice(0, 8)} (${finding.trigger})`).join(', ')}; \`backspace findings\` lists them`);

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
    if (journalPath) say(`\nThe journal is kept at ${path}: try \`backspace sessions --journal ${path}\` and \`backspace show ${sessionId} --journal ${path}\`. To practise the rollback yourself, run \`backspace demo --keep\`.`);
    return {
      providers: parts.map((part) => part.provider),
      sessionId,
      journal: path,
      agentActions,
      humanEdits,
      plan: { byStatus: countBy(plan.steps.map((step) => step.status)) },
      rollback: { byOutcome: report.byOutcome },
      findings: findings.map(({ findingId, trigger, summary }) => ({ findingId, trigger, summary })),
      residue: report.residue,
      verification: { agentEffectsRemaining, humanEditsLost, passed },
    };
  } finally {
    await close();
  }
}
