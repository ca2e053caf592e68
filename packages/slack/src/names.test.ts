// lookupNames against the simulator: channels and people named as the workspace holds them (read from
// its state, not through the adapter), one request per id, none for what the adapter already knows.
import { afterEach, describe, expect, it } from 'vitest';
import { channelRef, messageRef, pinRef, reactionRef } from './resources.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('slack: names for channels and people', () => {
  it('names each channel and person once (conversations.info, users.info), and asks nothing the second time', async () => {
    const { simulator, adapter } = await startSlack();
    open.push(simulator);
    const { channel, privateChannel, humanUserId } = simulator.seed;
    const general = simulator.workspace.channels.get(channel)!.name;
    const team = simulator.workspace.channels.get(privateChannel)!.name;
    const dana = simulator.workspace.members.get(humanUserId)!.realName;
    const lookup = {
      resources: [messageRef(channel, '1700000000.000100'), reactionRef(channel, '1700000000.000100', 'eyes'), pinRef(privateChannel, '1700000000.000200'), channelRef(privateChannel)],
      // A GitHub login and an unknown Slack id are not named; the rest is.
      people: [humanUserId, 'octocat', 'U0NOBODY01'],
    };
    simulator.log.clear();
    const names = await adapter.lookupNames!(lookup);
    expect(Object.fromEntries(names)).toEqual({ [channel]: `#${general}`, [privateChannel]: `#${team}`, [humanUserId]: dana });
    const asked = simulator.log.entries().map((entry) => entry.path).sort();
    expect(asked).toEqual(['/api/conversations.info', '/api/conversations.info', '/api/users.info', '/api/users.info']);

    simulator.log.clear();
    expect(await adapter.lookupNames!(lookup)).toEqual(names);
    expect(simulator.log.entries()).toEqual([]);
  });

  it('names a message by its channel name once looked up, and leaves the id where the lookup failed', async () => {
    const { simulator, adapter } = await startSlack();
    open.push(simulator);
    const { channel } = simulator.seed;
    const message = messageRef(channel, '1700000000.000100');
    simulator.faults.inject({ method: 'POST', path: '/api/conversations.info', kind: 'server-error', status: 503, times: 1 });
    const failed = await adapter.lookupNames!({ resources: [message] });
    expect(failed.size).toBe(0);
    expect(adapter.describe!(message, { text: 'Deploy done' }, failed).label).toBe(`message "Deploy done" in ${channel} at 1700000000.000100`);
    // A failure is not remembered: the next command asks again.
    const named = await adapter.lookupNames!({ resources: [message] });
    expect(adapter.describe!(message, { text: 'Deploy done' }, named).label).toBe(`message "Deploy done" in #${simulator.workspace.channels.get(channel)!.name} at 1700000000.000100`);
  });
});
