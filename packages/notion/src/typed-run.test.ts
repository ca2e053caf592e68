// session.run is typed from the adapters a runtime was given: an action name the Notion adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createTestbed, text } from './test-support.js';

it('a page content replaced through a typed session comes back typed, and a wrong name or input is refused', async () => {
  const testbed = await createTestbed();
  const journal = createSqliteJournal({ path: ':memory:' });
  try {
    const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
    const { parentPageId: page_id } = testbed.simulator.seed;
    const session = await runtime.startSession({ agentId: 'editor' });

    const replaced = await session.run('notion.page.replace_content', { page_id, children: [{ paragraph: { rich_text: text('The new plan') } }] });
    const appended: string[] = replaced.appended;
    const state = testbed.simulator.inspect();
    expect(state.pages.get(page_id)!.children.filter((id) => !state.blocks.get(id)!.inTrash)).toEqual(appended);

    // @ts-expect-error: no such action (a typo of notion.page.replace_content)
    await expect(session.run('notion.page.replace_contents', { page_id, children: [] })).rejects.toMatchObject({ code: 'unknown_action' });
    // @ts-expect-error: children is required, and `childern` is no field of notion.page.replace_content
    await expect(session.run('notion.page.replace_content', { page_id, childern: [] })).rejects.toMatchObject({ code: 'invalid_input' });
    // @ts-expect-error: page_id is a string
    await expect(session.run('notion.page.trash', { page_id: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
    await session.end();
    expect(testbed.simulator.inspect().pages.get(page_id)!.inTrash).toBe(false);
  } finally {
    await journal.close();
    await testbed.close();
  }
});
