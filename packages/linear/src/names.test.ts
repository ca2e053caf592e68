// lookupNames against the simulator: people and a comment's issue named as the workspace holds them (read
// from its state, not through the adapter), in one request for all of them, none for what the adapter
// already knows, and nothing named (without throwing) when Linear fails.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startLinear } from './test-support.js';

let linear: Awaited<ReturnType<typeof startLinear>> | undefined;
afterEach(async () => {
  await linear?.simulator.close();
  linear = undefined;
});

/** A comment a person wrote on the first seeded issue, made through their own client; its id and issue. */
async function personComments(started: NonNullable<typeof linear>) {
  const issueId = started.simulator.seed.issues['ENG-1']!;
  const created = await started.human.createComment({ issueId, body: 'ACME sees this too.' });
  const comment = await created.comment;
  return { commentId: comment!.id, issueId };
}

describe('linear: names for people and a comment\'s issue', () => {
  it('names people and the issue a comment sits on in one request, and asks nothing the second time', async () => {
    linear = await startLinear();
    const { simulator, adapter } = linear;
    const { commentId, issueId } = await personComments(linear);
    const { agent, human } = simulator.seed.users;
    const lookup = {
      resources: [{ provider: 'linear', type: 'comment', id: commentId }, { provider: 'linear', type: 'comment', id: randomUUID() }],
      // A Slack user id and a UUID no one in the workspace has are not named; the rest is.
      people: [human, agent, 'U0NOBODY01', randomUUID()],
    };
    simulator.log.clear();
    const names = await adapter.lookupNames!(lookup);
    expect(Object.fromEntries(names)).toEqual({
      [human]: simulator.state.users.get(human)!.name,
      [agent]: simulator.state.users.get(agent)!.name,
      [issueId]: simulator.state.identifier(simulator.state.issues.get(issueId)!),
    });
    expect(simulator.log.entries().map((entry) => entry.path)).toEqual(['/graphql']);

    simulator.log.clear();
    expect(await adapter.lookupNames!(lookup)).toEqual(names);
    expect(simulator.log.entries()).toEqual([]);

    // What describe prints with them: the comment on its issue, by identifier.
    const comment = { provider: 'linear', type: 'comment', id: commentId };
    expect(adapter.describe!(comment, { body: 'ACME sees this too.', issueId }, names).label).toBe(`comment "ACME sees this too." on ${names.get(issueId)}`);
  });

  it('gives no names and does not throw when Linear fails, and asks again next time', async () => {
    linear = await startLinear();
    const { simulator, adapter } = linear;
    const { human } = simulator.seed.users;
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 503, times: 1 });
    const failed = await adapter.lookupNames!({ people: [human] });
    expect(failed.size).toBe(0);
    // A failure is not remembered: the next command asks again, and is answered.
    simulator.log.clear();
    expect(Object.fromEntries(await adapter.lookupNames!({ people: [human] }))).toEqual({ [human]: simulator.state.users.get(human)!.name });
    expect(simulator.log.entries()).toHaveLength(1);
  });
});
