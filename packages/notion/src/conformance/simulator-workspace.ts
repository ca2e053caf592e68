// The conformance workspace over the simulator: its seed, and its records read straight.
import { seededBlocks, type NotionTestbed } from '../test-support.js';
import type { NotionWorkspace } from './workspace.js';

export function simulatorWorkspace(testbed: NotionTestbed): NotionWorkspace {
  const { simulator, human, inspect } = testbed;
  return {
    pageId: () => simulator.seed.parentPageId,
    rowIds: () => simulator.seed.rowIds,
    contentBlocks: async () => seededBlocks(simulator),
    human,
    inspect: async (resource) => inspect(resource),
  };
}
