// Fidelity: every answer the simulator gives to a workload touching every method it serves validates
// against Slack's published description (the carried subset), and carries only fields the WebClient's
// response types declare, including the ones the adapter relies on.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { createManualClock, createResponseValidator } from '@backspace/testkit';
import { createSlackSimulator, type SlackSimulator } from './index.js';
import { undeclaredFields } from './declared-fields.js';
import { slackRateLimitResponse } from './rate-limits.js';

const spec = JSON.parse(readFileSync(new URL('../../spec/slack-web-api.subset.json', import.meta.url), 'utf8')) as { paths: Record<string, unknown> };
const served = Object.keys(spec.paths).map((path) => path.slice(1));

interface Recorded {
  method: string;
  status: number;
  body: Record<string, unknown>;
}

let simulator: SlackSimulator;
const recorded: Recorded[] = [];

function recordingClient(token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: simulator.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: async (url, init) => {
      const response = await fetch(url, init as RequestInit);
      const copy = response.clone();
      recorded.push({ method: String(url).split('/api/')[1]!, status: response.status, body: (await copy.json()) as Record<string, unknown> });
      return response;
    },
  });
}

/** Runs a call that is meant to fail, keeping only the recording. */
const failing = (call: Promise<unknown>) => call.then(() => undefined, () => undefined);

beforeAll(async () => {
  simulator = await createSlackSimulator({ customEmoji: { partyparrot: 'https://emoji.slack-edge.com/T0BACKSPC1/partyparrot/1a2b3c.gif', pp: 'alias:partyparrot' } });
  const bot = recordingClient(simulator.seed.tokens.agent);
  const human = recordingClient(simulator.seed.tokens.human);
  const { channel } = simulator.seed;

  await bot.auth.test();
  const posted = await bot.chat.postMessage({
    channel,
    text: 'Deploy finished',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Deploy* finished' } }],
    attachments: [{ color: '#36a64f', text: 'all green', fallback: 'all green' }],
    metadata: { event_type: 'deploy', event_payload: { id: 7 } },
  });
  const ts = posted.ts!;
  await human.chat.postMessage({ channel, thread_ts: ts, text: 'thanks!' });
  await bot.chat.update({ channel, ts, text: 'Deploy finished (v2)' });
  await human.reactions.add({ channel, timestamp: ts, name: 'tada' });
  await bot.reactions.add({ channel, timestamp: ts, name: 'tada' });
  await bot.reactions.get({ channel, timestamp: ts });
  await bot.reactions.remove({ channel, timestamp: ts, name: 'tada' });
  await bot.pins.add({ channel, timestamp: ts });
  await bot.conversations.history({ channel, include_all_metadata: true });
  await bot.pins.list({ channel });
  await bot.pins.remove({ channel, timestamp: ts });
  await bot.conversations.replies({ channel, ts });
  await bot.conversations.info({ channel });
  await bot.users.info({ user: simulator.seed.humanUserId });
  await bot.users.info({ user: simulator.seed.botUserId });
  await bot.conversations.list({ types: 'public_channel,private_channel' });
  await bot.conversations.setTopic({ channel, topic: 'Deploys and chatter' });
  const created = await bot.conversations.create({ name: 'fidelity-room' });
  await human.conversations.join({ channel: created.channel!.id! });
  await bot.conversations.kick({ channel: created.channel!.id!, user: simulator.seed.humanUserId });
  await bot.conversations.history({ channel: created.channel!.id! });
  await bot.conversations.archive({ channel: created.channel!.id! });
  const scheduled = await bot.chat.scheduleMessage({ channel, text: 'later', post_at: Math.floor(Date.now() / 1000) + 600 });
  await bot.chat.scheduledMessages.list({ channel });
  await bot.chat.deleteScheduledMessage({ channel, scheduled_message_id: scheduled.scheduled_message_id! });
  await bot.emoji.list();
  const doomed = await bot.chat.postMessage({ channel, text: 'to delete' });
  await bot.chat.delete({ channel, ts: doomed.ts! });

  // Slack's refusals, each through the method that gives it.
  await failing(bot.chat.postMessage({ channel: 'C0NOSUCH01', text: 'x' }));
  await failing(bot.chat.postMessage({ channel, blocks: [{ type: 'carousel' }] } as never));
  await failing(bot.chat.postMessage({ channel, text: 'x'.repeat(40_001) }));
  await failing(bot.chat.update({ channel, ts: simulator.workspace.channels.get(channel)!.timeline[0]!, text: 'x' }));
  await failing(bot.chat.delete({ channel, ts: '1600000000.000100' }));
  await failing(bot.reactions.add({ channel, timestamp: ts, name: 'tada' }).then(() => bot.reactions.add({ channel, timestamp: ts, name: 'tada' })));
  await failing(bot.reactions.remove({ channel, timestamp: ts, name: 'nope' }));
  await failing(bot.pins.remove({ channel, timestamp: ts }));
  await failing(bot.conversations.create({ name: 'general' }));
  await failing(bot.chat.scheduleMessage({ channel, text: 'past', post_at: 1_600_000_000 }));
  await failing(bot.chat.deleteScheduledMessage({ channel, scheduled_message_id: 'Q00000000NOPE' }));
  await failing(bot.users.info({ user: 'U0NOBODY01' }));
  await failing(human.conversations.kick({ channel, user: simulator.seed.botUserId }));
  simulator.workspace.withheldScopes.add('emoji:read');
  await failing(bot.emoji.list());
  simulator.workspace.withheldScopes.delete('emoji:read');
});

