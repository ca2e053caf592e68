// lookupNames against the simulator: people and the page whose contents a `children` resource is, named
// as the workspace holds them (read from its state, not through the adapter), one request per id, none
// for what the adapter already knows, and nothing named (without throwing) when Notion fails.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectPage } from './simulator/index.js';
import { createTestbed, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed | undefined;
afterEach(async () => {
  await testbed?.close();
  testbed = undefined;
});

describe('notion: names for people and pages', () => {
  it('names each person and page once (users.retrieve, pages.retrieve), and asks nothing the second time', async () => {
    testbed = await createTestbed();
    const { simulator, adapter } = testbed;
    const { human, owner } = simulator.users;
    const pageId = simulator.seed.parentPageId;
    const lookup = {
      // A page not shared with the integration keeps its id.
      resources: [{ provider: 'notion', type: 'children', id: pageId }, { provider: 'notion', type: 'children', id: simulator.seed.unsharedPageId }],
      // A Slack user id and a UUID no one in the workspace has are not named; the rest is.
      people: [human, owner, 'U0NOBODY01', randomUUID()],
    };
    simulator.log.clear();
    const names = await adapter.lookupNames!(lookup);
    const title = (inspectPage(simulator.inspect(), pageId) as { title: string }).title;
    expect(title).not.toBe('');
    expect(Object.fromEntries(names)).toEqual({ [human]: simulator.members.get(human)!.name, [owner]: simulator.members.get(owner)!.name, [pageId]: title });
    const asked = simulator.log.entries().map((entry) => entry.path.replace(/[0-9a-f-]{36}$/, ':id')).sort();
    expect(asked).toEqual(['/v1/pages/:id', '/v1/pages/:id', '/v1/users/:id', '/v1/users/:id', '/v1/users/:id']);

    simulator.log.clear();
    expect(await adapter.lookupNames!(lookup)).toEqual(names);
    expect(simulator.log.entries()).toEqual([]);

    // What describe prints with them: the page's contents by its title.
    expect(adapter.describe!(lookup.resources[0]!, null, names).label).toBe(`the contents of page "${title}"`);
  });

  it('gives no names and does not throw when Notion fails, and asks again next time', async () => {
    testbed = await createTestbed();
    const { simulator, adapter } = testbed;
    const { human } = simulator.users;
    simulator.faults.inject({ method: 'GET', path: '/v1/users/:user_id', kind: 'server-error', status: 503, times: 1 });
    expect((await adapter.lookupNames!({ people: [human] })).size).toBe(0);
    // A failure is not remembered: the next command asks again, and is answered.
    simulator.log.clear();
    expect(Object.fromEntries(await adapter.lookupNames!({ people: [human] }))).toEqual({ [human]: simulator.members.get(human)!.name });
    expect(simulator.log.entries()).toHaveLength(1);
  });
});
