// Recording a write that reached the provider: post-state, final compensation, `action.committed`.
import { actionResource, type ActionDefinition } from '../contract/action.js';
import type { Adapter } from '../contract/adapter.js';
import type { Json, Snapshot } from '../contract/json.js';
import { errorJson } from './errors-json.js';
import type { JournalEntry, NewEntry } from '../contract/journal.js';
import { resourceKey } from '../contract/resource.js';
import type { RuntimeContext } from './context.js';
import { redactPaths, toJson } from './redact.js';
import { withRetry } from './retry.js';

export interface CommitArgs {
  definition: ActionDefinition;
  adapter: Adapter;
  input: unknown;
  result: unknown;
  pre: Snapshot | null;
  /** Session, agent, action id, key and correlation id of the intent. */
  base: Omit<NewEntry, 'type' | 'data'>;
  reconciled?: boolean;
  /** The pre-state was read again before a retry: journaled with the outcome, as the one the write changed. */
  preReadAgain?: boolean;
}

/** The post-state version of a write found by a lookup: unknown, so never equal to one read. */
export const LOOKED_UP_VERSION = 'unknown: found by a lookup';

export async function recordCommit(context: RuntimeContext, args: CommitArgs): Promise<{ resourceKey: string }> {
  const { definition, adapter, input, result, pre } = args;
  const resource = actionResource(definition, input, result);
  // The write landed: a failed read-back must not hide that. Without the post-state the inverse is
  // built at planning, from the state then (`postUnread`).
  let post: Snapshot | null = null;
  let postReadError: Json | null = null;
  try {
    post = definition.post ? definition.post(input, result, pre) : await withRetry(() => adapter.read(resource), context.clock, context.retry);
  } catch (error) {
    postReadError = errorJson(error);
  }
  // A write found by a lookup is answered as the resource reads now: its version is then the latest
  // edit's, whoever made it (a person who made the same change after a request that never arrived, say).
  // Marked unknown, it never matches what planning reads, so planning asks the provider's history who
  // set each field the inverse would restore, and keeps what the agent did not write.
  if (args.reconciled && post && adapter.versionField && adapter.versionField in post) post = { ...post, [adapter.versionField]: LOOKED_UP_VERSION };
  const compensation = postReadError ? null : definition.compensation({ input, result, pre, post, resource, now: context.clock.now() });
  const key = resourceKey(resource);
  await context.append({
    ...args.base,
    type: 'action.committed',
    resource: key,
    data: {
      result: redactPaths(toJson(result), definition.sensitive?.result ?? []),
      post: toJson(post),
      compensation: toJson(compensation),
      reversibility: definition.reversibility,
      ...(args.reconciled ? { reconciled: true } : {}),
      ...(args.preReadAgain ? { pre: toJson(pre) } : {}),
      ...(postReadError ? { postUnread: true, postReadError } : {}),
    },
  });
  return { resourceKey: key };
}

/**
 * The pre-state a write changed, for a lookup and the inverse built on what it finds: the one read
 * again before its last retry, journaled with an `unknown` outcome, else the intent's.
 */
export function journaledPre(context: RuntimeContext, intent: JournalEntry, entries: readonly JournalEntry[]): Snapshot | null {
  const outcome = entries.find((entry) => entry.type === 'action.unknown' && entry.actionId === intent.actionId);
  const again = outcome ? (context.open(outcome) as { pre?: Json } | null)?.pre : undefined;
  return (again ?? (context.open(intent) as { pre?: Json } | null)?.pre ?? null) as Snapshot | null;
}
