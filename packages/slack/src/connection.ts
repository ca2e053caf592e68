// The adapter's client: the official WebClient plus what every action needs to know about its bot,
// and the one way to read history (conversations.history and .replies), paced to the app's tier.
import type { ConversationsHistoryArguments, ConversationsHistoryResponse, ConversationsRepliesArguments, ConversationsRepliesResponse, WebClient } from '@slack/web-api';
import { callSignal, type Clock } from '@backspace/core';
import { historyTier, type HistoryMethod, type HistoryTier, type SlackAppKind } from './app-kind.js';
import { CallGate, WaitStopped } from './call-gate.js';
import { MessageReader } from './message-reader.js';
import { isSlackError, slackCall, toProviderError } from './slack-errors.js';
import { WorkspaceEmoji } from './workspace-emoji.js';

export type CorrectionStyle = 'replace' | 'thread-reply';

export const DEFAULT_CORRECTION_TEXT = '_This message was posted in error and has been retracted._';

export class SlackConnection {
  private botUser: Promise<string> | undefined;
  readonly tier: HistoryTier;
  private readonly gates: Record<HistoryMethod, CallGate>;
  /** Messages read by channel and ts, many to a request where Slack allows. */
  readonly messages: MessageReader;
  /** The workspace's own emoji aliases, read only where a reaction's name alone does not find it. */
  readonly emoji: WorkspaceEmoji;

  constructor(
    readonly web: WebClient,
    /** How a message others built on is corrected instead of deleted: set per rollback process. */
    readonly correction: { style?: CorrectionStyle; text: string },
    readonly appKind: SlackAppKind,
    readonly clock: Clock,
  ) {
    this.tier = historyTier(appKind);
    this.gates = { 'conversations.history': new CallGate(clock, this.tier), 'conversations.replies': new CallGate(clock, this.tier) };
    this.messages = new MessageReader(this);
    this.emoji = new WorkspaceEmoji(web, clock);
  }

  /** The user id behind the token (auth.test), asked once. */
  botUserId(): Promise<string> {
    this.botUser ??= slackCall('auth.test', false, () => this.web.auth.test()).then((answer) => String(answer.user_id));
    this.botUser.catch(() => (this.botUser = undefined));
    return this.botUser;
  }

  /**
   * One page of a channel's history, paced to the tier; `limit` defaults to (and never passes) the
   * tier's page. Arguments given as a function are made when the request goes, not when it queues.
   */
  history(args: ConversationsHistoryArguments | (() => ConversationsHistoryArguments)): Promise<ConversationsHistoryResponse> {
    return this.paced('conversations.history', () => {
      const made = typeof args === 'function' ? args() : args;
      return this.web.conversations.history({ include_all_metadata: true, ...made, limit: this.pageLimit(made.limit) });
    });
  }

  /** One page of a thread (or the one message, when it has none), paced to the tier. */
  replies(args: ConversationsRepliesArguments): Promise<ConversationsRepliesResponse> {
    return this.paced('conversations.replies', () => this.web.conversations.replies({ include_all_metadata: true, ...args, limit: this.pageLimit(args.limit) }));
  }

  private pageLimit(asked: number | undefined): number {
    return Math.min(asked ?? this.tier.pageSize, this.tier.pageSize);
  }

  private async paced<T>(method: HistoryMethod, call: () => Promise<T>): Promise<T> {
    const gate = this.gates[method];
    try {
      return await gate.run(() => slackCall(method, false, call), callSignal());
    } catch (error) {
      if (error instanceof WaitStopped) throw toProviderError(method, false, error);
      // Slack counts this app against a stricter tier than it was told: wait as Slack says, then go on.
      if (isSlackError(error, 'ratelimited')) gate.pause((error as { retryAfterMs?: number }).retryAfterMs ?? this.tier.windowMs);
      throw error;
    }
  }
}
