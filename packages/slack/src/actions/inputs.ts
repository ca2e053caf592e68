// Input pieces shared by the actions, shaped as the WebClient methods' arguments. Slack itself checks
// its limits (text length, block rules), so its own error strings reach the caller.
import { z } from 'zod';

export const channelId = z
  .string()
  .min(1, 'a channel id, e.g. C0123456789')
  .describe('The conversation\'s id, e.g. "C0123456789" for a channel or "D0123456789" for a direct message; not its #name.');
export const messageTs = z
  .string()
  .regex(/^\d{10}\.\d{6}$/, 'a message ts, e.g. 1700000000.000100')
  .describe('A message\'s ts, its id within the channel: seconds, a dot and six digits, e.g. "1700000000.000100", as returned when it was posted.');
export const blocks = z
  .array(z.record(z.string(), z.unknown()))
  .describe('Block Kit layout blocks as JSON objects, e.g. [{"type":"section","text":{"type":"mrkdwn","text":"*Deploy done*"}}]. With blocks, text becomes the notification fallback.');
export const attachments = z
  .array(z.record(z.string(), z.unknown()))
  .describe('Legacy secondary attachments as JSON objects, e.g. [{"color":"#36a64f","text":"All checks passed"}]. Prefer blocks.');
export const metadata = z
  .strictObject({
    event_type: z.string().min(1).describe('A name for the kind of event the message carries, in snake_case, e.g. "deploy_finished".'),
    event_payload: z.record(z.string(), z.unknown()).describe('The event\'s data as a JSON object, e.g. {"service":"api","version":"1.4.2"}.'),
  })
  .describe('Structured data attached to the message for apps to read (not shown to people). Leave out unless asked for.');

export const messageContent = {
  text: z
    .string()
    .optional()
    .describe('The message text in Slack mrkdwn (*bold*, _italic_, <https://example.com|link>, <@U0123456789> to mention someone). Give text, blocks or attachments.'),
  blocks: blocks.optional(),
  attachments: attachments.optional(),
};

export const hasContent = (value: { text?: string; blocks?: unknown[]; attachments?: unknown[] }) =>
  value.text !== undefined || value.blocks !== undefined || value.attachments !== undefined;
