// Slack's documented rate limits: per method, per app (token); chat.postMessage per channel; the
// history methods by the kind of app asking.
import type { RateLimitRule, RateLimitResponder, SimulatorRequest } from '@backspace/simulator-kit';
import type { SlackAppKind } from '../app-kind.js';

export type { SlackAppKind };

/**
 * The history methods' limits for an app of `kind`, as Slack documents them: since 2025-05-29 (new
 * apps) and 2026-03-03 (existing installs), a commercially distributed app outside the Slack
 * Marketplace may call conversations.history and conversations.replies once a minute each, with
 * `limit` capped (and defaulting) to 15; Marketplace and internal (customer-built) apps keep Tier 3.
 */
export function historyLimits(kind: SlackAppKind): { perMinute: number; maxPage: number; defaultPage: number } {
  return kind === 'non-marketplace' ? { perMinute: 1, maxPage: 15, defaultPage: 15 } : { perMinute: 50, maxPage: 999, defaultPage: 100 };
}

const HISTORY_METHODS = ['conversations.history', 'conversations.replies'];

/** App limits bind apps: a person's own client (a user token, xoxp-) is not an app under review. */
export const isAppToken = (token: string | undefined) => token?.startsWith('xoxb-') ?? false;

const MINUTE = 60_000;

/** Slack answers a spent budget with HTTP 429, `Retry-After` in seconds and `ok: false`. */
export const slackRateLimitResponse: RateLimitResponder = (retryAfterSeconds) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { ok: false, error: 'ratelimited' },
});

const TIER_3 = ['chat.update', 'chat.delete', 'chat.scheduleMessage', 'chat.deleteScheduledMessage', 'reactions.add', 'reactions.remove', 'pins.add', 'pins.remove'];
const TIER_2 = ['conversations.create', 'conversations.archive', 'conversations.setTopic', 'emoji.list'];

function methodOf(request: SimulatorRequest): string {
  return request.path.replace(/^\/api\//, '');
}

function channelOf(request: SimulatorRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return String(body['channel'] ?? request.query['channel'] ?? '');
}

function perMethod(methods: string[], limit: number, applies: (request: SimulatorRequest) => boolean = () => true): RateLimitRule[] {
  return methods.map((method) => ({
    family: method,
    match: (request: SimulatorRequest) => methodOf(request) === method && applies(request),
    limit,
    windowMs: MINUTE,
    per: 'token' as const,
    respond: slackRateLimitResponse,
  }));
}

export function slackRateLimits(appKind: SlackAppKind = 'internal'): RateLimitRule[] {
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
    ...perMethod(HISTORY_METHODS, historyLimits(appKind).perMinute, (request) => isAppToken(request.user?.token)),
  ];
}
