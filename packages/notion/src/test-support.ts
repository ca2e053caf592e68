// Shared by this package's tests: a fresh simulator, the agent's adapter, a human's own Client, and the
// resource reader that goes straight to the simulator's state.
import { afterEach, beforeEach, expect } from 'vitest';
import type { Client } from '@notionhq/client';
import { createRuntime, scaledClock, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { Json, ResourceRef } from '@backspace/core';
import { createNotionClient } from './notion-api.js';
import { createNotionAdapter } from './notion-adapter.js';
import { createNotionSimulator, inspectChildren, type NotionSimulator, type NotionSimulatorOptions } from './simulator/index.js';

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

/**
 * Runs `action` in `session` with the answer to its write (`method` on `path`) lost after Notion kept it,
 * and every request after that failing (so the lookup in the call cannot run either): the call ends
 * `outcome_unknown`, the write landed. The faults are cleared after.
 */
export async function runWithAnswerLost(testbed: NotionTestbed, session: Session, action: string, input: unknown, write: { method: 'POST' | 'PATCH'; path: string }): Promise<void> {
  const { faults } = testbed.simulator;
  faults.inject({ ...write, kind: 'drop-after-commit' });
  const dropped = () => faults.fired().some((fault) => fault.kind === 'drop-after-commit');
  for (const method of ['GET', 'POST'] as const) faults.inject({ method, when: dropped, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run(action as never, input as never)).rejects.toMatchObject({ code: 'outcome_unknown' });
  faults.clear();
}

/** What `runtimeEachTest` makes before each test. */
export interface TestRuntime {
  testbed: NotionTestbed;
  journal: ReturnType<typeof createSqliteJournal>;
  runtime: Runtime;
}

/**
 * For a test file: before each test, a fresh testbed, an in-memory SQLite journal and a runtime on them
 * (its clock 100 times fast unless `realClock`), handed to `use`; after it, both closed.
 */
export function runtimeEachTest(use: (made: TestRuntime) => void, { realClock = false } = {}): void {
  let made: TestRuntime | undefined;
  beforeEach(async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    made = { testbed, journal, runtime: createRuntime({ journal, adapters: [testbed.adapter], policy: [], ...(realClock ? {} : { clock: scaledClock(100) }) }) };
    use(made);
  });
  afterEach(async () => {
    await made?.journal.close();
    await made?.testbed.close();
  });
}

/** The simulator's blocks as a person sees them: whether one is in the trash, and the live children of a page or block, in order. */
export function blockViews(testbed: () => NotionTestbed) {
  const state = () => testbed().simulator.inspect();
  return {
    state,
    inTrash: (blockId: string) => state().blocks.get(blockId)!.inTrash,
    liveIds: (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id),
    /** A block's content as the simulator holds it, as JSON: its words can be looked for in it. */
    textOf: (blockId: string) => JSON.stringify(state().blocks.get(blockId)!.content),
  };
}

/** A rollback report in short, for a failed expectation's message: each step's action, status, outcome and reason, and the residue. */
export const reportInShort = (report: { steps: { action: string; status: string; outcome?: string | null; reason?: string | null }[]; residue: string[] }): string =>
  JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null]), report.residue]);

/**
 * Runs `call` with `write` landing and its answer lost, every request after it failing: the call ends
 * "outcome unknown", the write settled only when a rollback is planned.
 */
export async function withAnswerLost(testbed: NotionTestbed, write: { method: 'POST' | 'PATCH' | 'DELETE'; path: string }, call: () => Promise<unknown>): Promise<void> {
  const { faults } = testbed.simulator;
  faults.inject({ ...write, kind: 'drop-after-commit' });
  const dropped = () => faults.fired().some((fault) => fault.kind === 'drop-after-commit');
  faults.inject({ when: dropped, kind: 'server-error', status: 503, times: 200 });
  try {
    await expect(call()).rejects.toMatchObject({ code: 'outcome_unknown' });
  } finally {
    faults.clear();
  }
}

/** Paragraph blocks, one per line, as an append's children. */
export const paragraphs = (...lines: string[]) => lines.map((line) => ({ paragraph: { rich_text: text(line) } }));

/** The agent appends `children` under `blockId` (with `extra`: a position); the ids of the blocks made. */
export async function appendBlocks(session: Session, blockId: string, children: Record<string, unknown>[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const result = (await session.run('notion.block.append', { block_id: blockId, children, ...extra })) as { results: { id: string }[] };
  return result.results.map((block) => block.id);
}
