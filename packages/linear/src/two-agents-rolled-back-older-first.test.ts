// Two agents triage the same Linear issue and an operator rolls them back one at a time, the older
// first: agent A raises the priority and retitles, agent B (a later session) retitles again.
// A's rollback puts the priority back and keeps B's title, naming B's session; B's rollback then
// restores the title the person had, not A's (a session already rolled back). And where B related two
// issues A created, A's rollback keeps them (B built on them); B's rollback, taking its relation off,
// then finishes A's: the issues go to the archive. Read back through the person's own LinearClient.
import { expect, it } from 'vitest';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();

it("gives the person's title and priority back when the agents are rolled back older first", async () => {
  const { runtime, human, simulator } = await setup();
  const id = simulator.seed.issues['ENG-1']!;
  const before = await human.issue(id);
  const a = await runtime.startSession({ agentId: 'triage-bot' });
  await a.run('linear.issue.update', { id, title: 'Checkout: discounts (triaged)', priority: 1 });
  await a.end();
  const b = await runtime.startSession({ agentId: 'planning-bot' });
  await b.run('linear.issue.update', { id, title: 'Checkout: discounts, planned for next cycle' });
  await b.end();

  const first = await runtime.rollback(a.id);
  expect(first.steps[0]!.reason).toContain(`session ${b.id}`);
  const between = await human.issue(id);
  expect([between.title, between.priority]).toEqual(['Checkout: discounts, planned for next cycle', before.priority]);

  await runtime.rollback(b.id);
  const after = await human.issue(id);
  expect([after.title, after.priority]).toEqual([before.title, before.priority]);
});

/** Agent A files two issues, agent B (a later session) relates them. */
async function relatedByAnother(environment: Awaited<ReturnType<typeof setup>>) {
  const { runtime, simulator } = environment;
  const a = await runtime.startSession({ agentId: 'triage-bot' });
  const first = (await a.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout fails on discounts' })) as { id: string };
  const second = (await a.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Discount totals are wrong' })) as { id: string };
  await a.end();
  const b = await runtime.startSession({ agentId: 'planning-bot' });
  await b.run('linear.relation.create', { issueId: first.id, relatedIssueId: second.id, type: 'blocks' });
  await b.end();
  return { a, b, first, second };
}

it("archives the older agent's issues once the newer agent's relation between them is undone", async () => {
  const environment = await setup();
  const { runtime, human } = environment;
  const { a, b, first, second } = await relatedByAnother(environment);

  const kept = await runtime.rollback(a.id);
  expect(kept.steps.map((step) => step.outcome)).toEqual(['conflict', 'conflict']);
  expect((await human.issue(first.id)).archivedAt).toBeUndefined();

  const report = await runtime.rollback(b.id);
  expect(report.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'linear.relation.create', 'verified'],
    [a.id, 'linear.issue.create', 'verified'],
    [a.id, 'linear.issue.create', 'verified'],
  ]);
  for (const { id } of [first, second]) expect((await human.issue(id)).archivedAt).toBeInstanceOf(Date);
});

it("archives them when B is rolled back again, after A's rollback was locked elsewhere the first time", async () => {
  const environment = await setup();
  const { runtime, human, journal } = environment;
  const { a, b, first, second } = await relatedByAnother(environment);
  await runtime.rollback(a.id);
  const held = await journal.lockRollback!(a.id, 'another engine');
  const report = await runtime.rollback(b.id);
  expect(report.residue.join('\n')).toContain(`session ${a.id}`);
  await held!.release();
  expect((await human.issue(first.id)).archivedAt).toBeUndefined();

  await runtime.rollback(b.id);
  for (const { id } of [first, second]) expect((await human.issue(id)).archivedAt).toBeInstanceOf(Date);
});
