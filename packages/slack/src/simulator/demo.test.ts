// Slack's demo part end to end: agent, human, rollback, verify.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { DemoPart } from '@backspace/testkit';
import { createSlackDemo } from './index.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function playUntilRollback() {
  const part: DemoPart = await createSlackDemo();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(part, journal);
  const runtime = createRuntime({ journal, adapters: [part.adapter], policy: [], clock: scaledClock(100) });
  const session = await runtime.startSession({ agentId: 'demo-agent', reason: 'post the ACME renewal risk' });
  const agentLines = await part.agent(session);
  await session.end();
  const humanLines = await part.human();
  return { part, runtime, session, agentLines, humanLines };
}

it('rolls back the agent’s note, reaction and pin and keeps the human’s reply', async () => {
  const { part, runtime, session, agentLines, humanLines } = await playUntilRollback();
  expect(agentLines).toHaveLength(3);
  expect(humanLines).toHaveLength(1);

  const report = await runtime.rollback(session.id);

  expect(report.byOutcome).toMatchObject({ verified: 2, corrected: 1, failed: 0 });
  expect(report.steps.find((step) => step.action === 'slack.message.post')).toMatchObject({ remedy: 'gentler' });
  expect(report.residue.some((line) => line.includes('stays with a correction'))).toBe(true);
  expect(await part.verify()).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
});

it('verify() notices what a rollback has not undone', async () => {
  const { part } = await playUntilRollback();
  const verification = await part.verify();
  expect(verification.agentEffectsRemaining).toHaveLength(3);
  expect(verification.humanEditsLost).toEqual([]);
});
