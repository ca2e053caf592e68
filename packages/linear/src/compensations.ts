// What the inverses share: how a write's answer is reported, and the one operation two actions stage
// (unarchiving an issue, for linear.issue.archive and linear.issue.delete). Every other inverse is
// declared beside the action that stages it. Each is safe to run again (undoing what is already undone
// succeeds).
import { z } from 'zod';
import { doneWhenGone, restoreFields, type Compensation, type CompensationArgs, type CompensationOperation, type CompensationReport, type Snapshot } from '@backspace/core/adapter-kit';
import type { LinearCalls } from './linear-calls.js';
import { isNotFound } from './linear-errors.js';
import { ISSUE_ARCHIVE, ISSUE_DELETE, ISSUE_QUERY, ISSUE_UNARCHIVE } from './documents.js';
import { answeredIssue, labelField, LIFECYCLE_FIELD, LIFECYCLES, lifecycleOf, readIssue, type IssueNode, type Lifecycle } from './snapshots.js';
import { linearId } from './compensation-inputs.js';
import { issueLastWriters } from './history.js';
import { issueRef } from './actions/issue-input.js';
import { backToArchive } from './actions/taken-along.js';

// No compensation reads before it writes: planning read the resource just before and runs a step only
// while it is still to undo (an issue already archived is `already-undone`), and gives each inverse the
// state it planned against. Each mutation is the adapter's own document, whose payload carries the issue
// as a read selects it: that answer is what the engine verifies (no read after). So a step costs its
// write alone, beside its share of planning (two writes for an issue put back from the trash into the
// archive; a read first only where a run has no planned state and must tell what a flag not restored holds,
// and where a run is retried: the attempt before may have made its first write).

/** A delete: done, or done already (Linear answers "not found"); either way its answer shows it gone. */
export async function deleted(write: () => Promise<unknown>): Promise<CompensationReport> {
  await doneWhenGone(write, isNotFound);
  return { observed: null };
}

/**
 * The issue as a mutation's payload shows it, in the snapshot form a read gives. The labels named (the
 * ones the inverse put on or took off) are stated either way: the payload's `labelIds` is the whole
 * list, so a label not on it is off the issue. A payload without the issue says nothing: read instead.
 */
export async function answeredState(client: LinearCalls, issue: IssueNode | null | undefined, labelIds: string[] = []): Promise<CompensationReport | undefined> {
  if (!issue) return undefined;
  const observed = await answeredIssue(client, issue);
  for (const labelId of labelIds) observed[labelField(labelId)] ??= null;
  return { observed };
}

/**
 * The inverse's input: the issue, where the agent left it (`left`: its lifecycle is compared too), and,
 * added by the engine, the values to put back (`lifecycle`, `archived`, `trashed`: those the three-way
 * check restores). Journals from before `left` compare the two flags alone and name only those.
 */
const unarchiveInput = z
  .object({
    id: linearId,
    left: z.enum(LIFECYCLES).optional(),
    /** Sub-issues archived or trashed before the agent's trash took them along: archived again once the issue is restored. */
    away: z.array(linearId).optional(),
    values: z.object({ [LIFECYCLE_FIELD]: z.enum(LIFECYCLES), archived: z.boolean(), trashed: z.boolean() }).partial().strict().optional(),
  })
  .strict();
type UnarchiveInput = z.infer<typeof unarchiveInput>;
type IssuePayload = { entity: IssueNode | null };

/** A field of the planned state as the value it holds: one planning marked as someone else's (`{ changedByOthers }`) holds the value they set. */
export const held = (value: unknown): unknown => (value !== null && typeof value === 'object' && 'changedByOthers' in value ? (value as { changedByOthers: unknown }).changedByOthers : value);

/** A flag of the planned state, or false. */
export const flag = (value: unknown): boolean => held(value) === true;

/**
 * Where the undo puts the issue, or why it leaves it as it is. The lifecycle restored is that one. Without
 * it, the flags restored, the others as planning left them: a step whose lifecycle was compared (`left`)
 * and not restored is one someone moved elsewhere since; and Linear takes nothing out of the archive
 * without taking it out of the trash, so unarchiving an issue that stays in the trash (a person's) is
 * not done either.
 */
function target({ left, values = {} }: UnarchiveInput, now: Snapshot | null, name: string): { lifecycle: Lifecycle } | { keptBecause: string } {
  const restored = values[LIFECYCLE_FIELD];
  if (restored) return { lifecycle: restored };
  const stands = now ? lifecycleOf(flag(now.archived), flag(now.trashed)) : undefined;
  if (left) return { keptBecause: `someone else moved ${name} since the agent left it ${left}${stands ? ` (it is ${stands})` : ''}: it stays where they put it` };
  const archived = values.archived ?? flag(now?.archived);
  const trashed = values.trashed ?? flag(now?.trashed);
  if (trashed && !archived) return { keptBecause: `${name} is in the trash, put there by someone else since the agent archived it: unarchiving it would take it out of the trash` };
  return { lifecycle: lifecycleOf(archived, trashed) };
}

/**
 * The writes from where the issue stands to `goal`: into the trash in one; out of the archive and the trash
 * in one; into the archive from the trash in two (Linear takes nothing out of the trash without taking it
 * out of the archive), from an active issue in one. `from` unknown (no planned state): as from the trash.
 */
