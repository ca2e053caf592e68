// An update that never reached Notion, whose change a person then made by hand, is told from one that
// landed only by the last editor: a person's change leaves them the last editor, the agent's leaves this
// integration. Another agent on the same token writing the page (or the block) again since makes this
// integration its last editor whatever happened, so the lookup cannot tell: taken for the agent's, the
// rollback took away the person's change. It is named instead, as when the same session wrote it again.
// People act through their own @notionhq/client; every check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { reportInShort, runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const page = (id: string) => testbed.simulator.inspect().pages.get(id)! as unknown as Loose;
const outcomes = reportInShort;
const namedUnknown = (report: { residue: string[] }, action: string) => report.residue.some((line) => line.includes(action) && line.includes('outcome unknown') && line.includes('another session on the same token wrote it'));

/** The agent's write on this path never arrives, and every read after it fails too: the outcome is unknown. */
async function neverArrives(session: Session, path: string, action: string, input: Loose) {
  testbed.simulator.faults.inject({ method: 'PATCH', path, kind: 'reset' });
  const fired = () => testbed.simulator.faults.fired().length > 0;
  testbed.simulator.faults.inject({ method: 'GET', when: fired, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run(action, input)).rejects.toMatchObject({ code: 'outcome_unknown' });
  testbed.simulator.faults.clear();
}

describe('an icon change that never reached Notion, made the same by a person, then the page retitled by another session on the same token', () => {
  it.each([['the agent\'s session alone', false], ['both sessions, as one incident', true]] as const)('rolling back %s leaves the person\'s icon and names the change', async (_what, incident) => {
    const pageId = testbed.simulator.seed.parentPageId;
    const agent = await runtime.startSession({ agentId: 'decorator' });
    await neverArrives(agent, `/v1/pages/${pageId}`, 'notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    await agent.end();
    await testbed.human.pages.update({ page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    const helper = await runtime.startSession({ agentId: 'helper' });
    await helper.run('notion.page.update', { page_id: pageId, properties: { title: { title: text('Helper title') } } });
    await helper.end();

    const report = incident ? await runtime.rollbackIncident({ sessions: [agent.id, helper.id] }) : await runtime.rollback(agent.id);
    expect(page(pageId).icon, outcomes(report)).toMatchObject({ emoji: '📘' });
    expect(namedUnknown(report, 'notion.page.update'), outcomes(report)).toBe(true);
  });
});

it('a to-do\'s new text that never reached Notion, typed the same by a person, then ticked by another session: the person\'s text stays and the change is named', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const todo = (page(pageId).children as string[]).find((id) => testbed.simulator.inspect().blocks.get(id)!.type === 'to_do')!;
  const agent = await runtime.startSession({ agentId: 'triage-bot' });
  await neverArrives(agent, `/v1/blocks/${todo}`, 'notion.block.update', { block_id: todo, to_do: { rich_text: text('Read the handbook twice') } });
  await agent.end();
  await testbed.human.blocks.update({ block_id: todo, to_do: { rich_text: text('Read the handbook twice') } } as never);
  const helper = await runtime.startSession({ agentId: 'helper' });
  await helper.run('notion.block.update', { block_id: todo, to_do: { checked: true } });
  await helper.end();

  const report = await runtime.rollback(agent.id);
  expect(JSON.stringify(testbed.simulator.inspect().blocks.get(todo)!.content), outcomes(report)).toContain('Read the handbook twice');
  expect(namedUnknown(report, 'notion.block.update'), outcomes(report)).toBe(true);
});
