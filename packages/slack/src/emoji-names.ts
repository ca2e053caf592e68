// The name Slack keeps a reaction under. Slack accepts any of a standard emoji's names on reactions.add
// and reactions.remove, but stores and lists the reaction under one: its canonical short name, the first
// of `short_names` in iamcal's emoji-data (Slack's emoji set). A reaction added as `thumbsup` is listed
// by reactions.get, conversations.history and conversations.replies as `+1`, `thumbsdown` as `-1`, and
// adding `+1` where the same user's `thumbsup` is already there answers already_reacted. Sources:
// - reactions.add (docs.slack.dev/reference/methods/reactions.add): a skin tone is the base name plus
//   `::skin-tone-2` … `::skin-tone-6`, "the base emoji and the specified skin color";
// - emoji-data's README (github.com/iamcal/emoji-data): `short_name` the agreed name, `short_names`
//   every known one; its entry for U+1F44D is `short_names: ["+1", "thumbsup"]`;
// - scrapinghub/slackbot#49: a bot's test could not match the name it reacted with, Slack naming the
//   reaction by another of the emoji's names ("+1 / thumbsup"); gammons/slk#65: reactions.add takes
//   Slack's own short names (`+1`) and answers invalid_name for other spellings such as `thumbs_up`.
// A workspace's own aliases (emoji.list's `alias:…` entries) are not known here: telling them costs an
// emoji.list request, made only for a name that is no standard emoji's (workspace-emoji.ts).
import { EMOJI_ALIASES } from './emoji-aliases.js';
import { STANDARD_EMOJI_NAMES } from './emoji-standard-names.js';

/** A skin tone as Slack writes it after the emoji's name. */
export const SKIN_TONE = /^skin-tone-[2-6]$/;

/**
 * The name Slack lists a reaction added as `name` under: the emoji's canonical short name, and its
 * skin tone kept (`thumbsup::skin-tone-2` is listed as `+1::skin-tone-2`). A name this table does not
 * know (a custom emoji, a newer one) is its own.
 */
export function canonicalEmojiName(name: string): string {
  const at = name.indexOf('::');
  const base = at < 0 ? name : name.slice(0, at);
  return (EMOJI_ALIASES.get(base) ?? base) + (at < 0 ? '' : name.slice(at));
}

/** Whether two reaction names name the same reaction on Slack. */
export function sameReaction(a: string, b: string): boolean {
  return canonicalEmojiName(a) === canonicalEmojiName(b);
}

let standardNames: ReadonlySet<string> | undefined;
/**
 * Whether the tables know `name` (its skin tone aside) as one of a standard emoji's names: no workspace
 * emoji takes such a name (Slack refuses one), so it is no workspace alias either. An emoji newer than
 * the tables reads as unknown, as a workspace's own would.
 */
export function isKnownStandardName(name: string): boolean {
  standardNames ??= new Set([...EMOJI_ALIASES.keys(), ...STANDARD_EMOJI_NAMES]);
  const at = name.indexOf('::');
  return standardNames.has(at < 0 ? name : name.slice(0, at));
}