async function moveTo(client: LinearCalls, id: string, from: Lifecycle | undefined, goal: Lifecycle, away: string[] = []): Promise<CompensationReport | undefined> {
  if (goal === 'trashed') return answeredState(client, (await client.mutate<IssuePayload>(ISSUE_DELETE, { id }, 'issueDelete')).entity);
  if (goal === 'active' || from !== 'active') {
    const restored = await client.mutate<IssuePayload>(ISSUE_UNARCHIVE, { id }, 'issueUnarchive');
    // A restore may bring back the sub-issues the trash took along, those put away before it too.
    await backToArchive(client, restored.entity, new Set(away));
    if (goal === 'active') return answeredState(client, restored.entity);
  }
  return answeredState(client, (await client.mutate<IssuePayload>(ISSUE_ARCHIVE, { id }, 'issueArchive')).entity);
}

/**
 * A retried run (the attempt before failed, perhaps after its first write landed): where the issue stands
 * now, or why it is left there. Planning's state no longer says: the attempt before may have taken it out of
 * the trash on the way to the archive. Still ours to move only while the history names the API key's own
 * user (the agent's write, or this undo's first) as the last to move it; a person who moved it while the
 * undo waited keeps it where they put it.
 */
async function standing(client: LinearCalls, id: string, goal: Lifecycle): Promise<{ from: Lifecycle } | CompensationReport> {
  const now = await readIssue(client, id);
  if (!now) return { observed: null };
  const from = lifecycleOf(now.archived === true, now.trashed === true);
  if (from === goal) return { observed: now };
  const mover = (await issueLastWriters(client, id)).get(LIFECYCLE_FIELD);
  if (mover?.self) return { from };
  return { keptBecause: `someone else moved ${String(now.identifier)} while the undo waited to be sent again (it is ${from}): it stays where they put it` };
}

export const compensations: Record<string, CompensationOperation<LinearCalls>> = {
  'linear.issue.unarchive': {
    input: unarchiveInput,
    // Two writes where the issue goes from the trash back into the archive: a retry after the first
    // landed finds it out of both, which is this undo's own doing, not someone's change (see `standing`).
    writesMany: true,
    // issueUnarchive takes an issue out of the archive and the trash alike: one that was archived before
    // the agent trashed it is archived again after. The issue as planning read it (newer steps' undos
    // projected) says what the flags not restored hold; without it (a run resumed elsewhere), it is read.
    run: async (input: UnarchiveInput, { client, pre, attempt = 1 }) => {
      const { id } = input;
      const planned = pre !== undefined ? pre : input.values?.[LIFECYCLE_FIELD] ? null : await readIssue(client, id);
      const goal = target(input, planned, String(planned?.identifier ?? id));
      if ('keptBecause' in goal) return { keptBecause: goal.keptBecause };
      if (attempt === 1) return moveTo(client, id, planned ? lifecycleOf(flag(planned.archived), flag(planned.trashed)) : undefined, goal.lifecycle, input.away);
      const now = await standing(client, id, goal.lifecycle);
      if ('from' in now) return moveTo(client, id, now.from, goal.lifecycle, input.away);
      // Restored by the attempt before, which may have died before the sub-issues away before the trash
      // went back into the archive: they go back now (a read, then a write each, only on this path).
      if (goal.lifecycle === 'active' && input.away?.length) await backToArchive(client, (await client.request<{ issue: IssueNode }>(ISSUE_QUERY, { id })).issue, new Set(input.away));
      return now;
    },
  },
};

/** A snapshot from before the lifecycle field, given the lifecycle its flags make up. */
const withLifecycle = (snapshot: Snapshot | null): Snapshot | null =>
  snapshot && !(LIFECYCLE_FIELD in snapshot) ? { ...snapshot, [LIFECYCLE_FIELD]: lifecycleOf(snapshot.archived === true, snapshot.trashed === true) } : snapshot;

/**
 * The inverse of archiving or trashing an issue: put back where it stood (active, or archived before the
 * agent trashed it), three-way over its lifecycle and the two flags it is made of: a person who moved it
 * since (trashed the issue the agent archived, restored it) keeps theirs. Without a pre-state it expects
 * an active issue.
 */
export function unarchiveIssue(args: CompensationArgs<unknown, { id: string; sub_issues_away_before?: string[] } | undefined>, spec: Pick<Compensation, 'description' | 'reversibleUntil'>): Compensation {
  const { result, resource } = args;
  const pre = withLifecycle(args.pre);
  const post = withLifecycle(args.post);
  const left = post?.[LIFECYCLE_FIELD];
  const away = result?.sub_issues_away_before;
  const input = { id: result?.id ?? resource.id, ...(typeof left === 'string' ? { left } : {}), ...(away?.length ? { away } : {}) };
  // Back among its parent's sub-issues once active again: a parent this same rollback archives or trashes
  // (the agent's creation of it) keeps it, unless the rollback takes this issue away too.
  const parent = post?.parentId ?? pre?.parentId;
  const backInside = typeof parent === 'string' && (pre?.[LIFECYCLE_FIELD] ?? 'active') === 'active';
  return {
    ...restoreFields({ resource, pre, post }, { operation: 'linear.issue.unarchive', input, fields: [LIFECYCLE_FIELD, 'archived', 'trashed'], ...(backInside ? { into: [issueRef(parent)] } : {}), ...spec }),
    expect: { fields: { [LIFECYCLE_FIELD]: pre?.[LIFECYCLE_FIELD] ?? 'active', archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
  };
}
