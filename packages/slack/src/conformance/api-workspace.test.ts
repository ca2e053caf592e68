// The API workspace reads, through the public Web API only, what the simulator's own inspect reads in its
// records: the same JSON for every kind of resource, so the cases' checks mean the same in both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { channelRef, messageRef, pinRef, reactionRef, scheduledRef } from '../resources.js';
import { hiddenMarker } from '../marker.js';
import { createSlackSimulator, type SlackSimulator } from '../simulator/index.js';
import { inspectResource } from '../test-support.js';
import { apiWorkspace } from './api-workspace.js';

const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
let simulator: SlackSimulator;
afterAll(async () => simulator?.close());

beforeAll(async () => {
  simulator = await createSlackSimulator({ clock });
});

describe('the API workspace', () => {
  it('reads messages, reactions, pins, scheduled messages and channels as the simulator inspects them', async () => {
    const { channel, tokens } = simulator.seed;
    const workspace = apiWorkspace({ baseUrl: simulator.apiUrl, channel, agentToken: tokens.agent, humanToken: tokens.human, runId: 'test' });
    const bot = simulator.client(tokens.agent);
    const human = simulator.client(tokens.human);
    const ts = String((await bot.chat.postMessage({ channel, text: 'Deploy finished', attachments: [{ text: 'all green', fallback: 'all green' }] })).ts);
    await bot.chat.update({ channel, ts, text: 'Deploy finished (v2)' });
    const reply = String((await human.chat.postMessage({ channel, thread_ts: ts, text: 'thanks!' })).ts);
    await human.reactions.add({ channel, timestamp: ts, name: 'tada' });
    await bot.pins.add({ channel, timestamp: ts });
    const scheduled = await bot.chat.scheduleMessage({ channel, text: `later${hiddenMarker('k1')}`, post_at: Math.floor(clock.now() / 1000) + 600 });
    const created = String((await bot.conversations.create({ name: 'api-view' })).channel!.id);
    await bot.conversations.archive({ channel: created });

    const resources = [
      messageRef(channel, ts),
      messageRef(channel, reply),
      messageRef(channel, '1600000000.000100'),
      reactionRef(channel, ts, 'tada'),
      reactionRef(channel, ts, 'eyes'),
      pinRef(channel, ts),
      pinRef('C0NOSUCH01', ts),
      scheduledRef(channel, String(scheduled.scheduled_message_id), 'k1'),
      channelRef(channel),
      channelRef(created),
      channelRef('C0NOSUCH01'),
    ];
    for (const resource of resources) expect(await workspace.inspect(resource), `${resource.type} ${resource.id}`).toEqual(inspectResource(simulator, resource));
    expect(await workspace.inspect(messageRef(channel, ts))).toMatchObject({ edited: true, pinned: true, reactions: { tada: [simulator.seed.humanUserId] }, replies: [{ text: 'thanks!' }] });

    // Once its time comes, the scheduled message is the message it became, found by the key in its text.
    clock.advance(3600 * 1000);
    const posted = scheduledRef(channel, String(scheduled.scheduled_message_id), 'k1');
    expect(await workspace.inspect(posted)).toEqual(inspectResource(simulator, posted));
    expect(await workspace.inspect(posted)).toMatchObject({ state: 'posted', user: simulator.seed.botUserId });
  });
});