afterAll(async () => simulator?.close());

describe('fidelity to the Slack Web API description', () => {
  const validator = () => createResponseValidator(spec, { basePath: '/api' });

  it('exercises every method the simulator serves', () => {
    expect(new Set(recorded.map((entry) => entry.method))).toEqual(new Set(served));
  });

  it('answers every call, success or refusal, as the description says', () => {
    const check = validator();
    const problems = recorded.flatMap((entry) => check.validate({ method: 'POST', path: `/api/${entry.method}`, status: entry.status, body: entry.body }).errors.slice(0, 3));
    expect(problems).toEqual([]);
    expect(recorded.filter((entry) => entry.body['ok'] === false).length).toBeGreaterThanOrEqual(10);
  });

  it('sends only fields the WebClient declares, and the ones the adapter reads', () => {
    const undeclared = recorded.filter((entry) => entry.body['ok'] === true).flatMap((entry) => undeclaredFields(entry.method, entry.body).map((field) => `${entry.method}: ${field}`));
    expect([...new Set(undeclared)]).toEqual([]);
    const post = recorded.find((entry) => entry.method === 'chat.postMessage' && entry.body['ok'] === true)!.body;
    expect(post).toMatchObject({ channel: expect.any(String), ts: expect.stringMatching(/^\d{10}\.\d{6}$/), message: { metadata: { event_type: 'deploy' } } });
    const history = recorded.find((entry) => entry.method === 'conversations.history')!.body as { messages: Record<string, unknown>[] };
    expect(history.messages[0]).toMatchObject({ ts: expect.any(String), reply_count: 1, reactions: expect.any(Array), metadata: expect.any(Object) });
  });

  it('answers a spent rate limit with 429, Retry-After and ok: false', async () => {
    const bot = recordingClient(simulator.seed.tokens.agent);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.update', kind: 'rate-limit', retryAfterSeconds: 3, respond: slackRateLimitResponse });
    await expect(bot.chat.update({ channel: simulator.seed.channel, ts: '1600000000.000100', text: 'x' })).rejects.toMatchObject({ retryAfter: 3 });
    const last = recorded.at(-1)!;
    expect(last.status).toBe(429);
    expect(validator().validate({ method: 'POST', path: '/api/chat.update', status: 429, body: last.body }).errors).toEqual([]);
  });
});

describe('fidelity of a non-Marketplace app’s history tier', () => {
  it('answers capped pages and the tier’s 429 as the description says', async () => {
    const clock = createManualClock(Date.UTC(2026, 3, 1));
    const tiered = await createSlackSimulator({ clock, appKind: 'non-marketplace' });
    try {
      const answers: Recorded[] = [];
      const bot = new WebClient(tiered.seed.tokens.agent, {
        slackApiUrl: tiered.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        fetch: async (url, init) => {
          const response = await fetch(url, init as RequestInit);
          answers.push({ method: String(url).split('/api/')[1]!, status: response.status, body: (await response.clone().json()) as Record<string, unknown> });
          return response;
        },
      });
      const person = tiered.client();
      for (let count = 0; count < 20; count += 1) {
        clock.advance(1_000);
        await person.chat.postMessage({ channel: tiered.seed.channel, text: `message ${count}` });
      }
      const page = await bot.conversations.history({ channel: tiered.seed.channel, limit: 100, include_all_metadata: true });
      await failing(bot.conversations.history({ channel: tiered.seed.channel, cursor: page.response_metadata!.next_cursor! }));
      await bot.conversations.replies({ channel: tiered.seed.channel, ts: page.messages![0]!.ts! });
      await failing(bot.conversations.replies({ channel: tiered.seed.channel, ts: page.messages![0]!.ts! }));

      expect(answers.map((answer) => [answer.method, answer.status])).toEqual([
        ['conversations.history', 200],
        ['conversations.history', 429],
        ['conversations.replies', 200],
        ['conversations.replies', 429],
      ]);
      expect(page).toMatchObject({ has_more: true, messages: expect.any(Array) });
      expect(page.messages).toHaveLength(15);
      const check = createResponseValidator(spec, { basePath: '/api' });
      expect(answers.flatMap((answer) => check.validate({ method: 'POST', path: `/api/${answer.method}`, status: answer.status, body: answer.body }).errors)).toEqual([]);
      expect(answers.flatMap((answer) => (answer.status === 200 ? undeclaredFields(answer.method, answer.body) : []))).toEqual([]);
    } finally {
      await tiered.close();
    }
  });
});

