// Idempotency markers: a key in message metadata (posts), or hidden in the text (scheduled messages,
// which Slack posts without metadata), so a write whose answer was lost can be found again.

export const KEY_FIELD = 'backspace_key';
export const WRITE_EVENT = 'backspace_write';
export const CORRECTION_EVENT = 'backspace_correction';

const EDGE = '\u2063';
const ZERO = '\u200b';
const ONE = '\u200c';
const HIDDEN = new RegExp(`${EDGE}([${ZERO}${ONE}]+)${EDGE}`);

/** The key as zero-width characters between invisible separators: readers of the channel see nothing. */
export function hiddenMarker(key: string): string {
  const bits = [...Buffer.from(key, 'utf8')].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  return EDGE + bits.replace(/0/g, ZERO).replace(/1/g, ONE) + EDGE;
}

export function keyInText(text: string | undefined): string | undefined {
  const match = text ? HIDDEN.exec(text) : null;
  if (!match) return undefined;
  const bits = match[1]!.replace(new RegExp(ZERO, 'g'), '0').replace(new RegExp(ONE, 'g'), '1');
  const bytes = bits.match(/.{8}/g)?.map((byte) => parseInt(byte, 2)) ?? [];
  return Buffer.from(bytes).toString('utf8');
}

export function withoutMarker(text: string): string {
  return text.replace(HIDDEN, '');
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** The caller's metadata with the key added, or Backspace's own event when the caller sent none. */
export function metadataWithKey(metadata: MessageMetadata | undefined, key: string): MessageMetadata {
  if (!metadata) return { event_type: WRITE_EVENT, event_payload: { [KEY_FIELD]: key } };
  return { event_type: metadata.event_type, event_payload: { ...metadata.event_payload, [KEY_FIELD]: key } };
}

export function keyInMetadata(metadata: unknown): string | undefined {
  const payload = (metadata as { event_payload?: Record<string, unknown> } | undefined)?.event_payload;
  const key = payload?.[KEY_FIELD];
  return typeof key === 'string' ? key : undefined;
}
