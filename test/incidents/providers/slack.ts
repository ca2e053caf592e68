// Slack: channels, topics, messages and thread replies, scheduled messages, edits, deletes, pins and
// reactions; a person on the official WebClient.
import { createSlackAdapter, keyInText } from '@backspace/slack';
import { createSlackSimulator } from '@backspace/slack/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';
import { visibleText, type ProviderKit } from './types.js';

const WRITE_METHODS = /^\/api\/(chat\.(postMessage|update|delete|scheduleMessage|deleteScheduledMessage)|reactions\.(add|remove)|pins\.(add|remove)|conversations\.(create|archive|unarchive|setTopic|setPurpose|rename|invite|join|kick|leave))$/;
const EMOJI = ['eyes', 'tada', 'white_check_mark'];
/**
 * Now and then (drawn apart, so earlier seeds replay as they were) a 👍 instead, spelled as Slack lists it
 * or by its alias: Slack keeps a `thumbsup` as `+1`, and an agent's is undone whichever name it used.
 */
const thumbsUp = (rng: Rng, label: number, tag: string, name: string): string => {
  const apart = rng.apart(label, tag);
  return apart.chance(0.3) ? apart.pick(['thumbsup', '+1', 'thumbsup::skin-tone-3']) : name;
};

/** The workspace's own emoji: a custom one, its alias, and an alias of that alias (Slack lists all three as `partyparrot`). */
const CUSTOM_EMOJI = { partyparrot: 'https://emoji.slack-edge.com/T0BACKSPC1/partyparrot/1a2b3c.gif', pp: 'alias:partyparrot', party: 'alias:pp' };
/** Seeds found before reactions by the workspace's own emoji were drawn: they replay as they were. */
const FOUND_BEFORE_CUSTOM_EMOJI = new Set(REGRESSION_SEEDS.slack!.filter(({ customEmoji }) => !customEmoji).map(({ seed }) => seed));
/** Now and then (drawn apart again) the workspace's party parrot instead, by any of its three names. */
const orParrot = (rng: Rng, label: number, tag: string, name: string): string => {
  const apart = rng.apart(label, tag);
  return !FOUND_BEFORE_CUSTOM_EMOJI.has(rng.seed) && apart.chance(0.2) ? apart.pick(Object.keys(CUSTOM_EMOJI)) : name;
};

