// What the inverses accept, in parts: each inverse's input schema, declared beside the action that
// stages it, is built from these and checked by the rollback engine before it runs one read from the
// journal: ids typed, every field named, nothing else (an unknown argument could widen what the inverse
// touches). `values` is what the engine adds to a field restore; optional fields are those older
// journals do not carry.
import { z } from 'zod';

/** A conversation's id as Slack answers it (public, private, direct), never a name. */
export const conversationId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'a Slack conversation id, e.g. C0123456789');
/** How a message is corrected instead of deleted: its text replaced, or a reply in its thread. */
export const correctionStyle = z.enum(['replace', 'thread-reply']);
/** What the agent left, as `contentDigest` gives it. */
export const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 digest');
/** The idempotency key hidden in a message's text (a scheduled message's), as the caller gave it. */
export const hiddenKey = z.string().min(1).max(512);

/** The values a field restore puts back, each field of the shape optional, nothing else. */
export const restored = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).partial().strict().optional();
