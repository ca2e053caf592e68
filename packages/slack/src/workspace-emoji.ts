// A workspace's own emoji aliases. emoji.list names each custom emoji with its image's url, or with
// `alias:<name>` for another name of an emoji, custom or standard; Slack lists a reaction added by an
// alias under the emoji it stands for (`pp`, `alias:partyparrot`, as `partyparrot`), as it does a
// standard emoji's other names (emoji-names.ts). Telling them costs an emoji.list request (Tier 2, scope
// `emoji:read`), so the reads a rollback plans on make it only where a name alone does not find the
// bot's reaction, and at most once a minute per adapter. A bot that may not read them gets Slack's
// refusal (missing_scope) as the read's failure: the reaction is then not known to be gone.
import type { WebClient } from '@slack/web-api';
import { ProviderError, type Clock } from '@backspace/core/adapter-kit';
import { canonicalEmojiName, isKnownStandardName, sameReaction } from './emoji-names.js';
import type { SlackMessage } from './message-reader.js';
import { slackCall } from './slack-errors.js';

/** How long one emoji.list answer is used: a rollback's reads share it; an alias added since is seen within a minute. */
export const EMOJI_LIST_LIFETIME_MS = 60_000;
/** More aliases in a row than any workspace keeps: a loop of them ends here. */
const ALIAS_HOPS = 10;
const ALIAS = 'alias:';

export class WorkspaceEmoji {
  private listed: { at: number; emoji: Promise<ReadonlyMap<string, string>> } | undefined;

  constructor(
    private readonly web: WebClient,
    private readonly clock: Clock,
  ) {}

  /**
   * The name Slack lists a reaction added as `name` under, the workspace's aliases followed (a chain of
   * them too) to a custom emoji or a standard one's canonical name; a skin tone stays after it.
   */
  async listedName(name: string): Promise<string> {
    const emoji = await this.list().catch((error: unknown) => {
      throw whyAliasesMatter(error, name);
    });
    const at = name.indexOf('::');
    let base = at < 0 ? name : name.slice(0, at);
    for (let hop = 0; hop < ALIAS_HOPS; hop += 1) {
      const value = emoji.get(base);
      if (!value?.startsWith(ALIAS)) break;
      base = value.slice(ALIAS.length);
    }
    return canonicalEmojiName(base + (at < 0 ? '' : name.slice(at)));
  }

  private list(): Promise<ReadonlyMap<string, string>> {
    const now = this.clock.now();
    if (this.listed && now - this.listed.at < EMOJI_LIST_LIFETIME_MS) return this.listed.emoji;
    const emoji = slackCall('emoji.list', false, () => this.web.emoji.list()).then((answer) => new Map(Object.entries(answer.emoji ?? {})));
    const listed = { at: now, emoji };
    this.listed = listed;
    // A refusal kept for the minute (missing_scope) is Slack's answer for the whole rollback; one that may
    // pass (a rate limit, Slack's own failure) is asked again, by core's retries or the next read.
    emoji.catch((error: unknown) => {
      if ((!(error instanceof ProviderError) || error.isRetryable) && this.listed === listed) this.listed = undefined;
    });
    return emoji;
  }
}

/** A refused emoji.list, saying what it leaves unknown (the message names no secret: the call's own did not). */
function whyAliasesMatter(error: unknown, name: string): unknown {
  if (!(error instanceof ProviderError)) return error;
  const { provider, status, requestId, providerCode, retryAfterMs, isRetryable } = error;
  return new ProviderError(`the bot's :${name}: reaction may be listed under the emoji a workspace alias stands for, and the workspace's emoji could not be read (${error.message})`, {
    provider,
    ...(status !== undefined ? { status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(providerCode !== undefined ? { providerCode } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    isRetryable,
    cause: error,
  });
}

/**
 * Whether the bot's reaction `name` may be listed under another name on this message, and only the
 * workspace's aliases can tell: the name alone finds no reaction, and one there lists the bot, or lists
 * its users only in part (a history's). A standard emoji's name is never a workspace's alias.
 */
export function mayBeListedElsewhere(message: SlackMessage, name: string, bot: string): boolean {
  const reactions = message.reactions ?? [];
  if (isKnownStandardName(name) || reactions.some((reaction) => sameReaction(reaction.name ?? '', name))) return false;
  return reactions.some((reaction) => (reaction.users ?? []).includes(bot) || (reaction.users?.length ?? 0) < (reaction.count ?? 0));
}
