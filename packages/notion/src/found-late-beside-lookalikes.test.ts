// A create whose answer was lost (and whose lookup could not run in the call) is settled when the
// rollback is planned, by what it sent, among lookalikes made since: the same words posted by another
// session on the same token, by a script using the same token outside Backspace, or a person's duplicate
// of the agent's row (Notion copies the key property with it). The newest match used to be taken: the
// other session's comment (left unsettled while the agent's stayed), the script's comment or the person's
// row (deleted or trashed in place of the agent's). Now what the journal records as another action's is
// left out, a person's row is not the integration's, and lookalikes that cannot be told apart are named
// for the operator, nothing deleted. Read back from the simulator and through Notion clients.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { createNotionClient } from './notion-api.js';
import { runtimeEachTest, runWithAnswerLost, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const liveComments = () => [...state().comments.values()].filter((comment) => !comment.deleted);
const unknownOutcomes = (report: { residue: string[] }) => report.residue.filter((line) => /outcome unknown|unsettled/i.test(line));

describe('a comment whose answer was lost, beside the same words posted since', () => {
  const words = () => ({ parent: { page_id: testbed.simulator.seed.parentPageId }, rich_text: text('Ack, on it') });

  it('posted by another session on the same token: the rollback deletes the lost comment and leaves the other session’s', async () => {
    const first = await runtime.startSession({ agentId: 'one' });
    await runWithAnswerLost(testbed, first, 'notion.comment.create', words(), { method: 'POST', path: '/v1/comments' });
    await first.end();
    const [lost] = liveComments();

    const second = await runtime.startSession({ agentId: 'two' });
    const theirs = (await second.run('notion.comment.create', words())) as Loose;
    await second.end();
    expect(theirs.id).not.toBe(lost!.id);

    const report = await runtime.rollback(first.id);
    expect(unknownOutcomes(report)).toEqual([]);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.comment.create', 'verified']]);
    expect(liveComments().map((comment) => comment.id)).toEqual([theirs.id]);
  });

  it('posted with the same token outside Backspace: neither is deleted, and the report names both for the operator', async () => {
    const session = await runtime.startSession({ agentId: 'one' });
    await runWithAnswerLost(testbed, session, 'notion.comment.create', words(), { method: 'POST', path: '/v1/comments' });
    await session.end();
    const [lost] = liveComments();
    // A script on the integration's token, which the journal knows nothing of.
    const script = createNotionClient(testbed.simulator.tokens.agent, testbed.simulator.url);
    const scripts = await script.comments.create(words());

    const report = await runtime.rollback(session.id);
    expect(liveComments().map((comment) => comment.id).sort()).toEqual([lost!.id, scripts.id].sort());
    const [unknown, ...more] = unknownOutcomes(report);
    expect(more).toEqual([]);
    expect(unknown).toMatch(/notion\.comment\.create.*outcome unknown/);
    expect(unknown).toContain(`comment ${lost!.id}`);
    expect(unknown).toContain(`comment ${scripts.id}`);
  });
});

describe('a row whose answer was lost in a data source with the key property, duplicated by a person since', () => {
  it('the rollback trashes the agent’s row and leaves the person’s duplicate', async () => {
    const dataSourceId = testbed.simulator.seed.dataSourceId;
    // The workspace's owner added the key property to the data source (set up through the simulator).
    state().dataSources.get(dataSourceId)!.properties['Backspace key'] = { id: 'bkey', name: 'Backspace key', type: 'rich_text', config: {} };
    const before = new Set(state().pages.keys());
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await runWithAnswerLost(testbed, session, 'notion.page.create', { parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Ship the beta') } } }, { method: 'POST', path: '/v1/pages' });
    await session.end();
    const [agents] = [...state().pages.keys()].filter((id) => !before.has(id));
    const key = (await testbed.human.pages.retrieve({ page_id: agents! })) as Loose;
    // Duplicated by hand: the same title, and the key property copied with the row.
    const duplicate = await testbed.human.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Ship the beta') }, 'Backspace key': { rich_text: key.properties['Backspace key'].rich_text } } } as never);

    const report = await runtime.rollback(session.id);
    expect(unknownOutcomes(report)).toEqual([]);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.create', 'verified']]);
    expect({ agents: state().pages.get(agents!)!.inTrash, persons: state().pages.get(duplicate.id)!.inTrash }).toEqual({ agents: true, persons: false });
  });
});
