// A person adds a status property (a column) to the data source after the agent's update or create of a
// row there, and sets it on the agent's row. The undo never clears their value, nor fails on a property
// its write never knew: a page update's inverse sends only the properties the agent changed, and a
// create's trash is guarded by the row's filled properties. Where Notion names the person as the row's
// last editor, the agent's own values are kept and named (Notion does not say which property they
// changed); where the agent edited the row after them, the agent's values go back and theirs stays.
// People act through their own @notionhq/client; every check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { runtimeEachTest, runWithAnswerLost, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null]), report.residue]);
const propertiesOf = (pageId: string) => state().pages.get(pageId)!.properties as Loose;
const notes = (pageId: string) => (propertiesOf(pageId).Notes.rich_text as Loose[]).map((part) => part.text.content).join('');

/** A person adds a Stage status to the Tasks data source and moves the row to "Doing", through their own client. */
async function personSetsStage(rowId: string): Promise<void> {
  await testbed.human.dataSources.update({ data_source_id: testbed.simulator.seed.dataSourceId, properties: { Stage: { status: { options: [{ name: 'Backlog' }, { name: 'Doing' }] } } } } as never);
  await testbed.human.pages.update({ page_id: rowId, properties: { Stage: { status: { name: 'Doing' } } } } as never);
}

/** The agent's write, answered or (lost) with its answer lost and settled when the rollback plans. */
async function agentWrites(session: Session, action: 'notion.page.update' | 'notion.page.create', input: Loose, lost: boolean, write: { method: 'POST' | 'PATCH'; path: string }): Promise<void> {
  if (lost) await runWithAnswerLost(testbed, session, action, input, write);
  else await session.run(action, input as never);
}

describe('a status property a person added after the agent’s update of a row, and set on it', () => {
  for (const lost of [false, true]) {
    const when = lost ? ' (the update’s answer lost)' : '';
    it(`their Stage stays, nothing fails, and the agent’s Notes are kept and named, the person being the row’s last editor${when}`, async () => {
      const row = testbed.simulator.seed.rowIds[0]!;
      const session = await runtime.startSession({ agentId: 'triager' });
      await agentWrites(session, 'notion.page.update', { page_id: row, properties: { Notes: { rich_text: text('Agent: waiting on legal') } } }, lost, { method: 'PATCH', path: `/v1/pages/${row}` });
      await session.end();
      await personSetsStage(row);

      const report = await runtime.rollback(session.id);
      expect(report.counts.failed, outcomes(report)).toBe(0);
      expect(propertiesOf(row).Stage).toEqual({ status: { name: 'Doing' } });
      expect(notes(row)).toBe('Agent: waiting on legal');
      expect(report.residue.some((line) => line.includes('notion.page.update') && line.includes('prop:Notes')), outcomes(report)).toBe(true);
    });
  }

  it('the agent edited the row again after them: its Notes and Priority go back, their Stage stays', async () => {
    const row = testbed.simulator.seed.rowIds[0]!;
    const before = notes(row);
    const session = await runtime.startSession({ agentId: 'triager' });
    await session.run('notion.page.update', { page_id: row, properties: { Notes: { rich_text: text('Agent: waiting on legal') } } });
    await personSetsStage(row);
    await session.run('notion.page.update', { page_id: row, properties: { Priority: { select: { name: 'High' } } } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect(propertiesOf(row).Stage).toEqual({ status: { name: 'Doing' } });
    expect(notes(row)).toBe(before);
    expect(propertiesOf(row).Priority).toEqual({ select: null });
  });
});

describe('a status property a person added after the agent’s create of a row, and set on it', () => {
  for (const lost of [false, true]) {
    const when = lost ? ' (the create’s answer lost, the row found late)' : '';
    it(`the row stays with their Stage, named${when}`, async () => {
      const before = new Set(state().pages.keys());
      const session = await runtime.startSession({ agentId: 'triager' });
      await agentWrites(session, 'notion.page.create', { parent: { data_source_id: testbed.simulator.seed.dataSourceId }, properties: { Name: { title: text('Agent follow-up') } } }, lost, { method: 'POST', path: '/v1/pages' });
      await session.end();
      const [row] = [...state().pages.keys()].filter((id) => !before.has(id));
      await personSetsStage(row!);

      const report = await runtime.rollback(session.id);
      expect(report.counts.failed, outcomes(report)).toBe(0);
      expect(state().pages.get(row!)!.inTrash, outcomes(report)).toBe(false);
      expect(propertiesOf(row!).Stage).toEqual({ status: { name: 'Doing' } });
      expect(report.residue.some((line) => line.includes('notion.page.create') && line.includes('left in place')), outcomes(report)).toBe(true);
    });
  }
});
