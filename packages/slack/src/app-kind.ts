// What kind of Slack app the adapter's token belongs to, and the history tier Slack gives that kind.
// Since 2025-05-29 for new apps (2026-03-03 for existing installs), conversations.history and
// conversations.replies allow a commercially distributed app outside the Slack Marketplace one request
// a minute of at most 15 messages; Marketplace apps and a team's own (internal) apps keep Tier 3.

export const APP_KINDS = ['marketplace', 'internal', 'non-marketplace'] as const;
export type SlackAppKind = (typeof APP_KINDS)[number];

export interface HistoryTier {
  /** Requests per method (conversations.history, conversations.replies) in any window of `windowMs`. */
  requests: number;
  windowMs: number;
  /** Messages asked for per page: Slack caps `limit` at 15 for non-Marketplace apps. */
  pageSize: number;
}

const MINUTE = 60_000;

export function historyTier(kind: SlackAppKind): HistoryTier {
  // Tier 3 is "50+ per minute"; Slack suggests pages of at most 200.
  return kind === 'non-marketplace' ? { requests: 1, windowMs: MINUTE, pageSize: 15 } : { requests: 50, windowMs: MINUTE, pageSize: 200 };
}

/** The Web API methods the tier governs. */
export const HISTORY_METHODS = ['conversations.history', 'conversations.replies'] as const;
export type HistoryMethod = (typeof HISTORY_METHODS)[number];
