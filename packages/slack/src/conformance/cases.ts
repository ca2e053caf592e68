// The conformance cases for every Slack action, written against a workspace so the same cases run on
// the simulator, live against a sandbox channel, and replayed from a recording of a live run.
import { expect } from 'vitest';
import type { Json } from '@backspace/core';
import type { ConformanceCase, ConformanceEnvironment } from '@backspace/testkit';
import { DEFAULT_CORRECTION_TEXT } from '../connection.js';
import { splitId } from '../resources.js';
import { workspaceOf } from './workspace.js';

const field = (state: Json | null, name: string) => (state as Record<string, Json> | null)?.[name];

/** A message the agent posted itself, for the actions that edit or delete only their own. */
async function agentPost(environment: ConformanceEnvironment, text: string): Promise<string> {
  const { agent, channel } = workspaceOf(environment);
  return String((await agent.chat.postMessage({ channel, text })).ts);
}

export const slackConformanceCases: ConformanceCase[] = [
  {
    action: 'slack.message.post',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, text: 'Deploy finished' }),
    invalidInput: { channel: 'C00000001', text: 42 },
    write: { method: 'POST', path: '/api/chat.postMessage' },
    async humanEdit(environment, resource) {
      const workspace = workspaceOf(environment);
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      await workspace.human.chat.postMessage({ channel, thread_ts: ts, text: 'Nice, thanks!' });
      const human = await workspace.humanUserId();
      return (state) => {
        expect(field(state, 'replies')).toEqual([expect.objectContaining({ text: 'Nice, thanks!', user: human })]);
        expect(field(state, 'text')).toBe(DEFAULT_CORRECTION_TEXT);
      };
    },
  },
  {
    action: 'slack.message.update',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, ts: await agentPost(environment, 'Release at 5pm'), text: 'Release at 6pm' }),
    invalidInput: { channel: 'C00000001', ts: 'yesterday', text: 'x' },
    write: { method: 'POST', path: '/api/chat.update' },
    async humanEdit(environment, resource) {
      const workspace = workspaceOf(environment);
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      await workspace.human.reactions.add({ channel, timestamp: ts, name: 'eyes' });
      const human = await workspace.humanUserId();
      return (state) => {
        expect(field(state, 'reactions')).toEqual({ eyes: [human] });
        expect(field(state, 'text')).toBe('Release at 5pm');
      };
    },
    residue: (after, before) => expect(after).toEqual({ ...(before as object), edited: true }),
  },
  {
    action: 'slack.message.delete',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, ts: await agentPost(environment, 'Temporary note') }),
    invalidInput: { channel: 'C00000001', ts: 1700000000 },
    write: { method: 'POST', path: '/api/chat.delete' },
    skip: { 'human-edit': 'irreversible: rollback has nothing to run, so there is no edit for it to preserve' },
  },
  {
    action: 'slack.message.schedule',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, text: 'Reminder: retro at 4', post_at: Math.floor(Date.now() / 1000) + 3600 }),
    invalidInput: { channel: 'C00000001', text: 'no time given' },
    write: { method: 'POST', path: '/api/chat.scheduleMessage' },
    skip: { 'human-edit': 'until it posts, a scheduled message is visible to its author only: no one else can touch it (after posting it is a message, covered by the scenario tests)' },
  },
  {
    action: 'slack.reaction.add',
    // By an alias: Slack lists the reaction as `+1` (see emoji-names.ts), which a live run checks.
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, timestamp: await workspaceOf(environment).personsMessage(), name: 'thumbsup' }),
    invalidInput: { channel: 'C00000001', timestamp: '1700000000.000100', name: ':with colons:' },
    write: { method: 'POST', path: '/api/reactions.add' },
    async humanEdit(environment, resource) {
      const workspace = workspaceOf(environment);
      const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
      await workspace.human.reactions.add({ channel, timestamp: ts, name });
      const human = await workspace.humanUserId();
      return (state) => expect(state).toEqual({ users: [human] });
    },
  },
  {
    action: 'slack.pin.add',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, timestamp: await workspaceOf(environment).personsMessage() }),
    invalidInput: { channel: 'C00000001' },
    write: { method: 'POST', path: '/api/pins.add' },
    async humanEdit(environment, resource) {
      const { human } = workspaceOf(environment);
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      // The human unpins it and pins it again: their pin now, which rollback must leave alone.
      await human.pins.remove({ channel, timestamp: ts });
      await human.pins.add({ channel, timestamp: ts });
      return (state) => expect(state).toEqual({ pinned: true });
    },
  },
  {
    action: 'slack.channel.create',
    arrange: async (environment) => ({ name: workspaceOf(environment).uniqueChannelName('incident') }),
    invalidInput: { name: 42 },
    write: { method: 'POST', path: '/api/conversations.create' },
    async humanEdit(environment, resource) {
      const { human } = workspaceOf(environment);
      await human.conversations.join({ channel: resource.id });
      await human.conversations.setTopic({ channel: resource.id, topic: 'Incident 42 war room' });
      return (state) => expect(state).toMatchObject({ topic: 'Incident 42 war room', is_archived: true });
    },
    residue: (after) => expect(after).toMatchObject({ is_archived: true, messages: [] }),
  },
  {
    action: 'slack.channel.topic.set',
    arrange: async (environment) => ({ channel: workspaceOf(environment).channel, topic: 'Quiet week' }),
    invalidInput: { channel: 'C00000001', topic: null },
    write: { method: 'POST', path: '/api/conversations.setTopic' },
    async humanEdit(environment, resource) {
      await workspaceOf(environment).human.conversations.setTopic({ channel: resource.id, topic: 'Launch week' });
      return (state) => expect(state).toMatchObject({ topic: 'Launch week' });
    },
  },
];

/**
 * The cases as a replay runs them. A scheduled message is named by the key hidden in its text, which
 * comes from the session's id, and its rollback depends on its post time: a replayed session has another
 * id and another clock than the live run whose answers it is served, so its rollback takes another path.
 */
export const slackReplayedCases: ConformanceCase[] = slackConformanceCases.map((entry) =>
  entry.action === 'slack.message.schedule'
    ? { ...entry, skip: { ...entry.skip, 'round-trip': 'replay: the recorded scheduled message carries the live session’s key and post time, which a replayed session cannot have' } }
    : entry,
);
