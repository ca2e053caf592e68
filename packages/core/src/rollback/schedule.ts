// Orders a rollback: steps on the same resource (or declaring a dependency) run newest first; the rest
// run concurrently, each provider with its own pool so one slow provider never starves another.
import { resourceKey } from '../contract/resource.js';
import type { PlanStep } from './plan.js';

export interface ScheduledStep {
  step: PlanStep;
  /** Steps that must finish first. */
  after: ScheduledStep[];
  /** Steps waiting for this one. */
  before: ScheduledStep[];
}

/**
 * Steps arrive newest first; each waits for the newest earlier-planned step sharing any resource with it:
 * its own, the one its inverse writes, those it depends on, and the items a container's removal waits for;
 * and a step checked again after newer steps inside its resource (`recheck`) waits for each of those.
 */
export function buildSchedule(steps: PlanStep[]): ScheduledStep[] {
  const lastTouching = new Map<string, ScheduledStep>();
  const scheduled: ScheduledStep[] = [];
  const byAction = new Map<string, ScheduledStep>();
  for (const step of steps) {
    const node: ScheduledStep = { step, after: [], before: [] };
    byAction.set(step.actionId, node);
    for (const previous of (step.recheck?.after ?? []).flatMap((actionId) => byAction.get(actionId) ?? [])) {
      node.after.push(previous);
      previous.before.push(node);
    }
    const written = step.compensation ? [resourceKey(step.compensation.resource)] : [];
    const keys = new Set([step.resource, ...written, ...(step.compensation?.dependsOn ?? []).map(resourceKey), ...(step.after ?? [])]);
    for (const key of keys) {
      const previous = lastTouching.get(key);
      if (previous && !node.after.includes(previous)) {
        node.after.push(previous);
        previous.before.push(node);
      }
      lastTouching.set(key, node);
    }
    scheduled.push(node);
  }
  return scheduled;
}

/**
 * Runs every node once its predecessors finished, at most `concurrency` at a time per provider.
 * `run` returns false when the step failed; the steps after it are then handed to `skip`.
 */
export async function runSchedule(
  nodes: ScheduledStep[],
  concurrency: number,
  run: (node: ScheduledStep) => Promise<boolean>,
  skip: (node: ScheduledStep, because: ScheduledStep) => void,
): Promise<void> {
  const waiting = new Map(nodes.map((node) => [node, node.after.length]));
  const queues = new Map<string, ScheduledStep[]>();
  const running = new Map<string, number>();
  let remaining = nodes.length;
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const settle = (node: ScheduledStep, ok: boolean) => {
    remaining -= 1;
    for (const next of node.before) {
      if (!ok) {
        skipAll(next, node);
        continue;
      }
      const left = (waiting.get(next) ?? 0) - 1;
      waiting.set(next, left);
      if (left === 0) enqueue(next);
    }
    pump(node.step.provider);
    if (remaining === 0) finish();
  };
  const skipAll = (node: ScheduledStep, because: ScheduledStep) => {
    if (!waiting.has(node)) return;
    waiting.delete(node);
    skip(node, because);
    remaining -= 1;
    for (const next of node.before) skipAll(next, because);
  };
  const enqueue = (node: ScheduledStep) => {
    const provider = node.step.provider;
    const queue = queues.get(provider) ?? [];
    queue.push(node);
    queues.set(provider, queue);
    pump(provider);
  };
  const pump = (provider: string) => {
    const queue = queues.get(provider) ?? [];
    while (queue.length > 0 && (running.get(provider) ?? 0) < concurrency) {
      const node = queue.shift()!;
      waiting.delete(node);
      running.set(provider, (running.get(provider) ?? 0) + 1);
      run(node).then(
        (ok) => {
          running.set(provider, (running.get(provider) ?? 1) - 1);
          settle(node, ok);
        },
        (error: unknown) => fail(error),
      );
    }
  };

  if (nodes.length === 0) return;
  for (const node of nodes) if (node.after.length === 0) enqueue(node);
  await done;
}
