// The adapter's client: the official WebClient plus what every action needs to know about its bot.
import type { WebClient } from '@slack/web-api';
import { slackCall } from './slack-errors.js';

export type CorrectionStyle = 'replace' | 'thread-reply';

export const DEFAULT_CORRECTION_TEXT = '_This message was posted in error and has been retracted._';

export class SlackConnection {
  private botUser: Promise<string> | undefined;

  constructor(
    readonly web: WebClient,
    /** How a message others built on is corrected instead of deleted: set per rollback process. */
    readonly correction: { style?: CorrectionStyle; text: string },
  ) {}

  /** The user id behind the token (auth.test), asked once. */
  botUserId(): Promise<string> {
    this.botUser ??= slackCall('auth.test', false, () => this.web.auth.test()).then((answer) => String(answer.user_id));
    this.botUser.catch(() => (this.botUser = undefined));
    return this.botUser;
  }
}
