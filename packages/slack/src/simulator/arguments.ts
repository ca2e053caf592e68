// Reading a Web API call's arguments the way Slack does: form fields are strings (JSON inside them for
// blocks, attachments and metadata), JSON bodies carry real values; either way the same checks apply.
import { SlackApiError, type Metadata } from './workspace.js';

export type Arguments = Record<string, unknown>;

const BLOCK_TYPES = new Set(['section', 'divider', 'header', 'context', 'actions', 'image', 'rich_text', 'input', 'markdown', 'file', 'video']);
export const MAX_TEXT_LENGTH = 40_000;
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3_000;

export function stringArg(args: Arguments, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function booleanArg(args: Arguments, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

function jsonArg(args: Arguments, name: string, error: string): unknown {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new SlackApiError(error);
  }
}

export function blocksArg(args: Arguments): Record<string, unknown>[] | undefined {
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  if (blocks.length > MAX_BLOCKS) throw new SlackApiError('invalid_blocks');
  for (const block of blocks) {
    if (typeof block !== 'object' || block === null || !BLOCK_TYPES.has(String((block as { type?: unknown }).type))) throw new SlackApiError('invalid_blocks');
    const text = (block as { text?: unknown }).text;
    if ((block as { type: string }).type === 'section') {
      const inner = typeof text === 'object' && text !== null ? (text as { text?: unknown; type?: unknown }) : undefined;
      const fields = (block as { fields?: unknown }).fields;
      if (!inner && !Array.isArray(fields)) throw new SlackApiError('invalid_blocks');
      if (inner && (typeof inner.text !== 'string' || inner.text.length > MAX_SECTION_TEXT || (inner.type !== 'mrkdwn' && inner.type !== 'plain_text'))) throw new SlackApiError('invalid_blocks');
    }
  }
  return blocks as Record<string, unknown>[];
}

export function attachmentsArg(args: Arguments): Record<string, unknown>[] | undefined {
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  if (attachments === undefined) return undefined;
  if (!Array.isArray(attachments) || attachments.some((item) => typeof item !== 'object' || item === null)) throw new SlackApiError('invalid_attachments');
  if (attachments.length > 100) throw new SlackApiError('too_many_attachments');
  return attachments as Record<string, unknown>[];
}

export function metadataArg(args: Arguments): Metadata | undefined {
  const metadata = jsonArg(args, 'metadata', 'invalid_metadata_format');
  if (metadata === undefined) return undefined;
  const candidate = metadata as Partial<Metadata> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.event_type !== 'string' || typeof candidate.event_payload !== 'object' || candidate.event_payload === null) {
    throw new SlackApiError('invalid_metadata_format');
  }
  if (JSON.stringify(candidate).length > 8_000) throw new SlackApiError('metadata_too_large');
  return { event_type: candidate.event_type, event_payload: candidate.event_payload as Record<string, unknown> };
}

/** The content of a message to post or update, checked against Slack's limits. */
export function contentArgs(args: Arguments) {
  const text = stringArg(args, 'text');
  const blocks = blocksArg(args);
  const attachments = attachmentsArg(args);
  if (text === undefined && !blocks?.length && !attachments?.length) throw new SlackApiError('no_text');
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new SlackApiError('msg_too_long');
  return { text: text ?? '', ...(blocks ? { blocks } : {}), ...(attachments ? { attachments } : {}) };
}
