// What each compensation operation accepts, checked by the rollback engine before it runs one read from
// the journal: ids typed, every field named, nothing else (an unknown argument could widen what the
// inverse touches). `values` is what the engine adds to a field restore; optional fields are those older
// journals do not carry.
import { z } from 'zod';
import { attachments, blocks, messageTs, metadata } from './actions/inputs.js';

/** A conversation's id as Slack answers it (public, private, direct), never a name. */
const channel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'a Slack conversation id, e.g. C0123456789');
const style = z.enum(['replace', 'thread-reply']);
const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 digest');
/** The idempotency key hidden in a scheduled message's text, as the caller gave it. */
const key = z.string().min(1).max(512);

/** Where a posted scheduled message is found and what it must still say (absent from older journals). */
const scheduledPlace = {
  post_at: z.number().int().positive().optional(),
  thread_ts: messageTs.optional(),
  agent_text: digest.optional(),
};

const restored = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).partial().strict().optional();

export const slackCompensationInputs = {
  'slack.message.delete': z.object({ channel, ts: messageTs }).strict(),
  'slack.message.correct': z.object({ channel, ts: messageTs, style, agent_content: digest.optional() }).strict(),
  'slack.message.restore': z
    .object({ channel, ts: messageTs, key: key.nullable().optional(), values: restored({ text: z.string().nullable(), blocks: blocks.nullable(), attachments: attachments.nullable(), metadata: metadata.nullable() }) })
    .strict(),
  'slack.scheduled.retract': z
    .object({ channel, scheduled_message_id: z.string().regex(/^(Q[A-Z0-9]+|posted)$/, 'a scheduled message id, e.g. Q1298393284'), key, exact_until: z.iso.datetime().optional(), ...scheduledPlace })
    .strict(),
  'slack.scheduled.correct': z.object({ channel, key, style, ...scheduledPlace }).strict(),
  'slack.reaction.remove': z.object({ channel, timestamp: messageTs, name: z.string().min(1).regex(/^[^:\s]+$/), values: restored({ reacted: z.boolean().nullable() }) }).strict(),
  'slack.pin.remove': z.object({ channel, timestamp: messageTs, values: restored({ pinned_by: z.string().nullable() }) }).strict(),
  'slack.channel.archive': z.object({ channel }).strict(),
  'slack.channel.topic.restore': z.object({ channel, values: restored({ topic: z.string().nullable() }) }).strict(),
} satisfies Record<string, z.ZodType>;
