// Asana's documented limits in the simulator: 150 requests a minute per token (free tier), each action
// of a batch counted as a request, and at most 15 writes in flight per token; answered with 429,
// Retry-After and Asana's error body.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderError } from '@backspace/core';
import { createManualClock, type ManualClock } from '@backspace/testkit';
import { AsanaClient, type BatchAction } from '../client.js';
import { createAsanaSimulator, type AsanaSimulator } from './create-simulator.js';

describe('Asana’s limits', () => {
  let simulator: AsanaSimulator;
  let clock: ManualClock;
  afterEach(() => simulator?.close());

  const clientFor = (token: string) => new AsanaClient({ token, basePath: simulator.basePath });

  it('answers the 151st request of a minute with 429 and Retry-After, per token, and lets requests through after the window', async () => {
    clock = createManualClock();
    simulator = await createAsanaSimulator({ clock });
    const agent = clientFor(simulator.tokens.agent);
    const gid = simulator.seed.taskGids[0]!;
    for (let count = 0; count < 150; count += 1) await agent.call('getTask', false, () => agent.tasks.getTask(gid, { opt_fields: 'name' }));
    clock.advance(20_000);
    const error = await agent.call('getTask', false, () => agent.tasks.getTask(gid, { opt_fields: 'name' })).catch((caught: unknown) => caught as ProviderError);
    expect(error).toMatchObject({ status: 429, providerCode: 'rate_limited', isRetryable: true, outcomeUnknown: false, retryAfterMs: 40_000 });
    expect((error.details.asanaErrors as string[])[0]).toContain('too many requests');

    const human = clientFor(simulator.tokens.human);
    await expect(human.findTask(gid), 'another token has its own budget').resolves.toMatchObject({ gid });
    clock.advance(40_000);
    await expect(agent.findTask(gid)).resolves.toMatchObject({ gid });
  });

  it('counts every action of a batch as a request (the batch itself costs nothing), and refuses a batch the limit cannot take whole', async () => {
    clock = createManualClock();
    simulator = await createAsanaSimulator({ clock, requestsPerMinute: 12 });
    const agent = clientFor(simulator.tokens.agent);
    const gid = simulator.seed.taskGids[0]!;
    const name = simulator.task(gid)!.name;
    const read: BatchAction = { method: 'get', relative_path: `/tasks/${gid}`, options: { fields: ['name'] } };
    const results = await agent.batch(Array.from({ length: 10 }, () => read));
    expect(results.map((result) => result.status_code)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(simulator.log.entries(), 'one HTTP request').toHaveLength(1);

    // Two requests left this minute: a batch of three is refused whole, its write included.
    const rename: BatchAction = { method: 'put', relative_path: `/tasks/${gid}`, data: { name: 'Renamed in a batch' } };
    const error = await agent.batch([read, read, rename]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, providerCode: 'rate_limited', retryAfterMs: 60_000, outcomeUnknown: false });
    expect(simulator.task(gid)!.name).toBe(name);
    await expect(agent.findTask(gid), 'the refused batch spent nothing').resolves.toMatchObject({ gid });
    await expect(agent.findTask(gid)).resolves.toMatchObject({ gid });
    await expect(agent.findTask(gid)).rejects.toMatchObject({ status: 429 });
  });

  it('refuses a 16th concurrent write from one token with 429 while fifteen are in flight', async () => {
    clock = createManualClock();
    simulator = await createAsanaSimulator({ clock, writeLatencyMs: 1_000, requestsPerMinute: false });
    const agent = clientFor(simulator.tokens.agent);
    const gids = simulator.seed.taskGids;
    const fifteen = gids.slice(0, 15).map((gid) => agent.call('updateTask', true, () => agent.tasks.updateTask({ data: { completed: true } }, gid, { opt_fields: 'completed' })));
    while (clock.sleepers() < 15) await new Promise((resolve) => setTimeout(resolve, 5));
    const sixteenth = await agent.call('updateTask', true, () => agent.tasks.updateTask({ data: { completed: true } }, gids[15]!, {})).catch((caught) => caught);
    expect(sixteenth).toMatchObject({ status: 429, retryAfterMs: 1_000, isRetryable: true });
    expect(simulator.task(gids[15]!)!.completed).toBe(false);
    clock.advance(1_000);
    const done = await Promise.all(fifteen);
    expect(done.every((task) => (task as { completed: boolean }).completed)).toBe(true);
  });
});
