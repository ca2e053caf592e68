// The conformance workspace over the simulator: its seed, and its records read straight. The seed is
// fresh for the first check of an environment; each later `prepare` (the request budget runs a case
// twice in one environment) makes a fresh copy of the handbook page and rows, as a person would.
import type { BlockObjectRequest } from '@notionhq/client';
import { SEED_PAGE, SEED_ROWS } from '../simulator/index.js';
import { seededBlocks, text, type NotionTestbed } from '../test-support.js';
import type { NotionWorkspace } from './workspace.js';

export function simulatorWorkspace(testbed: NotionTestbed): NotionWorkspace & { prepare(): Promise<void> } {
  const { simulator, human, inspect } = testbed;
  let fresh: { pageId: string; rowIds: string[] } | undefined;
  let prepared = 0;
  const pageId = () => fresh?.pageId ?? simulator.seed.parentPageId;
  return {
    pageId,
    rowIds: () => fresh?.rowIds ?? simulator.seed.rowIds,
    contentBlocks: async () => seededBlocks(simulator, pageId()),
    human,
    inspect: async (resource) => inspect(resource),
    async prepare() {
      prepared += 1;
      if (prepared === 1) return;
      const page = await human.pages.create({ parent: { page_id: simulator.seed.parentPageId }, properties: { title: { title: text(SEED_PAGE.title) } }, children: SEED_PAGE.blocks as BlockObjectRequest[] });
      const rowIds: string[] = [];
      for (const row of SEED_ROWS) {
        const created = await human.pages.create({ parent: { data_source_id: simulator.seed.dataSourceId }, properties: { Name: { title: text(row.name) }, Status: { status: { name: row.status } }, Notes: { rich_text: text(row.notes) } } });
        rowIds.push(created.id);
      }
      fresh = { pageId: page.id, rowIds };
    },
  };
}
