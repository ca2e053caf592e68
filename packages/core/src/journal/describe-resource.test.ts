// lookUpNames: each adapter asked once for its own resources and the people; one that fails or hangs
// gives no names (its ids stay), and never holds up or fails the others.
import { describe, expect, it } from 'vitest';
import type { Adapter, NameLookup } from '../contract/adapter.js';
import { describeResource, lookUpNames } from './describe-resource.js';

function namingAdapter(provider: string, lookupNames: (lookup: NameLookup) => Promise<Map<string, string>>): Adapter {
  return {
    provider,
    client: null,
    actions: [],
    read: async () => null,
    compensations: {},
    lookupNames,
    describe: (resource, _snapshot, names) => ({ label: `thing in ${names?.get(resource.id.split('/')[0]!) ?? resource.id.split('/')[0]}` }),
  };
}

describe('lookUpNames', () => {
  it('asks each adapter once with its own resources and every person, and keeps names apart by provider', async () => {
    const asked: Record<string, NameLookup[]> = { chat: [], tracker: [] };
    const chat = namingAdapter('chat', async (lookup) => (asked.chat!.push(lookup), new Map([['C1', '#ops'], ['U1', 'Dana']])));
    const tracker = namingAdapter('tracker', async (lookup) => (asked.tracker!.push(lookup), new Map([['C1', 'Project One']])));
    const names = await lookUpNames([chat, tracker], { resources: ['chat.message:C1/1.2', 'tracker.item:C1/7', 'not a key'], people: ['U1', 'U1'] });
    expect(asked.chat).toEqual([{ resources: [{ provider: 'chat', type: 'message', id: 'C1/1.2' }], people: ['U1'] }]);
    expect(asked.tracker).toEqual([{ resources: [{ provider: 'tracker', type: 'item', id: 'C1/7' }], people: ['U1'] }]);
    expect(describeResource([chat, tracker], 'chat.message:C1/1.2', null, names)?.label).toBe('thing in #ops');
    expect(describeResource([chat, tracker], 'tracker.item:C1/7', null, names)?.label).toBe('thing in Project One');
  });

  it('gives no names for an adapter that fails, throws or takes too long, and the others still name theirs', async () => {
    const failing = namingAdapter('failing', () => Promise.reject(new Error('503')));
    const throwing = namingAdapter('throwing', () => {
      throw new Error('bad');
    });
    const hanging = namingAdapter('hanging', () => new Promise(() => undefined));
    const working = namingAdapter('working', async () => new Map([['C1', '#ops']]));
    const started = Date.now();
    const names = await lookUpNames([failing, throwing, hanging, working], { resources: ['failing.x:C1', 'throwing.x:C1', 'hanging.x:C1', 'working.x:C1'] }, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([...names.keys()]).toEqual(['working']);
    expect(describeResource([hanging], 'hanging.x:C1/2', null, names)?.label).toBe('thing in C1');
  });
});
