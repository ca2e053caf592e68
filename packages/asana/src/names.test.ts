// lookupNames against the simulator: people and a comment's task named as the workspace holds them (read
// from its state, not through the adapter), one users.getUser per person and one batch for the comments,
// none for what the adapter already knows, and nothing named (without throwing) when Asana fails.
import { afterEach, describe, expect, it } from 'vitest';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

const personName = (environment: AsanaTestEnvironment, gid: string) => environment.simulator.store.state.users.find((user) => user.gid === gid)!.name;

describe('asana: names for people and a comment\'s task', () => {
  it('names people and the task a comment sits on, and asks nothing the second time', async () => {
    environment = await startAsanaEnvironment();
    const { simulator, adapter, human } = environment;
    const taskGid = simulator.seed.taskGids[0]!;
    const comment = await human.call<{ gid: string }>('createStoryForTask', true, () => human.stories.createStoryForTask({ data: { text: 'Shipped on Friday.' } }, taskGid, {}));
    const { human: person, teammate } = simulator.seed.users;
    const lookup = {
      resources: [{ provider: 'asana', type: 'story', id: comment.gid }],
      // A Slack user id, a bare gid (not how actors() names people) and a gid no one has are not named.
      people: [`asana:user:${person}`, `asana:user:${teammate}`, 'U0NOBODY01', person, 'asana:user:9999999999999'],
    };
    simulator.log.clear();
    const names = await adapter.lookupNames!(lookup);
    expect(Object.fromEntries(names)).toEqual({
      [`asana:user:${person}`]: personName(environment, person),
      [`asana:user:${teammate}`]: personName(environment, teammate),
      [taskGid]: simulator.task(taskGid)!.name,
    });
    const asked = simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`).sort();
    expect(asked).toEqual(['GET /api/1.0/users/9999999999999', `GET /api/1.0/users/${person}`, `GET /api/1.0/users/${teammate}`, 'POST /api/1.0/batch'].sort());

    simulator.log.clear();
    expect(await adapter.lookupNames!(lookup)).toEqual(names);
    expect(simulator.log.entries()).toEqual([]);

    // What describe prints with them: the comment on its task, by name.
    expect(adapter.describe!(lookup.resources[0]!, { text: 'Shipped on Friday.', task: taskGid }, names).label).toBe(`comment "Shipped on Friday." on task "${simulator.task(taskGid)!.name}"`);
  });

  it('gives no names and does not throw when Asana fails, and asks again next time', async () => {
    environment = await startAsanaEnvironment();
    const { simulator, adapter } = environment;
    const person = `asana:user:${simulator.seed.users.human}`;
    simulator.faults.inject({ method: 'GET', path: '/api/1.0/users/:user_gid', kind: 'server-error', status: 503, times: 1 });
    expect((await adapter.lookupNames!({ people: [person] })).size).toBe(0);
    // A failure is not remembered: the next command asks again, and is answered.
    simulator.log.clear();
    expect(Object.fromEntries(await adapter.lookupNames!({ people: [person] }))).toEqual({ [person]: personName(environment, simulator.seed.users.human) });
    expect(simulator.log.entries()).toHaveLength(1);
  });
});
