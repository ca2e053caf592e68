// Shared by this package's tests: a fresh simulator, the agent's adapter, a human's own Client, and the
// resource reader that goes straight to the simulator's state.
import type { Client } from '@notionhq/client';
import type { Json, ResourceRef } from '@backspace/core';
import { createNotionClient } from './notion-api.js';
import { createNotionAdapter } from './notion-adapter.js';
import { createNotionSimulator, type NotionSimulator, type NotionSimulatorOptions } from './simulator/index.js';

export interface NotionTestbed {
  simulator: NotionSimulator;
  adapter: ReturnType<typeof createNotionAdapter>;
  human: Client;
  inspect(resource: ResourceRef): Json | null;
  close(): Promise<void>;
}

export async function createTestbed(options: NotionSimulatorOptions = {}): Promise<NotionTestbed> {
  const simulator = await createNotionSimulator(options);
  const adapter = createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });
  const human = createNotionClient(simulator.tokens.human, simulator.url);
  const inspect = (resource: ResourceRef): Json | null => simulator.inspectResource(resource);
  return { simulator, adapter, human, inspect, close: () => simulator.close() };
}

export const text = (content: string) => [{ type: 'text' as const, text: { content } }];

/** A page's top-level block ids (the seeded page's by default), straight from the simulator. */
export function seededBlocks(simulator: NotionSimulator, pageId = simulator.seed.parentPageId): string[] {
  return simulator.inspect().pages.get(pageId)!.children;
}
