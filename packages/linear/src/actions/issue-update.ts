// linear.issue.update: change an issue's fields. Inverse: restore the fields the agent changed (three-way).
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import { restoreFields, type Snapshot } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { nullWhenGone } from '@backspace/core/adapter-kit';
import { ISSUE_ID_QUERY, ISSUE_UPDATE } from '../documents.js';
import { isNotFound } from '../linear-errors.js';
import { changedBySelfSince, changedFirstByOthersSince } from '../history.js';
import { answeredIssue, ISSUE_FIELDS, LABEL_PREFIX, labelField, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { answeredState, held } from '../compensations.js';
import { linearId, restoredValues } from '../compensation-inputs.js';
import { issueFieldsInput, isUuid, issueRef, issueRefOnceRead } from './issue-input.js';

const input = z
  .strictObject({
    id: z.string().min(1).describe('The issue: its identifier as shown in Linear (team key, dash, number, e.g. "ENG-123") or its UUID.'),
    ...Object.fromEntries(ISSUE_FIELDS.map((field) => [field, issueFieldsInput[field].optional()])),
  } as { id: z.ZodString } & { [K in keyof typeof issueFieldsInput]: z.ZodOptional<(typeof issueFieldsInput)[K]> })
  .refine((value) => ISSUE_FIELDS.some((field) => value[field] !== undefined), { message: `give at least one of ${ISSUE_FIELDS.join(', ')}` });
type Input = z.infer<typeof input>;

export interface UpdatedIssue {
  id: string;
  lastSyncId: number;
}

const changed = (patch: Omit<Input, 'id'>) => ISSUE_FIELDS.filter((field) => patch[field] !== undefined);
const labelsIn = (value: unknown) => new Set(Array.isArray(value) ? (value as string[]) : []);
const changedLabels = (before: unknown, after: unknown) => {
  const [was, is] = [labelsIn(before), labelsIn(after)];
  return [...new Set([...was, ...is])].filter((label) => was.has(label) !== is.has(label)).sort().map(labelField);
};
const normalized = (field: string, value: unknown) => (field === 'labelIds' && Array.isArray(value) ? [...new Set(value as string[])].sort() : value);
const same = (field: string, left: unknown, right: unknown) => JSON.stringify(normalized(field, left) ?? null) === JSON.stringify(normalized(field, right) ?? null);

/** The issue's project milestone: one of its project's, which Linear clears when the issue leaves that project. */
const MILESTONE_FIELD = 'projectMilestoneId';

/** The inverse's input: the issue, and (added by the engine at rollback) the earlier values to put back. */
const restoreInput = z.object({ id: linearId, values: restoredValues([...ISSUE_FIELDS, MILESTONE_FIELD]).optional() }).strict();

/**
 * The fields to restore as one issueUpdate: plain fields as they were, and single labels (`label:<id>`,
 * restored where the whole list was changed by someone since) as labels to add back or take off.
 */
function restorePatch(values: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = Object.fromEntries(Object.entries(values).filter(([field]) => field === MILESTONE_FIELD || (ISSUE_FIELDS as readonly string[]).includes(field)));
  if ('labelIds' in patch) return patch;
  const labels = Object.entries(values).filter(([field]) => field.startsWith(LABEL_PREFIX));
  const added = labels.filter(([, present]) => present === true).map(([field]) => field.slice(LABEL_PREFIX.length));
  const removed = labels.filter(([, present]) => present !== true).map(([field]) => field.slice(LABEL_PREFIX.length));
  if (added.length > 0) patch.addedLabelIds = added;
  if (removed.length > 0) patch.removedLabelIds = removed;
  return patch;
}

const labelsNamed = (fields: Record<string, unknown>) => Object.keys(fields).filter((field) => field.startsWith(LABEL_PREFIX)).map((field) => field.slice(LABEL_PREFIX.length));

/**
 * Why the restore is kept whole, where it would put the project and the milestone back apart: a person who
 * planned the issue into a milestone of the project the agent put it in would lose it with the project put
 * back; one who set its project since may have put it where the agent's cleared milestone does not belong.
 * Both keep nothing of the agent's but an over-cautious conflict, never a loss. Reads the issue only where a run
 * has no planned state and must tell whether it is in a milestone.
 */
async function apartFromMilestone(client: LinearCalls, id: string, values: Record<string, unknown>, planned: Snapshot | null | undefined): Promise<string | undefined> {
  const project = 'projectId' in values;
  const milestone = MILESTONE_FIELD in values;
  const name = String(held(planned?.identifier) ?? id);
  if (milestone && !project) return `someone set the project of ${name} since the agent moved it: the milestone the agent's move cleared is not put back apart from its project, and ${name} stays as they left it`;
  if (!project || milestone) return undefined;
  const now = planned !== undefined ? planned : await readIssue(client, id);
  const theirs = held(now?.[MILESTONE_FIELD]);
  return theirs ? `someone planned ${name} into milestone ${String(theirs)} of the project the agent moved it to: putting the project back would take it out of their milestone, so it stays` : undefined;
}

/**
 * The patch with its parent named as Linear keeps it: by UUID. Linear takes `parentId` as an identifier
 * (`ENG-1`) too, and an issue's reads give the parent's UUID, so a lookup comparing the two as given would
 * take the agent's own move for someone else's. One request, only where the parent was named by identifier;
 * a parent gone for good keeps the name given.
 */
async function withParentUuid(client: LinearCalls, patch: Omit<Input, 'id'>): Promise<Omit<Input, 'id'>> {
  if (typeof patch.parentId !== 'string' || isUuid(patch.parentId)) return patch;
  const named = patch.parentId;
  const parent = await nullWhenGone(() => client.request<{ issue: { id: string } }>(ISSUE_ID_QUERY, { id: named }), isNotFound);
  return parent ? { ...patch, parentId: parent.issue.id } : patch;
}

export const issueUpdate = defineLinearAction({
  name: 'linear.issue.update',
  reversibility: 'reversible',
  description: "Update an issue's fields; undone by restoring the fields the agent changed that nobody changed since",
  input,
  target: ({ id }) => issueRef(id),
  canonicalTarget: issueRefOnceRead,
  minimumRequests: 2,
  snapshot: ({ id }, { client }) => readIssue(client, id),
  // The answer carries the issue as its snapshot reads it: the post-state, with no read back.
  execute: async ({ id, ...patch }, { client }) => {
    const payload = await client.mutate<{ lastSyncId: number; issue: IssueNode }>(ISSUE_UPDATE, { id, input: patch }, 'issueUpdate');
    const post = await answeredIssue(client, payload.issue);
    return withPost({ id: String(post.id), lastSyncId: payload.lastSyncId }, post);
  },
  // Setting fields is idempotent: an update whose answer was lost is found by its values being in place.
  // Read partly otherwise (a person changed a field since), it landed if the key's own user changed one of
  // its fields after the pre-state's version by the issue's history: then it answers as the write left it.
  lookup: async ({ id, ...named }, { client, pre, writtenByAnotherSince }) => {
    const current = await readIssue(client, id);
    if (!current) return undefined;
    const patch = await withParentUuid(client, named);
    const since = pre?.['updatedAt'];
    if (changed(patch).every((field) => same(field, current[field], patch[field]))) {
      // In place, perhaps by a person's same change made by hand after this request never arrived (the
      // agent's later writes may have made it again since): not this write's where the history says
      // someone else first changed one of the fields it changes.
      const changes = changed(patch).filter((field) => !same(field, pre?.[field], patch[field]));
      if (typeof since === 'string' && changes.length > 0 && (await changedFirstByOthersSince(client, id, Object.fromEntries(changes.map((field) => [field, patch[field]])), since))) return undefined;
      return withPost({ id: String(current.id), lastSyncId: 0 }, current);
    }
    if (typeof since !== 'string' || !(await changedBySelfSince(client, id, changed(patch), since))) return undefined;
    // The key's own change may be a later journaled write's (the agent writing over a person who made
    // this lost one by hand): not proof of this one. The next write's pre-state settles it instead.
    if (await writtenByAnotherSince?.(issueRef(String(current.id)))) return undefined;
    const written = Object.fromEntries(changed(patch).map((field) => [field, normalized(field, patch[field])])) as typeof current;
    return withPost({ id: String(current.id), lastSyncId: 0 }, { ...current, ...written });
  },
  resource: (_input, result) => issueRef(result.id),
  post: (_input, result) => postOf(result),
  compensation: (args) => {
    const { input: { id: _named, ...patch }, result, resource, pre, post } = args;
    const id = result?.id ?? resource.id;
    const fields: string[] = changed(patch);
    // The labels that changed, one field each as the label actions name them, so the chain of steps projects.
    if (fields.includes('labelIds')) fields.push(...changedLabels(pre?.labelIds, post?.labelIds));
    // A move to another project takes the issue out of its milestone there: the milestone goes back with it.
    if (fields.includes('projectId')) fields.push(MILESTONE_FIELD);
    // Moved under a parent, it sits inside it: a rollback that takes the parent away (one that selects
    // only the agent's creation of it, say) brings this move back along, run first.
    const parent = patch.parentId ? (typeof post?.parentId === 'string' ? post.parentId : patch.parentId) : null;
    // Moved out of a parent, it goes back under it: an issue this same rollback archives or trashes (the
    // agent's creation of it) keeps it, a person's issue put back inside, unless the rollback takes this
    // one away too. Otherwise the undo of the parent's creation would put it away with their issue in it.
    const former = patch.parentId !== undefined && typeof pre?.parentId === 'string' && pre.parentId !== post?.parentId ? pre.parentId : null;
    return restoreFields(args, {
      operation: 'linear.issue.restore',
      input: { id },
      fields,
      ...(parent ? { dependsOn: [issueRef(parent)] } : {}),
      // The undo takes it back out of that new parent: not someone's issue kept there, when the same
      // rollback archives the new parent (the agent's creation of it).
      ...(parent && parent !== pre?.parentId ? { outOf: [issueRef(parent)] } : {}),
      ...(former ? { into: [issueRef(former)] } : {}),
      // Only a restore of the parent moves it; a person's later move of it is kept, and so is where it is.
      movesVia: 'parentId',
      description: `restore ${changed(patch).join(', ')} of ${pre?.identifier ?? id}`,
    });
  },
  inverses: {
    'linear.issue.restore': {
      input: restoreInput,
      run: async ({ id, values = {} }: z.infer<typeof restoreInput>, { client, pre }) => {
        const kept = await apartFromMilestone(client, id, values, pre);
        if (kept) return { keptBecause: kept };
        const patch = restorePatch(values);
        if (Object.keys(patch).length === 0) return;
        const payload = await client.mutate<{ issue: IssueNode | null }>(ISSUE_UPDATE, { id, input: patch }, 'issueUpdate');
        return answeredState(client, payload.issue, labelsNamed(values));
      },
    },
  },
});
