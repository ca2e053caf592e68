// The simulator keeps reactions as Slack does: under the emoji's canonical short name, whichever of its
// names was given (`thumbsup` is listed as `+1`), a skin tone kept after it as its own reaction. The names
// below are spelled out, not taken from the adapter's alias table, so a wrong table fails here.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './index.js';

let simulator: SlackSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function aMessage(options: SlackSimulatorOptions = {}) {
  simulator = await createSlackSimulator(options);
  const channel = simulator.seed.channel;
  const timestamp = simulator.workspace.channels.get(channel)!.timeline[0]!;
  return { simulator, channel, timestamp, bot: simulator.client(simulator.seed.tokens.agent), dana: simulator.client() };
}

describe('reaction names in the simulator', () => {
  it('lists a reaction added by an alias under the canonical name, in reactions.get and conversations.history alike', async () => {
    const { simulator, channel, timestamp, bot, dana } = await aMessage();
    await bot.reactions.add({ channel, timestamp, name: 'thumbsup' });
    await dana.reactions.add({ channel, timestamp, name: '+1' });
    await dana.reactions.add({ channel, timestamp, name: 'thumbsdown' });

    const got = await dana.reactions.get({ channel, timestamp, full: true });
    expect(got.message?.reactions).toEqual([
      { name: '+1', users: [simulator.seed.botUserId, simulator.seed.humanUserId], count: 2 },
      { name: '-1', users: [simulator.seed.humanUserId], count: 1 },
    ]);
    const history = await dana.conversations.history({ channel, latest: timestamp, inclusive: true, limit: 1 });
    expect(history.messages?.[0]?.reactions?.map((reaction) => reaction.name)).toEqual(['+1', '-1']);
  });

  it('answers already_reacted to an alias of the user’s own reaction, and removes it by any of its names', async () => {
    const { channel, timestamp, bot } = await aMessage();
    await bot.reactions.add({ channel, timestamp, name: '+1' });

    await expect(bot.reactions.add({ channel, timestamp, name: 'thumbsup' })).rejects.toMatchObject({ data: { error: 'already_reacted' } });
    await bot.reactions.remove({ channel, timestamp, name: 'thumbsup' });
    expect((await bot.reactions.get({ channel, timestamp })).message?.reactions).toBeUndefined();
    await expect(bot.reactions.remove({ channel, timestamp, name: '+1' })).rejects.toMatchObject({ data: { error: 'no_reaction' } });
  });

  it('keeps a skin tone after the canonical name, as a reaction of its own', async () => {
    const { simulator, channel, timestamp, bot, dana } = await aMessage();
    await bot.reactions.add({ channel, timestamp, name: 'thumbsup::skin-tone-6' });
    await dana.reactions.add({ channel, timestamp, name: 'thumbsup' });

    await expect(bot.reactions.add({ channel, timestamp, name: '+1::skin-tone-6' })).rejects.toMatchObject({ data: { error: 'already_reacted' } });
    await expect(bot.reactions.add({ channel, timestamp, name: 'thumbsup::skin-tone-9' })).rejects.toMatchObject({ data: { error: 'invalid_name' } });
    const got = await dana.reactions.get({ channel, timestamp });
    expect(got.message?.reactions).toEqual([
      { name: '+1::skin-tone-6', users: [simulator.seed.botUserId], count: 1 },
      { name: '+1', users: [simulator.seed.humanUserId], count: 1 },
    ]);
  });

  const PARROT = 'https://emoji.slack-edge.com/T0BACKSPC1/partyparrot/1a2b3c.gif';
  const customEmoji = { partyparrot: PARROT, pp: 'alias:partyparrot', ppp: 'alias:pp', yes: 'alias:thumbsup' };

  it('lists the workspace’s own emoji (emoji.list), and keeps a reaction by one of its aliases under the emoji it stands for', async () => {
    const { simulator, channel, timestamp, bot, dana } = await aMessage({ customEmoji });
    expect((await bot.emoji.list()).emoji).toEqual(customEmoji);
    await bot.reactions.add({ channel, timestamp, name: 'pp' });
    await dana.reactions.add({ channel, timestamp, name: 'ppp' });
    await dana.reactions.add({ channel, timestamp, name: 'yes' });

    await expect(bot.reactions.add({ channel, timestamp, name: 'partyparrot' })).rejects.toMatchObject({ data: { error: 'already_reacted' } });
    expect((await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions).toEqual([
      { name: 'partyparrot', users: [simulator.seed.botUserId, simulator.seed.humanUserId], count: 2 },
      { name: '+1', users: [simulator.seed.humanUserId], count: 1 },
    ]);
    await bot.reactions.remove({ channel, timestamp, name: 'ppp' });
    expect((await dana.reactions.get({ channel, timestamp })).message?.reactions?.[0]).toEqual({ name: 'partyparrot', users: [simulator.seed.humanUserId], count: 1 });
  });

  it('refuses emoji.list to a bot without emoji:read, naming the scope', async () => {
    const { bot, dana } = await aMessage({ customEmoji, withheldScopes: ['emoji:read'] });
    await expect(bot.emoji.list()).rejects.toMatchObject({ data: { ok: false, error: 'missing_scope', needed: 'emoji:read' } });
    expect((await dana.emoji.list()).emoji).toEqual(customEmoji);
  });
});
