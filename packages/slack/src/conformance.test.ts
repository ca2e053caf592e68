// The shared adapter conformance suite, run by the Slack adapter against the Slack simulator.
import { expect } from 'vitest';
import { runAdapterConformance, type ConformanceEnvironment } from '@backspace/testkit';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { Json } from '@backspace/core';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { splitId } from './resources.js';
import type { SlackSimulator } from './simulator/index.js';
import { startSlack } from './test-support.js';

type SlackEnvironment = ConformanceEnvironment & { slack: SlackSimulator };
const slackOf = (environment: ConformanceEnvironment) => (environment as SlackEnvironment).slack;
const seededMessageTs = (slack: SlackSimulator) => slack.workspace.channels.get(slack.seed.channel)!.timeline[0]!;
const botPost = async (slack: SlackSimulator, text: string) => {
  const answer = await slack.client(slack.seed.tokens.agent).chat.postMessage({ channel: slack.seed.channel, text });
  return String(answer.ts);
};
const field = (state: Json | null, name: string) => (state as Record<string, Json> | null)?.[name];

runAdapterConformance({
  name: 'slack',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  async setup() {
    const { simulator, adapter, inspect } = await startSlack();
    const environment: SlackEnvironment = { adapter, simulator, slack: simulator, inspect, close: () => simulator.close() };
    return environment;
  },
  cases: [
    {
      action: 'slack.message.post',
      arrange: async (environment) => ({ channel: slackOf(environment).seed.channel, text: 'Deploy finished' }),
      invalidInput: { channel: 'C00000001', text: 42 },
      write: { method: 'POST', path: '/api/chat.postMessage' },
      async humanEdit(environment, resource) {
        const slack = slackOf(environment);
        const [channel, ts] = splitId(resource.id, 2) as [string, string];
        await slack.client().chat.postMessage({ channel, thread_ts: ts, text: 'Nice, thanks!' });
        return (state) => {
          expect(field(state, 'replies')).toEqual([expect.objectContaining({ text: 'Nice, thanks!', user: slack.seed.humanUserId })]);
          expect(field(state, 'text')).toBe(DEFAULT_CORRECTION_TEXT);
        };
      },
    },
    {
      action: 'slack.message.update',
      arrange: async (environment) => {
        const slack = slackOf(environment);
        return { channel: slack.seed.channel, ts: await botPost(slack, 'Release at 5pm'), text: 'Release at 6pm' };
      },
      invalidInput: { channel: 'C00000001', ts: 'yesterday', text: 'x' },
      write: { method: 'POST', path: '/api/chat.update' },
      async humanEdit(environment, resource) {
        const slack = slackOf(environment);
        const [channel, ts] = splitId(resource.id, 2) as [string, string];
        await slack.client().reactions.add({ channel, timestamp: ts, name: 'eyes' });
        return (state) => {
          expect(field(state, 'reactions')).toEqual({ eyes: [slack.seed.humanUserId] });
          expect(field(state, 'text')).toBe('Release at 5pm');
        };
      },
      residue: (after, before) => expect(after).toEqual({ ...(before as object), edited: true }),
    },
    {
      action: 'slack.message.delete',
      arrange: async (environment) => {
        const slack = slackOf(environment);
        return { channel: slack.seed.channel, ts: await botPost(slack, 'Temporary note') };
      },
      invalidInput: { channel: 'C00000001', ts: 1700000000 },
      write: { method: 'POST', path: '/api/chat.delete' },
      skip: { 'human-edit': 'irreversible: rollback has nothing to run, so there is no edit for it to preserve' },
    },
    {
      action: 'slack.message.schedule',
      arrange: async (environment) => ({ channel: slackOf(environment).seed.channel, text: 'Reminder: retro at 4', post_at: Math.floor(Date.now() / 1000) + 3600 }),
      invalidInput: { channel: 'C00000001', text: 'no time given' },
      write: { method: 'POST', path: '/api/chat.scheduleMessage' },
      skip: { 'human-edit': 'until it posts, a scheduled message is visible to its author only: no one else can touch it (after posting it is a message, covered by the scenario tests)' },
    },
    {
      action: 'slack.reaction.add',
      arrange: async (environment) => ({ channel: slackOf(environment).seed.channel, timestamp: seededMessageTs(slackOf(environment)), name: 'white_check_mark' }),
      invalidInput: { channel: 'C00000001', timestamp: '1700000000.000100', name: ':with colons:' },
      write: { method: 'POST', path: '/api/reactions.add' },
      async humanEdit(environment, resource) {
        const slack = slackOf(environment);
        const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
        await slack.client().reactions.add({ channel, timestamp: ts, name });
        return (state) => expect(state).toEqual({ users: [slack.seed.humanUserId] });
      },
    },
    {
      action: 'slack.pin.add',
      arrange: async (environment) => ({ channel: slackOf(environment).seed.channel, timestamp: seededMessageTs(slackOf(environment)) }),
      invalidInput: { channel: 'C00000001' },
      write: { method: 'POST', path: '/api/pins.add' },
      async humanEdit(environment, resource) {
        const slack = slackOf(environment);
        const [channel, ts] = splitId(resource.id, 2) as [string, string];
        // The human unpins it and pins it again: their pin now, which rollback must leave alone.
        await slack.client().pins.remove({ channel, timestamp: ts });
        await slack.client().pins.add({ channel, timestamp: ts });
        return (state) => expect(state).toEqual({ pinned: true });
      },
    },
    {
      action: 'slack.channel.create',
      arrange: async () => ({ name: `incident-${Math.random().toString(36).slice(2, 8)}` }),
      invalidInput: { name: 42 },
      write: { method: 'POST', path: '/api/conversations.create' },
      async humanEdit(environment, resource) {
        const human = slackOf(environment).client();
        await human.conversations.join({ channel: resource.id });
        await human.conversations.setTopic({ channel: resource.id, topic: 'Incident 42 war room' });
        return (state) => expect(state).toMatchObject({ topic: 'Incident 42 war room', is_archived: true });
      },
      residue: (after) => expect(after).toMatchObject({ is_archived: true, messages: [] }),
    },
    {
      action: 'slack.channel.topic.set',
      arrange: async (environment) => ({ channel: slackOf(environment).seed.channel, topic: 'Quiet week' }),
      invalidInput: { channel: 'C00000001', topic: null },
      write: { method: 'POST', path: '/api/conversations.setTopic' },
      async humanEdit(environment, resource) {
        await slackOf(environment).client().conversations.setTopic({ channel: resource.id, topic: 'Launch week' });
        return (state) => expect(state).toMatchObject({ topic: 'Launch week' });
      },
    },
  ],
});
