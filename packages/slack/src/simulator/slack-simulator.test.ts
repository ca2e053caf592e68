// The simulator behaves as the Web API does: bodies, tokens, permissions, rate tiers, the clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { createSlackSimulator, type SlackSimulator } from './index.js';

let simulator: SlackSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${simulator!.url}/api/${path}`, { method: 'POST', body, headers });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
}

describe('the Slack simulator', () => {
  it('takes form and JSON bodies, and answers failures with HTTP 200 and ok: false', async () => {
    simulator = await createSlackSimulator();
    const { agent } = simulator.seed.tokens;
    const form = await post('chat.postMessage', new URLSearchParams({ channel: simulator.seed.channel, text: 'form', token: agent }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const json = await post('chat.postMessage', JSON.stringify({ channel: simulator.seed.channel, text: 'json' }), { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${agent}` });
    const missing = await post('chat.postMessage', JSON.stringify({ channel: 'C0NOSUCH01', text: 'x' }), { 'content-type': 'application/json', authorization: `Bearer ${agent}` });
    const anonymous = await post('chat.postMessage', 'channel=C1&text=x', { 'content-type': 'application/x-www-form-urlencoded' });

    expect(form.body).toMatchObject({ ok: true, message: { text: 'form', bot_id: expect.any(String) } });
    expect(json.body).toMatchObject({ ok: true, message: { text: 'json' } });
    expect(missing).toMatchObject({ status: 200, body: { ok: false, error: 'channel_not_found' } });
    expect(anonymous.body).toEqual({ ok: false, error: 'not_authed' });
  });

  it('names members through users.info (handle, real name, bot or not) and refuses an unknown id with user_not_found', async () => {
    simulator = await createSlackSimulator();
    const bot = simulator.client(simulator.seed.tokens.agent);
    const dana = await bot.users.info({ user: simulator.seed.humanUserId });
    expect(dana.user).toMatchObject({ id: simulator.seed.humanUserId, name: 'dana', real_name: 'Dana Whitfield', is_bot: false, profile: { real_name: 'Dana Whitfield' } });
    const agent = await bot.users.info({ user: simulator.seed.botUserId });
    expect(agent.user).toMatchObject({ is_bot: true, profile: { bot_id: expect.stringMatching(/^B/) } });
    await expect(bot.users.info({ user: 'U0NOBODY01' })).rejects.toMatchObject({ data: { ok: false, error: 'user_not_found' } });
  });

  it('tells bot tokens from user tokens, and lets each edit only its own messages', async () => {
    simulator = await createSlackSimulator();
    const bot = simulator.client(simulator.seed.tokens.agent);
    const human = simulator.client();
    const fromHuman = await human.chat.postMessage({ channel: simulator.seed.channel, text: 'mine' });
    const fromBot = await bot.chat.postMessage({ channel: simulator.seed.channel, text: 'the bot’s' });

    expect(fromHuman.message?.bot_id).toBeUndefined();
    expect(fromBot.message?.bot_id).toMatch(/^B/);
    await expect(bot.chat.update({ channel: simulator.seed.channel, ts: fromHuman.ts!, text: 'x' })).rejects.toMatchObject({ data: { error: 'cant_update_message' } });
    await expect(human.chat.delete({ channel: simulator.seed.channel, ts: fromBot.ts! })).rejects.toMatchObject({ data: { error: 'cant_delete_message' } });
    await expect(simulator.client('sk-live-nonsense').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('limits conversations.create to Tier 2 (20 a minute) with 429 and Retry-After', async () => {
    const clock = createManualClock();
    simulator = await createSlackSimulator({ clock });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${simulator.seed.tokens.agent}` };
    for (let index = 0; index < 20; index += 1) {
      expect((await post('conversations.create', JSON.stringify({ name: `room-${index}` }), headers)).body.ok).toBe(true);
    }
    const limited = await post('conversations.create', JSON.stringify({ name: 'room-20' }), headers);
    expect(limited).toMatchObject({ status: 429, retryAfter: '60', body: { ok: false, error: 'ratelimited' } });
    clock.advance(60_000);
    expect((await post('conversations.create', JSON.stringify({ name: 'room-20' }), headers)).body.ok).toBe(true);
  });

  it('limits chat.postMessage per channel, so another channel is not held up', async () => {
    simulator = await createSlackSimulator({ clock: createManualClock() });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${simulator.seed.tokens.agent}` };
    const statuses = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await post('chat.postMessage', JSON.stringify({ channel: simulator.seed.channel, text: `n${index}` }), headers)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await post('chat.postMessage', JSON.stringify({ channel: simulator.seed.privateChannel, text: 'elsewhere' }), headers)).status).toBe(200);
  });

  it('limits Tier 3 methods to 50 a minute each', async () => {
    simulator = await createSlackSimulator({ clock: createManualClock() });
    const bot = simulator.client(simulator.seed.tokens.agent);
    const ts = (await bot.chat.postMessage({ channel: simulator.seed.channel, text: 'v0' })).ts!;
    for (let index = 1; index <= 50; index += 1) await bot.chat.update({ channel: simulator.seed.channel, ts, text: `v${index}` });
    await expect(bot.chat.update({ channel: simulator.seed.channel, ts, text: 'v51' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 60 });
    await expect(bot.reactions.add({ channel: simulator.seed.channel, timestamp: ts, name: 'ok' })).resolves.toMatchObject({ ok: true });
  });

  it('posts a scheduled message when its time comes on the simulator clock', async () => {
    const clock = createManualClock(Date.UTC(2026, 2, 1));
    simulator = await createSlackSimulator({ clock });
    const bot = simulator.client(simulator.seed.tokens.agent);
    const postAt = Math.floor(clock.now() / 1000) + 60;
    const scheduled = await bot.chat.scheduleMessage({ channel: simulator.seed.channel, text: 'tick', post_at: postAt });
    expect((await bot.chat.scheduledMessages.list({ channel: simulator.seed.channel })).scheduled_messages).toHaveLength(1);

    clock.advance(61_000);

    expect((await bot.chat.scheduledMessages.list({ channel: simulator.seed.channel })).scheduled_messages).toEqual([]);
    const history = await bot.conversations.history({ channel: simulator.seed.channel, limit: 1 });
    expect(history.messages![0]).toMatchObject({ text: 'tick', user: simulator.seed.botUserId });
    await expect(bot.chat.deleteScheduledMessage({ channel: simulator.seed.channel, scheduled_message_id: scheduled.scheduled_message_id! })).rejects.toMatchObject({ data: { error: 'invalid_scheduled_message_id' } });
  });

  it('gives a non-Marketplace app one history and one replies request a minute, 15 messages each, and people their client as before', async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    simulator = await createSlackSimulator({ clock, appKind: 'non-marketplace' });
    const { channel } = simulator.seed;
    const bot = simulator.client(simulator.seed.tokens.agent);
    const person = simulator.client();
    for (let count = 0; count < 30; count += 1) {
      clock.advance(1_000);
      await person.chat.postMessage({ channel, text: `message ${count}` });
    }

    const first = await bot.conversations.history({ channel, limit: 200 });
    expect(first.messages).toHaveLength(15);
    expect(first.has_more).toBe(true);
    await expect(bot.conversations.history({ channel, cursor: first.response_metadata!.next_cursor! })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 60 });
    // Each method has its own budget; a person's own client is not an app.
    expect((await bot.conversations.replies({ channel, ts: first.messages![0]!.ts! })).messages).toHaveLength(1);
    await expect(bot.conversations.replies({ channel, ts: first.messages![0]!.ts! })).rejects.toMatchObject({ retryAfter: 60 });
    expect((await person.conversations.history({ channel, limit: 200 })).messages).toHaveLength(32);

    clock.advance(60_000);
    const second = await bot.conversations.history({ channel, cursor: first.response_metadata!.next_cursor! });
    expect(second.messages).toHaveLength(15);
    expect(simulator.stats.rateLimited).toBe(2);
  });

  it('keeps Tier 3 (50 a minute) and pages of up to 999 for Marketplace and internal apps', async () => {
    for (const appKind of ['marketplace', 'internal'] as const) {
      await simulator?.close();
      const clock = createManualClock(Date.UTC(2026, 3, 1));
      simulator = await createSlackSimulator({ clock, appKind });
      const { channel } = simulator.seed;
      const bot = simulator.client(simulator.seed.tokens.agent);
      for (let count = 0; count < 20; count += 1) {
        clock.advance(1_000);
        await simulator.client().chat.postMessage({ channel, text: `message ${count}` });
      }
      for (let count = 0; count < 49; count += 1) await bot.conversations.history({ channel, limit: 1 });
      expect((await bot.conversations.history({ channel, limit: 200 })).messages).toHaveLength(22);
      await expect(bot.conversations.history({ channel })).rejects.toMatchObject({ retryAfter: 60 });
    }
  });
});
