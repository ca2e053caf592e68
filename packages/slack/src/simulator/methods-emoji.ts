// emoji.list, and the name a reaction is kept under once the workspace's own aliases are followed.
// Slack lists a workspace's custom emoji as a name to its image's url, or to `alias:<name>` for another
// name of an emoji, custom or standard; a reaction added by an alias is listed under the emoji it stands
// for, as one added by a standard emoji's other name is (see ../emoji-names.ts).
import type { Method, MethodCall } from './methods-chat.js';
import { SlackApiError, type Workspace } from './workspace.js';
import { canonicalEmojiName } from '../emoji-names.js';

/** The scopes a bot token holds in the simulator (the README's list), less the withheld ones. */
const BOT_SCOPES = ['chat:write', 'channels:history', 'channels:read', 'channels:manage', 'reactions:read', 'reactions:write', 'pins:read', 'pins:write', 'emoji:read'];

/** Slack's refusal of a method whose scope the token lacks, naming the scope needed and those held. */
function requireScope({ workspace, actor }: MethodCall, scope: string): void {
  if (!actor.isBot || !workspace.withheldScopes.has(scope)) return;
  const provided = BOT_SCOPES.filter((held) => !workspace.withheldScopes.has(held)).join(',');
  throw new SlackApiError('missing_scope', { needed: scope, provided });
}

/** More aliases in a row than any workspace keeps: a loop of them ends here. */
const ALIAS_HOPS = 10;

/**
 * The name Slack keeps a reaction added as `given` under: a custom alias followed to the emoji it
 * stands for, then a standard emoji's canonical name, a skin tone kept after it.
 */
export function listedEmojiName(workspace: Workspace, given: string): string {
  const at = given.indexOf('::');
  let base = at < 0 ? given : given.slice(0, at);
  for (let hop = 0; hop < ALIAS_HOPS; hop += 1) {
    const value = workspace.customEmoji.get(base);
    if (!value?.startsWith('alias:')) break;
    base = value.slice('alias:'.length);
  }
  return canonicalEmojiName(base + (at < 0 ? '' : given.slice(at)));
}

export const emojiMethods: Record<string, Method> = {
  'emoji.list': (call) => {
    requireScope(call, 'emoji:read');
    return { emoji: Object.fromEntries(call.workspace.customEmoji), cache_ts: `${call.workspace.seconds()}.000000` };
  },
};
