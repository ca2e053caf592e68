// Inverses declared beside their actions, and the builders that fill in what the action already knows.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compensationOperations, type Adapter, type CompensationOperation } from './adapter.js';
import { defineAction } from './action.js';
import { guardedUndo, restoreFields } from './compensation.js';
import { ActionRegistry } from '../runtime/registry.js';
import { callSignal } from './call-signal.js';

const args = { input: {}, result: undefined, pre: { title: 'Old', body: 'b' }, post: { title: 'New', body: 'b' }, resource: { provider: 'acme', type: 'item', id: 'it_1' }, now: 0 };
const operation = (name: string): CompensationOperation => ({ input: z.object({ id: z.string() }).strict(), run: async () => ({ observed: { name } }) });

function adapterWith(actions: { name: string; inverses?: Record<string, CompensationOperation> }[], compensations?: Record<string, CompensationOperation>): Adapter {
  return {
    provider: 'acme',
    client: null,
    actions: actions.map(({ name, inverses }) => defineAction({ name, reversibility: 'reversible', description: name, input: z.object({}), execute: async () => ({}), resource: () => args.resource, compensation: () => null, ...(inverses ? { inverses } : {}) })),
    read: async () => null,
    ...(compensations ? { compensations } : {}),
  };
}

describe('restoreFields and guardedUndo', () => {
  it('fill the resource, pre- and post-state from the action, and what a restore expects from the pre-state', () => {
    expect(restoreFields(args, { operation: 'acme.item.restore', input: { id: 'it_1' }, fields: ['title'], description: 'restore title' })).toEqual({
      operation: 'acme.item.restore',
      input: { id: 'it_1' },
      fields: ['title'],
      description: 'restore title',
      strategy: 'restore-fields',
      resource: args.resource,
      pre: args.pre,
      post: args.post,
      expect: { fields: { title: 'Old' } },
    });
    const other = { provider: 'acme', type: 'list', id: 'l_1' };
    expect(guardedUndo(args, { operation: 'acme.item.delete', input: { id: 'it_1' }, fields: ['title'], expect: { absent: true }, description: 'delete', resource: other })).toMatchObject({ strategy: 'guarded', resource: other, pre: args.pre, post: args.post, expect: { absent: true } });
  });
});

describe('compensationOperations', () => {
  it('offers the inverses declared beside actions with the adapter\'s own, which win', async () => {
    const beside = operation('beside');
    const rebound = operation('rebound');
    const adapter = adapterWith([{ name: 'acme.item.create', inverses: { 'acme.item.delete': beside, 'acme.item.archive': beside } }], { 'acme.item.archive': rebound });
    const operations = compensationOperations(adapter);
    expect(Object.keys(operations).sort()).toEqual(['acme.item.archive', 'acme.item.delete']);
    const context = { client: null, idempotencyKey: 'k', clock: { now: () => 0, sleep: async () => undefined } };
    expect(await operations['acme.item.delete']!.run({ id: 'it_1' }, context)).toEqual({ observed: { name: 'beside' } });
    expect(await operations['acme.item.archive']!.run({ id: 'it_1' }, context)).toEqual({ observed: { name: 'rebound' } });
    expect(operations['acme.item.archive']!.input).toBe(rebound.input);
  });

  it('runs each under its context\'s signal, which a request hook reads as the running call\'s', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const hooked: CompensationOperation = { run: async () => void seen.push(callSignal()) };
    const operations = compensationOperations(adapterWith([{ name: 'acme.item.create', inverses: { 'acme.item.delete': hooked } }]));
    const stop = new AbortController();
    await operations['acme.item.delete']!.run({}, { client: null, idempotencyKey: 'k', clock: { now: () => 0, sleep: async () => undefined }, signal: stop.signal });
    await operations['acme.item.delete']!.run({}, { client: null, idempotencyKey: 'k', clock: { now: () => 0, sleep: async () => undefined } });
    expect(seen).toEqual([stop.signal, undefined]);
  });

  it('refuses one name declared differently by two actions, when the adapter is registered', () => {
    const adapter = adapterWith([
      { name: 'acme.item.create', inverses: { 'acme.item.delete': operation('one') } },
      { name: 'acme.item.copy', inverses: { 'acme.item.delete': operation('two') } },
    ]);
    expect(() => new ActionRegistry([adapter])).toThrow(/"acme\.item\.delete" is declared by both acme\.item\.create and acme\.item\.copy/);
  });
});
