// The planning reads: each resource a rollback plans on, read once, concurrently; in batches where the
// provider reads many at once (`readMany`), one by one otherwise and for what a batch left out. A
// provider that cannot be read now leaves its resources `unreadable` (their steps become unreachable).
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/errors-json.js';
import { withRetry } from '../runtime/retry.js';
import { mapConcurrent } from './map-concurrent.js';
import { planMark, type PlanMark } from './plan-age.js';
import { planningScope } from './read-scope.js';

/** Resources one `readMany` call is given at most. */
const READ_BATCH = 50;

/** Each resource to read, by key: its provider, the first compensation naming it, and every one planned on it. */
export type PlannedResources = Map<string, { provider: string; compensation: Compensation; all: Compensation[] }>;

export interface PlanningReads {
  /** What each resource holds now (null: gone). */
  current: Map<string, Snapshot | null>;
  /** Resources whose read failed, with why. */
  unreadable: Map<string, string>;
  /**
   * When each resource's read began: a read the provider paced (Slack's history, a page a minute) is as
   * old as its start when it returns, and its step's plan goes stale that much sooner (see removal-recheck.ts).
   */
  readStartedAt: Map<string, PlanMark>;
}

export async function readPlannedResources(context: RuntimeContext, resources: PlannedResources, keyOf: (resource: Compensation['resource']) => string, readConcurrency: number): Promise<PlanningReads> {
  const current = new Map<string, Snapshot | null>();
  const unreadable = new Map<string, string>();
  const failed = (error: unknown) => (errorJson(error) as { message?: string }).message ?? 'read failed';
  // Providers that read many resources at once do, in batches; the rest, and what a batch left out,
  // are read one by one.
  const single: [string, Compensation['resource']][] = [];
  const scopeOf = (key: string, provider: string) => planningScope(resources.get(key)!.all, context.registry.adapter(provider).versionField);
  const batches: { provider: string; refs: Compensation['resource'][] }[] = [];
  const byProviderToRead = new Map<string, Compensation['resource'][]>();
  for (const [key, { provider, compensation }] of resources) {
    if (context.registry.adapter(provider).readMany) {
      const list = byProviderToRead.get(provider) ?? [];
      list.push(compensation.resource);
      byProviderToRead.set(provider, list);
    } else single.push([key, compensation.resource]);
  }
  for (const [provider, refs] of byProviderToRead) for (let start = 0; start < refs.length; start += READ_BATCH) batches.push({ provider, refs: refs.slice(start, start + READ_BATCH) });
  const readStartedAt = new Map<string, PlanMark>();
  await mapConcurrent(batches, readConcurrency, async ({ provider, refs }) => {
    const started = planMark(context.clock);
    try {
      const found = await withRetry(() => context.registry.adapter(provider).readMany!(refs), context.clock, context.retry);
      for (const ref of refs) {
        const key = keyOf(ref);
        readStartedAt.set(key, started);
        if (found.has(key)) current.set(key, found.get(key) ?? null);
        else single.push([key, ref]);
      }
    } catch (error) {
      for (const ref of refs) unreadable.set(keyOf(ref), failed(error));
    }
  });
  await mapConcurrent(single, readConcurrency, async ([key, resource]) => {
    readStartedAt.set(key, planMark(context.clock));
    try {
      const scope = scopeOf(key, resource.provider);
      current.set(key, await withRetry(() => context.registry.adapter(resource.provider).read(resource, scope), context.clock, context.retry));
    } catch (error) {
      unreadable.set(key, failed(error));
    }
  });
  return { current, unreadable, readStartedAt };
}
