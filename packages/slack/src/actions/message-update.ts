// slack.message.update (chat.update). Inverse: restore the text, blocks, attachments and metadata the
// agent changed (three-way, field by field); Slack still shows the message as edited.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { restoreFields, type Snapshot } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { hiddenMarker, keyInText, withoutMarker } from '../marker.js';
import { messageRef, type SlackMessage } from '../resources.js';
import { answeredContent, fetchMessage, readMessage } from '../snapshots.js';
import { conversationId, hiddenKey, restored } from '../compensation-inputs.js';
import { sameContent } from './same-content.js';
import { slackCall } from '../slack-errors.js';
import { attachments, blocks, channelId, hasContent, messageContent, messageTs, metadata } from './inputs.js';

const input = z
  .strictObject({
    channel: channelId,
    ts: messageTs.describe('The ts of the message to edit, e.g. "1700000000.000100"; only a message the bot posted. The content given replaces its content.'),
    ...messageContent,
    metadata: metadata.optional(),
  })
  .refine(hasContent, { message: 'give text, blocks or attachments' });

type Input = z.infer<typeof input>;
export interface UpdateResult {
  ok: true;
  channel: string;
  ts: string;
  text: string;
  message: SlackMessage;
}

const RESTORABLE = ['text', 'blocks', 'attachments', 'metadata'] as const;

/**
 * What `slack.message.restore` names: the message, the key hidden in its text (null: none; absent from
 * older journals) and, added by the engine, the earlier content to put back.
 */
const restoreInput = z
  .object({
    channel: conversationId,
    ts: messageTs,
    key: hiddenKey.nullable().optional(),
    values: restored({ text: z.string().nullable(), blocks: blocks.nullable(), attachments: attachments.nullable(), metadata: metadata.nullable() }),
  })
  .strict();
type RestoreInput = z.infer<typeof restoreInput>;

/**
 * The text to send so the key hidden in a message's text stays there: a posted scheduled message is
 * found by it alone, and an edit that dropped it would make the message look gone to a rollback.
 */
function textKeepingKey(key: string | undefined, text: string | null | undefined): { text?: string | null } {
  if (!key || keyInText(text ?? undefined)) return text === undefined ? {} : { text };
  return { text: (text ?? '') + hiddenMarker(key) };
}

export const messageUpdate = defineSlackAction({
  name: 'slack.message.update',
  reversibility: 'compensatable',
  description: "Edit a message the bot posted (chat.update); undone by restoring the fields it changed, though Slack keeps the 'edited' mark",
  modelDescription:
    "Use this to correct a message the bot itself posted in Slack (other people's messages cannot be edited): the text, blocks or attachments given replace the message's. It changes Slack and can be undone if this session is rolled back by restoring the earlier content, though Slack keeps the message's 'edited' mark.",
  input,
  minimumRequests: 2,
  target: ({ channel, ts }) => messageRef(channel, ts),
  snapshot: ({ channel, ts }, { client }) => readMessage(client, channel, ts),
  // The key a posted scheduled message hides in its text is in the pre-state: no second read.
  async execute(args, { client, pre }): Promise<UpdateResult> {
    const key = typeof pre?.['key'] === 'string' ? pre['key'] : undefined;
    const answer = await slackCall('chat.update', true, () => client.web.chat.update({ ...args, ...textKeepingKey(key, args.text) } as never));
    return { ok: true, channel: String(answer.channel), ts: String(answer.ts), text: withoutMarker(String(answer.text ?? '')), message: answer.message as SlackMessage };
  },
  // chat.update sets content, so an earlier attempt shows as the message already holding it.
  async lookup(args, { client }): Promise<UpdateResult | undefined> {
    const message = await fetchMessage(client, args.channel, args.ts);
    return message && sameContent(message, args) ? { ok: true, channel: args.channel, ts: args.ts, text: withoutMarker(message.text ?? ''), message } : undefined;
  },
  post: (args, result, pre) => (pre ? updatedSnapshot(args, result, pre) : null),
  compensation: (compensated) => {
    const { input: args, pre } = compensated;
    // Slack cannot take metadata off a message, so metadata added where there was none stays (residue).
    const fields = RESTORABLE.filter((field) => args[field] !== undefined && (field !== 'metadata' || (pre?.['metadata'] ?? null) !== null));
    return restoreFields(compensated, {
      operation: 'slack.message.restore',
      // The hidden key the restored text must keep (null: none), so the inverse needs no read first.
      input: { channel: args.channel, ts: args.ts, key: typeof pre?.['key'] === 'string' ? pre['key'] : null },
      fields: [...fields],
      description: `restore ${fields.join(', ')} of message ${args.ts} in ${args.channel}`,
      residue: `message ${args.ts} in ${args.channel} shows as edited`,
      // A message Slack posted from an agent's scheduled one hides that schedule's key: its write made this
      // message, journaled as the scheduled message. Its rollback keeps it whole for this edit's undo to finish.
      ...(typeof pre?.['key'] === 'string' ? { madeBy: pre['key'] } : {}),
    });
  },
  inverses: {
    'slack.message.restore': {
      input: restoreInput,
      // Restoring the text needs no read: its hidden key (null: none) is staged since the adapter kept
      // it. Older journals, and a restore that leaves the text, read the message for it first. The
      // engine adds `values` to every field restore it runs.
      async run({ channel, ts, values, key }: RestoreInput & { values: NonNullable<RestoreInput['values']> }, { client }) {
        const current = values.text === undefined || key === undefined ? await fetchMessage(client, channel, ts) : undefined;
        if ((values.text === undefined || key === undefined) && !current) return;
        const hidden = key === undefined ? keyInText(current?.text) : (key ?? undefined);
        const text = values.text !== undefined ? textKeepingKey(hidden, values.text).text : current?.text;
        const metadata = values.metadata ? { metadata: values.metadata } : {};
        const answer = await slackCall('chat.update', true, () =>
          client.web.chat.update({
            channel,
            ts,
            text,
            ...(values.blocks !== undefined ? { blocks: values.blocks as never } : {}),
            ...(values.attachments !== undefined ? { attachments: values.attachments as never } : {}),
            ...metadata,
          } as never),
        );
        // The content as Slack's answer shows it; a field it leaves out is read.
        const observed = answeredContent(answer.message as SlackMessage | undefined);
        return observed ? { observed } : undefined;
      },
    },
  },
});

/**
 * The message after the edit, from Slack's answer and the pre-state: chat.update sets the content it
 * names (metadata only when given: Slack cannot take it off), and leaves replies and reactions be.
 */
function updatedSnapshot(args: Input, result: UpdateResult, pre: Snapshot): Snapshot {
  const answered = result.message ?? {};
  return {
    ...pre,
    text: result.text,
    blocks: (answered.blocks ?? (args.blocks !== undefined ? args.blocks : pre['blocks'] ?? [])) as Snapshot[string],
    attachments: (args.attachments !== undefined ? args.attachments.map(({ id: _id, ...attachment }) => attachment) : (pre['attachments'] ?? [])) as Snapshot[string],
    metadata: (args.metadata ?? pre['metadata'] ?? null) as Snapshot[string],
  };
}
