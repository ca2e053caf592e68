// A content replacement undone on a page shaped like real ones: every block type the simulator serves
// (an uploaded image and an external file, a table, toggles, a callout with a comment on it, code,
// lists, to-dos, a quote, a divider, columns, a synced block and its copy, a bookmark). The rollback brings
// back the very same blocks from the trash (same ids, the uploaded file and the comment with them) and
// writes nothing anew. A person acts through their own Client; checks read the simulator's state.
import { expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { appendTree } from './block-tree.js';
import { toNodes } from './actions/page-replace-content.js';
import { NotionApi } from './notion-api.js';
import { inspectChildren, inspectComment, inspectPage } from './simulator/index.js';
import { realPageBlocks, UPLOAD } from './real-page.fixture.js';
import { runtimeEachTest, type TestRuntime, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made), { realClock: true });

it('restores a page holding every block type: the same blocks, file and comment included, nothing rebuilt', async () => {
  const { human, simulator } = testbed;
  const page = await human.pages.create({ parent: { page_id: simulator.seed.parentPageId }, properties: { title: { title: text('Incident 42') } } });
  await appendTree(new NotionApi(human, undefined), page.id, toNodes(realPageBlocks()));
  const ids = () => (inspectChildren(simulator.inspect(), page.id) as { id: string }[]).map((child) => child.id);
  const synced = ids()[11]!;
  await human.blocks.children.append({ block_id: page.id, children: [{ synced_block: { synced_from: { block_id: synced } } }] as never });
  const callout = ids()[1]!;
  const comment = await human.comments.create({ parent: { block_id: callout } as never, rich_text: text('Dana: keep this') });
  const original = inspectPage(simulator.inspect(), page.id);
  const originalIds = ids();
  expect(new Set((original as Loose).content.map((block: Loose) => block.type)).size).toBe(14);

  // The replacement trashes 15 blocks in one call, each request listening to the call's kill signal:
  // the agent's process must not print a false "memory leak" warning to its stderr.
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  const session = await runtime.startSession({ agentId: 'summariser' });
  await session.run('notion.page.replace_content', { page_id: page.id, children: [{ paragraph: { rich_text: text('All good, nothing happened.') } }] });
  await session.end();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  expect(warnings).not.toContain('MaxListenersExceededWarning');
  expect(ids()).not.toContain(callout);

  simulator.log.clear();
  const report = await runtime.rollback(session.id);
  expect(report.byOutcome, JSON.stringify(report.steps.map((step) => [step.status, step.reason, step.error ?? null]))).toMatchObject({ verified: 1, failed: 0, conflict: 0 });
  expect(ids()).toEqual(originalIds);
  expect(inspectPage(simulator.inspect(), page.id)).toEqual(original);
  expect(inspectComment(simulator.inspect(), comment.id)).toMatchObject({ text: 'Dana: keep this', parent: { block_id: callout } });
  expect(simulator.inspect().blocks.get(ids()[2]!)!.content).toMatchObject({ type: 'file', file: { url: expect.stringContaining(UPLOAD) } });
  // Out of the trash, not written again: no append, no new block.
  expect(simulator.log.entries().filter((entry) => entry.method === 'PATCH' && entry.path.endsWith('/children'))).toEqual([]);
});
