// A Slack link as the resource it names: a message's permalink (`/archives/C123/p1700000000000100`,
// replies too), or a channel (`/archives/C123`).
import type { ResourceRef } from '@backspace/core';
import { channelRef, messageRef } from './resources.js';

export function slackResourceFromUrl(url: string): ResourceRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const match = /^\/archives\/([A-Z0-9]+)(?:\/p(\d{7,}))?\/?$/.exec(parsed.pathname);
  if (!match) return null;
  const [, channel, digits] = match;
  if (!digits) return channelRef(channel!);
  // A permalink writes the ts without its dot: the last six digits are the microseconds.
  return messageRef(channel!, `${digits.slice(0, -6)}.${digits.slice(-6)}`);
}
