// Input pieces shared by the actions, shaped as the WebClient methods' arguments. Slack itself checks
// its limits (text length, block rules), so its own error strings reach the caller.
import { z } from 'zod';

export const channelId = z.string().min(1, 'a channel id, e.g. C0123456789');
export const messageTs = z.string().regex(/^\d{10}\.\d{6}$/, 'a message ts, e.g. 1700000000.000100');
export const blocks = z.array(z.record(z.string(), z.unknown()));
export const attachments = z.array(z.record(z.string(), z.unknown()));
export const metadata = z.object({ event_type: z.string().min(1), event_payload: z.record(z.string(), z.unknown()) });

export const messageContent = {
  text: z.string().optional(),
  blocks: blocks.optional(),
  attachments: attachments.optional(),
};

export const hasContent = (value: { text?: string; blocks?: unknown[]; attachments?: unknown[] }) =>
  value.text !== undefined || value.blocks !== undefined || value.attachments !== undefined;
