// Bad input: what Slack refuses comes back as a typed error carrying Slack's own error string, the
// journal records the attempt as failed (never committed), and the workspace is unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, scaledClock, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from './slack-adapter.js';
import { toProviderError } from './slack-errors.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const { simulator, adapter } = await startSlack();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter], policy: [], clock: scaledClock(100) });
  // Any action by name, as the cases below give them.
  const session: Session = await runtime.startSession({ agentId: 'careless-bot' });
  const committed = async () => (await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').length;
  const messageCount = () => simulator.workspace.messages.size;
  return { simulator, runtime, session, committed, messageCount };
}

describe('Slack refuses, the caller learns why, nothing is committed', () => {
  const cases: [string, (seed: { channel: string; outsider: string }) => [string, unknown], string][] = [
    ['an unknown channel', () => ['slack.message.post', { channel: 'C0NOSUCH01', text: 'hello?' }], 'channel_not_found'],
    ['a channel the bot is not in', ({ outsider }) => ['slack.message.post', { channel: outsider, text: 'hello?' }], 'not_in_channel'],
    ['blocks Slack does not know', ({ channel }) => ['slack.message.post', { channel, blocks: [{ type: 'carousel', items: [] }] }], 'invalid_blocks'],
    ['a section with more than 3000 characters', ({ channel }) => ['slack.message.post', { channel, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }], 'invalid_blocks'],
    ['text over 40,000 characters', ({ channel }) => ['slack.message.post', { channel, text: 'x'.repeat(40_001) }], 'msg_too_long'],
    ['a schedule in the past', ({ channel }) => ['slack.message.schedule', { channel, text: 'late', post_at: 1_600_000_000 }], 'time_in_past'],
    ['a reaction to a message that does not exist', ({ channel }) => ['slack.reaction.add', { channel, timestamp: '1600000000.000100', name: 'tada' }], 'message_not_found'],
    ['a channel name with spaces', () => ['slack.channel.create', { name: 'Sales Team' }], 'invalid_name_specials'],
    ['a channel name already taken', () => ['slack.channel.create', { name: 'general' }], 'name_taken'],
    ['a topic over 250 characters', ({ channel }) => ['slack.channel.topic.set', { channel, topic: 't'.repeat(251) }], 'too_long'],
  ];

  for (const [what, build, slackError] of cases) {
    it(`${what}: ${slackError}`, async () => {
      const { simulator, session, committed, messageCount } = await setup();
      const outsider = (await simulator.client().conversations.create({ name: 'humans-only' })).channel!.id!;
      const [action, input] = build({ channel: simulator.seed.channel, outsider });
      const messagesBefore = messageCount();

      const attempt = session.run(action, input);

      await expect(attempt).rejects.toBeInstanceOf(ProviderError);
      await expect(attempt).rejects.toMatchObject({ code: 'provider_error', provider: 'slack', providerCode: slackError, isRetryable: false, outcomeUnknown: false });
      await expect(attempt).rejects.toThrow(slackError);
      expect(await committed()).toBe(0);
      expect(messageCount()).toBe(messagesBefore);
    });
  }

  it('refuses malformed input before calling Slack', async () => {
    const { simulator, session } = await setup();
    const requests = simulator.log.entries().length;
    await expect(session.run('slack.message.post', { channel: simulator.seed.channel })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(session.run('slack.message.update', { channel: simulator.seed.channel, ts: 'now', text: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(simulator.log.entries().length).toBe(requests);
  });

  it('refuses a misspelled field, naming it: a reply meant for a thread is not posted to the whole channel', async () => {
    const { simulator, session, messageCount } = await setup();
    const channel = simulator.seed.channel;
    const parent = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Deploy 4242 started' });
    const [messages, requests] = [messageCount(), simulator.log.entries().length];
    const refused = session.run('slack.message.post', { channel, text: 'Rolled back, see thread', thread_tss: parent.ts });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('thread_tss') });
    await expect(session.run('slack.message.post', { channel, text: 'FYI', metadata: { event_type: 'deploy', event_payload: {}, event_typ: 'x' } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(messageCount()).toBe(messages);
    expect(simulator.log.entries().length).toBe(requests);
  });
});

describe('configuration and credentials', () => {
  it('names the variable when no token is given', () => {
    const saved = process.env['SLACK_BOT_TOKEN'];
    delete process.env['SLACK_BOT_TOKEN'];
    try {
      expect(() => createSlackAdapter()).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('SLACK_BOT_TOKEN') }));
      expect(BackspaceError.isInstance((() => { try { createSlackAdapter(); } catch (error) { return error; } })())).toBe(true);
    } finally {
      if (saved !== undefined) process.env['SLACK_BOT_TOKEN'] = saved;
    }
  });

  it("reports Slack's invalid_auth for a revoked or foreign token, without the token in the message", async () => {
    const { simulator } = await startSlack();
    open.push(simulator);
    const journal = createSqliteJournal({ path: ':memory:' });
    open.push(journal);
    const token = 'not-a-slack-token-5c1d';
    const runtime = createRuntime({ journal, adapters: [createSlackAdapter({ token, baseUrl: simulator.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'impostor' });

    const failure = await session.run('slack.message.post', { channel: simulator.seed.channel, text: 'hi' }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ providerCode: 'invalid_auth' });
    expect(String((failure as Error).message)).not.toContain(token);
    expect(JSON.stringify(await journal.sessionEntries(session.id))).not.toContain(token);
  });

  it('maps a rate-limited call and a network failure the way the retry layer needs', () => {
    const limited = toProviderError('chat.update', true, { code: 'slack_webapi_rate_limited_error', retryAfter: 7 }) as ProviderError;
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 7000, isRetryable: true, outcomeUnknown: false });
    const reset = toProviderError('chat.postMessage', true, { code: 'slack_webapi_request_error', original: new Error('socket hang up') }) as ProviderError;
    expect(reset).toMatchObject({ isRetryable: true, outcomeUnknown: true });
    const readReset = toProviderError('conversations.history', false, { code: 'slack_webapi_request_error', original: new Error('socket hang up') }) as ProviderError;
    expect(readReset.outcomeUnknown).toBe(false);
  });
});
