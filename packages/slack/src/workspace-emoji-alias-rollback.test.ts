// A workspace's own emoji alias (`pp`, `alias:partyparrot` in emoji.list): Slack lists a reaction added
// by it under the emoji it stands for. The emoji it is listed under is read as the agent adds it (a name
// that is no standard emoji's) and kept, so rollback removes it by that name, the alias deleted since
// too; where that read failed, rollback reads the workspace's emoji itself, only when the name alone does
// not find the reaction; a bot that may not read them (no emoji:read) gets the step reported as not
// undone, never as gone already. Read back through the
// person's own WebClient, as anyone in Slack sees it.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SlackSimulatorOptions } from './simulator/index.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const PARTY = { partyparrot: 'https://emoji.slack-edge.com/T0BACKSPC1/partyparrot/1a2b3c.gif', pp: 'alias:partyparrot', ppp: 'alias:pp' };

async function workspaceWithPartyParrot(options: SlackSimulatorOptions = {}, retry?: { maxAttempts: number }) {
  const { simulator, adapter } = await startSlack({ customEmoji: PARTY, ...options });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock: scaledClock(100), ...(retry ? { retry } : {}) });
  const channel = simulator.seed.channel;
  const timestamp = simulator.workspace.channels.get(channel)!.timeline[0]!;
  return { simulator, runtime, channel, timestamp, dana: simulator.client() };
}

const emojiListsAsked = (simulator: { log: { entries(): { path: string }[] } }) => simulator.log.entries().filter((entry) => entry.path === '/api/emoji.list').length;

it("removes the agent's reaction added as the workspace's alias `pp` (listed as partyparrot), and keeps a person's", async () => {
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'pp' });
  await dana.reactions.add({ channel, timestamp, name: 'partyparrot' });
  await session.end();
  simulator.log.clear();

  const report = await runtime.rollback(session.id);

  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions.filter((reaction) => reaction.users?.includes(simulator.seed.botUserId)), "the bot's :partyparrot: is gone").toEqual([]);
  expect(reactions, "Dana's own :partyparrot: stays").toEqual([{ name: 'partyparrot', users: [simulator.seed.humanUserId], count: 1 }]);
  // Taken off, not "already gone".
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.reaction.add', 'verified']]);
  // The emoji it is listed under was kept when it was added: the rollback asks nothing of the workspace's emoji.
  expect(emojiListsAsked(simulator)).toBe(0);
});

it("removes reactions by aliases on messages read from the channel's history, reading the workspace's emoji once where adding could not", async () => {
  const { simulator, runtime, channel, dana } = await workspaceWithPartyParrot();
  // The agent's own posts: the adapter knows they sit at the top level, and plans their reactions from the history.
  const earlier = await runtime.startSession({ agentId: 'triage-bot' });
  const posts = [];
  for (const text of ['Triage: payments outage', 'Triage: login errors']) posts.push((await earlier.run<{ ts: string }>('slack.message.post', { channel, text })).ts);
  await earlier.end();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  // Slack fails the workspace's emoji as the agent adds them: what each is listed under is left to the rollback.
  simulator.faults.inject({ path: '/api/emoji.list', kind: 'server-error', status: 503, times: 2 });
  await session.run('slack.reaction.add', { channel, timestamp: posts[0]!, name: 'pp' });
  // An alias of the alias: Slack follows both to partyparrot.
  await session.run('slack.reaction.add', { channel, timestamp: posts[1]!, name: 'ppp' });
  await session.end();
  simulator.log.clear();

  const report = await runtime.rollback(session.id);

  expect(simulator.log.entries().map((entry) => entry.path)).toContain('/api/conversations.history');
  for (const timestamp of posts) expect((await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions).toBeUndefined();
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
  expect(emojiListsAsked(simulator)).toBe(1);
});

it("asks nothing of the workspace's emoji where the name finds the reaction, the bot's other reactions aside", async () => {
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot();
  await simulator.client(simulator.seed.tokens.agent).reactions.add({ channel, timestamp, name: 'tada' });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'white_check_mark' });
  await session.end();

  const report = await runtime.rollback(session.id);

  expect((await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions).toEqual([{ name: 'tada', users: [simulator.seed.botUserId], count: 1 }]);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(emojiListsAsked(simulator)).toBe(0);
});

