// A row the agent created in a data source stays when a person gave it a value in a property the data
// source gained after the create: the create's snapshot never held that property, so it guards what
// the page's filled properties are. A property added since and left empty on the row keeps nothing.
// The agent edits the row again after the person, in the same session: Notion then names the
// integration as the page's last editor, and only the values tell the person's work apart (the rollback's
// own restore of that edit does the same). People act through their own @notionhq/client; every check
// reads the simulator's own state.
import { describe, expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const createStep = (report: { steps: Loose[] }) => report.steps.find((step) => step.action === 'notion.page.create')!;

/** The agent files a row in the seeded Tasks data source; with `lost`, the create's answer never arrives and the row is found late. */
async function agentRow(session: Session, lost = false): Promise<string> {
  const before = new Set(state().pages.keys());
  const input = { parent: { data_source_id: testbed.simulator.seed.dataSourceId }, properties: { Name: { title: text('Agent follow-up') }, Notes: { rich_text: text('from the agent') } } };
  if (lost) {
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'drop-after-commit' });
    // Every read after the dropped answer fails, so the outcome is settled only when the rollback plans.
    const dropped = () => testbed.simulator.faults.fired().some((fault) => fault.kind === 'drop-after-commit');
    testbed.simulator.faults.inject({ method: 'GET', when: dropped, kind: 'server-error', status: 503, times: 50 });
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/data_sources/:data_source_id/query', when: dropped, kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('notion.page.create', input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    testbed.simulator.faults.clear();
  } else await session.run('notion.page.create', input);
  return [...state().pages.values()].find((page) => !before.has(page.id))!.id;
}

/** The agent's later edit of its row, in the same session: the integration is the page's last editor again. */
async function agentEditsRow(session: Session, rowId: string): Promise<void> {
  await session.run('notion.page.update', { page_id: rowId, properties: { Notes: { rich_text: text('from the agent, revised') } } });
}

/** A person adds a property to the data source's schema through their own client. */
async function personAddsProperty(name: string, config: Loose): Promise<void> {
  await testbed.human.dataSources.update({ data_source_id: testbed.simulator.seed.dataSourceId, properties: { [name]: config } } as never);
}

describe('a property the data source gained after the agent’s create', () => {
  for (const lost of [false, true]) {
    const when = lost ? ' (the create’s answer lost, the row found late)' : '';
    it(`a person’s value in it keeps the agent’s row${when}`, async () => {
      const session = await runtime.startSession({ agentId: 'triager' });
      const rowId = await agentRow(session, lost);
      await personAddsProperty('Reviewer notes', { rich_text: {} });
      await testbed.human.pages.update({ page_id: rowId, properties: { 'Reviewer notes': { rich_text: text('Dana: real follow-up, keep') } } });
      await agentEditsRow(session, rowId);
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(createStep(report).status, createStep(report).reason).toBe('conflict');
      expect(createStep(report).reason).toContain('filled_properties changed');
      const row = state().pages.get(rowId)!;
      expect(row.inTrash).toBe(false);
      expect(JSON.stringify(row.properties['Reviewer notes'])).toContain('Dana: real follow-up, keep');
    });
  }

  it('a checkbox a person ticks in it keeps the row; one left unticked does not', async () => {
    const session = await runtime.startSession({ agentId: 'triager' });
    const kept = await agentRow(session);
    const gone = await agentRow(session);
    await personAddsProperty('Approved', { checkbox: {} });
    await testbed.human.pages.update({ page_id: kept, properties: { Approved: { checkbox: true } } });
    await agentEditsRow(session, kept);
    await session.end();

    await runtime.rollback(session.id);
    expect(state().pages.get(kept)!.inTrash).toBe(false);
    expect(state().pages.get(gone)!.inTrash).toBe(true);
  });

  it('a property added and left empty on the row does not keep it, nor does a value on another row', async () => {
    const session = await runtime.startSession({ agentId: 'triager' });
    const rowId = await agentRow(session);
    await personAddsProperty('Reviewer notes', { rich_text: {} });
    await personAddsProperty('Effort', { select: { options: [{ name: 'S' }, { name: 'L' }] } });
    const other = testbed.simulator.seed.rowIds[0]!;
    await testbed.human.pages.update({ page_id: other, properties: { Effort: { select: { name: 'L' } } } });
    await agentEditsRow(session, rowId);
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(createStep(report).status, createStep(report).reason).toBe('undo');
    expect(state().pages.get(rowId)!.inTrash).toBe(true);
    expect(state().pages.get(other)!.properties.Effort).toEqual({ select: { name: 'L' } });
  });
});

describe('the simulator’s data source update, as Notion applies it', () => {
  it('adds, renames and removes properties; rows follow; a bad update is a validation_error', async () => {
    const { dataSourceId, rowIds } = testbed.simulator.seed;
    const updated = (await testbed.human.dataSources.update({ data_source_id: dataSourceId, properties: { Effort: { select: { options: [{ name: 'S' }] } }, Notes: { name: 'Details' }, Estimate: null } } as never)) as Loose;
    expect(updated.properties.Effort).toMatchObject({ type: 'select', select: { options: [{ name: 'S', color: 'default' }] } });
    expect(updated.properties.Details.type).toBe('rich_text');
    expect(updated.properties.Notes).toBeUndefined();
    expect(updated.properties.Estimate).toBeUndefined();

    const row = (await testbed.human.pages.retrieve({ page_id: rowIds[0]! })) as Loose;
    expect(row.properties.Effort).toMatchObject({ type: 'select', select: null });
    expect(row.properties.Details.rich_text.length).toBeGreaterThan(0);
    expect(row.properties.Estimate).toBeUndefined();

    await expect(testbed.human.dataSources.update({ data_source_id: dataSourceId, properties: { Name: null } } as never)).rejects.toMatchObject({ status: 400, code: 'validation_error' });
    await expect(testbed.human.dataSources.update({ data_source_id: dataSourceId, properties: { Fresh: { name: 'Fresh' } } } as never)).rejects.toMatchObject({ status: 400, code: 'validation_error' });
  });
});
