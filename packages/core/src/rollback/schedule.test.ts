import { describe, expect, it } from 'vitest';
import type { PlanStep } from './plan.js';
import { buildSchedule, runSchedule } from './schedule.js';

const step = (actionId: string, provider: string, resource: string, dependsOn: string[] = []): PlanStep => ({
  sessionId: 's1',
  actionId,
  action: `${provider}.thing.do`,
  resource,
  provider,
  status: 'undo',
  reason: '',
  remedy: 'inverse',
  seq: 0,
  interruptedCompensation: false,
  compensation: {
    operation: 'x',
    resource: { provider, type: 'thing', id: resource },
    input: null,
    strategy: 'guarded',
    fields: [],
    pre: null,
    post: null,
    expect: { absent: true },
    description: '',
    dependsOn: dependsOn.map((id) => ({ provider, type: 'thing', id: id.split(':')[1]! })),
  },
});

describe('rollback schedule', () => {
  it('a step to be checked again after newer steps on other resources (recheck) waits for each of them', () => {
    const nested = step('nested', 'notion', 'notion.thing:inside');
    const deeper = step('deeper', 'notion', 'notion.thing:deeper');
    const outer = { ...step('outer', 'notion', 'notion.thing:page'), recheck: { after: ['nested', 'deeper'], fields: ['block:x'] } };
    const [first, second, third] = buildSchedule([deeper, nested, outer]);
    expect(third!.after.map((node) => node.step.actionId).sort()).toEqual(['deeper', 'nested']);
    expect([first!.before, second!.before].map((before) => before.map((node) => node.step.actionId))).toEqual([['outer'], ['outer']]);
  });

  it('runs steps on one resource (or declaring a dependency) newest first, and the rest concurrently', async () => {
    // Newest first: merge (depends on branch), file on branch, branch itself; an unrelated step.
    const steps = [step('merge', 'gh', 'gh.thing:pr', ['gh.thing:branch']), step('file', 'gh', 'gh.thing:branch'), step('branch', 'gh', 'gh.thing:branch'), step('other', 'slack', 'slack.thing:msg')];
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    await runSchedule(buildSchedule(steps), 4, async ({ step: current }) => {
      running += 1;
      peak = Math.max(peak, running);
      order.push(`start ${current.actionId}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`end ${current.actionId}`);
      running -= 1;
      return true;
    }, () => undefined);
    expect(order.indexOf('end merge')).toBeLessThan(order.indexOf('start file'));
    expect(order.indexOf('end file')).toBeLessThan(order.indexOf('start branch'));
    expect(order.indexOf('start other')).toBeLessThan(order.indexOf('end merge'));
    expect(peak).toBe(2);
  });

  it('skips the steps that wait on a failed one and still runs the independent ones', async () => {
    const steps = [step('newer', 'p', 'p.thing:a'), step('older', 'p', 'p.thing:a'), step('elsewhere', 'p', 'p.thing:b')];
    const ran: string[] = [];
    const skipped: string[] = [];
    await runSchedule(buildSchedule(steps), 2, async ({ step: current }) => {
      ran.push(current.actionId);
      return current.actionId !== 'newer';
    }, ({ step: current }, because) => skipped.push(`${current.actionId} because ${because.step.actionId}`));
    expect(ran.sort()).toEqual(['elsewhere', 'newer']);
    expect(skipped).toEqual(['older because newer']);
  });

  it('removes a container only after the items the same rollback takes out of it, and not when taking one out failed', async () => {
    // Newest first: the agent's item (its step on the item), then the container it sits in, which waits for it by `after`.
    const container = { ...step('container', 'p', 'p.thing:box'), after: ['p.thing:item'] };
    const steps = [step('item', 'p', 'p.thing:item'), container];
    const ran: string[] = [];
    const skipped: string[] = [];
    await runSchedule(buildSchedule(steps), 4, async ({ step: current }) => {
      ran.push(current.actionId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return false;
    }, ({ step: current }, because) => skipped.push(`${current.actionId} because ${because.step.actionId}`));
    expect(ran).toEqual(['item']);
    expect(skipped).toEqual(['container because item']);
  });

  it('keeps each provider to its own concurrency so one slow provider never starves another', async () => {
    const steps = [...Array.from({ length: 6 }, (_, index) => step(`slow${index}`, 'slow', `slow.thing:${index}`)), step('fast', 'fast', 'fast.thing:1')];
    const order: string[] = [];
    await runSchedule(buildSchedule(steps), 2, async ({ step: current }) => {
      await new Promise((resolve) => setTimeout(resolve, current.provider === 'slow' ? 10 : 0));
      order.push(current.actionId);
      return true;
    }, () => undefined);
    expect(order[0]).toBe('fast');
  });
});