it('says the reaction is not undone, and why, when the bot may not read the workspace’s emoji (no emoji:read)', async () => {
  const { simulator, runtime, channel, dana } = await workspaceWithPartyParrot({ withheldScopes: ['emoji:read'] });
  const earlier = await runtime.startSession({ agentId: 'triage-bot' });
  const { ts: timestamp } = await earlier.run<{ ts: string }>('slack.message.post', { channel, text: 'Triage: payments outage' });
  await earlier.end();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'pp' });
  await session.end();

  const report = await runtime.rollback(session.id);

  // The reaction stays, and the report says so: neither undone nor gone already.
  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions).toEqual([{ name: 'partyparrot', users: [simulator.seed.botUserId], count: 1 }]);
  const [step] = report.steps;
  expect(step).toMatchObject({ action: 'slack.reaction.add', outcome: 'unreachable' });
  expect(step!.reason).toMatch(/workspace alias.*missing_scope.*emoji:read/);
  expect(report.counts).toMatchObject({ undone: 0, unreachable: 1 });
  expect(report.residue.join('\n')).toMatch(/slack\.reaction\.add .*not undone yet/);
  // Slack's refusal holds for the whole rollback: asked once, not again for the read core makes alone.
  expect(emojiListsAsked(simulator)).toBe(1);
});

it("leaves the bot's :partyparrot: from before the session when the agent's `pp` found it there (Slack's already_reacted), and says why", async () => {
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot();
  await simulator.client(simulator.seed.tokens.agent).reactions.add({ channel, timestamp, name: 'partyparrot' });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'pp' });
  await session.end();

  const report = await runtime.rollback(session.id);

  expect((await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions, 'the reaction older than the session stays').toEqual([{ name: 'partyparrot', users: [simulator.seed.botUserId], count: 1 }]);
  expect(report.steps.map((step) => step.outcome)).not.toContain('verified');
  expect(JSON.stringify(report.steps)).toContain('already');
});

it("still removes the agent's :tada: whose first answer was lost (found again by its name, not sent twice)", async () => {
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot();
  simulator.faults.inject({ method: 'POST', path: '/api/reactions.add', kind: 'drop-after-commit', times: 1 });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'tada' });
  await session.end();

  const report = await runtime.rollback(session.id);

  expect((await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions).toBeUndefined();
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
});

it("settles the agent's `pp` whose answer was lost by finding it under partyparrot, and removes it (fuzzer seed 36300106)", async () => {
  // No retry: the call's outcome stays unknown until the rollback looks it up.
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot({}, { maxAttempts: 1 });
  await simulator.client(simulator.seed.tokens.agent).reactions.add({ channel, timestamp, name: 'eyes' });
  simulator.faults.inject({ method: 'POST', path: '/api/reactions.add', kind: 'drop-after-commit', times: 1 });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await expect(session.run('slack.reaction.add', { channel, timestamp, name: 'pp' })).rejects.toThrow();
  await session.end();

  const report = await runtime.rollback(session.id);

  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions;
  expect(reactions, "only the bot's :eyes: from before stays").toEqual([{ name: 'eyes', users: [simulator.seed.botUserId], count: 1 }]);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.reaction.add', 'verified']]);
});

it("removes the agent's `pp` after the workspace deleted that alias: the emoji Slack listed it under was named when it was added", async () => {
  const { simulator, runtime, channel, timestamp, dana } = await workspaceWithPartyParrot();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'pp' });
  await session.end();
  // An admin tidies the workspace's emoji: `pp` (and `ppp`, which went through it) no longer exist.
  simulator.workspace.customEmoji.delete('pp');
  simulator.workspace.customEmoji.delete('ppp');

  const report = await runtime.rollback(session.id);

  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions;
  expect(reactions, "the bot's :partyparrot: is gone").toBeUndefined();
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.reaction.add', 'verified']]);
});