export const slackKit: ProviderKit = {
  provider: 'slack',
  async start(clock) {
    const simulator = await createSlackSimulator({ clock, customEmoji: CUSTOM_EMOJI });
    const { workspace, seed } = simulator;
    const person = simulator.client(seed.tokens.human);
    const botId = seed.botUserId;
    const open = (memberId: string) => [...workspace.channels.values()].filter((channel) => !channel.isArchived && channel.members.has(memberId));
    const messagesIn = (channel: string) => [...workspace.messages.values()].filter((message) => message.channel === channel && !message.tombstone);
    const topLevel = (channel: string) => messagesIn(channel).filter((message) => !message.threadTs || message.threadTs === message.ts);
    let scheduledJustNow = false;

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const channel = rng.pick(open(botId)).id;
      const top = topLevel(channel);
      const mine = [...workspace.messages.values()].filter((message) => message.user === botId && !message.tombstone && open(botId).some((candidate) => candidate.id === message.channel));
      switch (action) {
        case 'slack.channel.create':
          return { name: `${tag}-room` };
        case 'slack.channel.topic.set':
          return { channel, topic: `${tag} topic` };
        case 'slack.message.post':
          return { channel, text: `${tag} message`, ...(top.length && rng.chance(0.35) ? { thread_ts: rng.pick(top).ts } : {}) };
        case 'slack.message.schedule': {
          const soon = rng.chance(0.5);
          scheduledJustNow = soon;
          return { channel, text: `${tag} scheduled`, post_at: Math.floor(clock.now() / 1000) + (soon ? 30 : 3 * 3600), ...(top.length && rng.chance(0.3) ? { thread_ts: rng.pick(top).ts } : {}) };
        }
        case 'slack.message.update': {
          if (!mine.length) return undefined;
          const message = rng.pick(mine);
          return { channel: message.channel, ts: message.ts, text: `${tag} edited` };
        }
        case 'slack.message.delete': {
          if (!mine.length) return undefined;
          const message = rng.pick(mine);
          return { channel: message.channel, ts: message.ts };
        }
        case 'slack.pin.add': {
          const unpinned = top.filter((message) => !workspace.channels.get(channel)!.pins.has(message.ts));
          return unpinned.length ? { channel, timestamp: rng.pick(unpinned).ts } : undefined;
        }
        case 'slack.reaction.add': {
          const all = messagesIn(channel);
          return all.length ? { channel, timestamp: rng.pick(all).ts, name: orParrot(rng, 11_000_000, tag, thumbsUp(rng, 5_000_000, tag, rng.pick(EMOJI))) } : undefined;
        }
        default:
          throw new Error(`the Slack incident kit has no input for ${action}`);
      }
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const channel = rng.pick(open(seed.humanUserId)).id;
      const top = topLevel(channel);
      const all = messagesIn(channel);
      const own = all.filter((message) => message.user === seed.humanUserId);
      switch (rng.int(6)) {
        case 0:
          await person.chat.postMessage({ channel, text: `${tag} message` });
          return `posted in ${channel}`;
        case 1: {
          if (!top.length) return 'nothing';
          const parent = rng.pick(top);
          await person.chat.postMessage({ channel, text: `${tag} reply`, thread_ts: parent.ts });
          return `replied to ${parent.ts}`;
        }
        case 2: {
          if (!all.length) return 'nothing';
          const message = rng.pick(all);
          await person.reactions.add({ channel, timestamp: message.ts, name: orParrot(rng, 11_000_001, tag, thumbsUp(rng, 6_000_000, tag, rng.pick(EMOJI))) });
          return `reacted to ${message.ts}`;
        }
        case 3: {
          if (!own.length) return 'nothing';
          const message = rng.pick(own);
          await person.chat.update({ channel, ts: message.ts, text: `${tag} edited` });
          return `edited ${message.ts}`;
        }
        case 4:
          await person.conversations.setTopic({ channel, topic: `${tag} topic` });
          return `set the topic of ${channel}`;
        default: {
          const unpinned = top.filter((message) => !workspace.channels.get(channel)!.pins.has(message.ts));
          if (!unpinned.length) return 'nothing';
          const message = rng.pick(unpinned);
          await person.pins.add({ channel, timestamp: message.ts });
          return `pinned ${message.ts}`;
        }
      }
    };

    /** A message's item key; one that came from a scheduled message keeps that one's key (see observe). */
    const itemKey = (channel: string, ts: string) => {
      const origin = [...workspace.scheduled.values()].find((entry) => entry.channel === channel && entry.postedTs === ts);
      return origin ? `scheduled:${origin.id}` : `message:${channel}/${ts}`;
    };
    const observe = (): World => {
      workspace.postDueMessages();
      const world: World = new Map();
      for (const channel of workspace.channels.values()) {
        world.set(`channel:${channel.id}`, { kind: 'channel', alive: !channel.isArchived, retained: channel.isArchived, fields: { name: channel.name, topic: channel.topic.value }, names: [`slack.channel:${channel.id}`], identity: channel.name });
      }
      // A scheduled message is one item from scheduling to posting (when it posts depends on the clock,
      // not on whoever acts then): it stays alive until cancelled or deleted.
      const fromSchedule = new Map([...workspace.scheduled.values()].filter((entry) => entry.postedTs).map((entry) => [`${entry.channel}/${entry.postedTs}`, entry]));
      for (const message of workspace.messages.values()) {
        const fields: Record<string, string> = { text: visibleText(message.text), thread: message.threadTs && message.threadTs !== message.ts ? message.threadTs : '' };
        for (const [name, users] of message.reactions) for (const user of users) fields[`reaction:${name}:${user}`] = 'yes';
        if (workspace.channels.get(message.channel)?.pins.has(message.ts)) fields.pinned = 'yes';
        for (const reply of message.replies) fields[`${itemKey(message.channel, reply)}`] = 'yes';
        const key = keyInText(message.text);
        const scheduled = fromSchedule.get(`${message.channel}/${message.ts}`);
        world.set(itemKey(message.channel, message.ts), {
          kind: 'message',
          alive: !message.tombstone,
          fields,
          names: [`slack.message:${message.channel}/${message.ts}`, `slack.reaction:${message.channel}/${message.ts}/`, `slack.pin:${message.channel}/${message.ts}`, ...(key ? [`/${key}`] : []), ...(scheduled ? [`slack.scheduled_message:${scheduled.channel}/${scheduled.id}`] : [])],
          identity: message.text,
        });
      }
      for (const entry of workspace.scheduled.values()) {
        if (entry.postedTs) continue;
        world.set(`scheduled:${entry.id}`, { kind: 'message', alive: true, fields: { text: visibleText(entry.text), thread: entry.threadTs ?? '' }, names: [`slack.scheduled_message:${entry.channel}/${entry.id}`], identity: entry.text });
      }
      return world;
    };

    return {
      provider: 'slack',
      url: simulator.url,
      agentToken: seed.tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createSlackAdapter({ token: seed.tokens.agent, baseUrl: simulator.url }),
      isWrite: (request) => WRITE_METHODS.test(request.path),
      marks: /^reaction:/,
      sameTokenMarks: /^pinned$/,
      agentInput,
      humanEdit,
      async humanRepeat(action, input) {
        const { channel, topic, timestamp, name } = input as { channel: string; topic: string; timestamp: string; name: string };
        if (action === 'slack.channel.topic.set') await person.conversations.setTopic({ channel, topic });
        else if (action === 'slack.pin.add') await person.pins.add({ channel, timestamp });
        else return undefined;
        return `did by hand the ${action} in ${channel}`;
      },
      observe,
      // A message scheduled a few seconds ahead falls due before anyone else acts.
      settle: () => {
        if (scheduledJustNow) clock.advance(60_000);
        scheduledJustNow = false;
      },
      close: () => simulator.close(),
    };
  },
};
