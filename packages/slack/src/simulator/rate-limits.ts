// Slack's documented rate limits: per method, per app (token); chat.postMessage per channel.
import type { RateLimitRule, RateLimitResponder, SimulatorRequest } from '@backspace/testkit';

const MINUTE = 60_000;

/** Slack answers a spent budget with HTTP 429, `Retry-After` in seconds and `ok: false`. */
export const slackRateLimitResponse: RateLimitResponder = (retryAfterSeconds) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { ok: false, error: 'ratelimited' },
});

const TIER_3 = ['chat.update', 'chat.delete', 'chat.scheduleMessage', 'chat.deleteScheduledMessage', 'reactions.add', 'reactions.remove', 'pins.add', 'pins.remove'];
const TIER_2 = ['conversations.create', 'conversations.archive', 'conversations.setTopic'];

function methodOf(request: SimulatorRequest): string {
  return request.path.replace(/^\/api\//, '');
}

function channelOf(request: SimulatorRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return String(body['channel'] ?? request.query['channel'] ?? '');
}

function perMethod(methods: string[], limit: number): RateLimitRule[] {
  return methods.map((method) => ({
    family: method,
    match: (request: SimulatorRequest) => methodOf(request) === method,
    limit,
    windowMs: MINUTE,
    per: 'token' as const,
    respond: slackRateLimitResponse,
  }));
}

export function slackRateLimits(): RateLimitRule[] {
  return [
    // "About one message per second per channel, short bursts allowed": five in any five seconds.
    {
      family: 'chat.postMessage',
      match: (request) => methodOf(request) === 'chat.postMessage',
      limit: 5,
      windowMs: 5_000,
      per: (request) => `${request.user?.id ?? 'anonymous'}:${channelOf(request)}`,
      respond: slackRateLimitResponse,
    },
    ...perMethod(TIER_3, 50),
    ...perMethod(TIER_2, 20),
  ];
}
