// Reads through the SDK into the flat snapshots a rollback compares, field by field.
import { resourceKey, type Snapshot } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { isUuid } from './actions/issue-input.js';
import { isNotFound } from './linear-errors.js';

/** The issue fields an update may change, under the names IssueUpdateInput uses. */
export const ISSUE_FIELDS = ['title', 'description', 'stateId', 'assigneeId', 'priority', 'labelIds', 'estimate', 'dueDate', 'projectId', 'parentId'] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

/**
 * One field per label present (`label:<id>`) beside the whole `labelIds` list: every action that
 * changes labels names both, so undoing one label leaves the others, and a rollback's projection of
 * a newer label step is what an older step on the same issue (its creation) compares against.
 */
export const LABEL_PREFIX = 'label:';
export const labelField = (labelId: string) => `${LABEL_PREFIX}${labelId}`;

/** The snapshot field listing the issue's comments as resource keys: what sits on the issue (`contents`). */
export const COMMENTS_FIELD = 'commentIds';
export const commentKey = (id: string) => resourceKey({ provider: 'linear', type: 'comment', id });

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export async function readIssue(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const issue = await orNull(() => calls.call((sdk) => sdk.issue(id)));
  if (!issue) return null;
  const comments = await calls.call(() => issue.comments({ first: 250 }));
  const labelIds = [...issue.labelIds].sort();
  return {
    id: issue.id,
    identifier: issue.identifier,
    teamId: issue.teamId ?? null,
    title: issue.title,
    description: issue.description ?? null,
    stateId: issue.stateId ?? null,
    assigneeId: issue.assigneeId ?? null,
    priority: issue.priority,
    labelIds,
    ...Object.fromEntries(labelIds.map((labelId) => [labelField(labelId), true])),
    estimate: issue.estimate ?? null,
    dueDate: issue.dueDate ? String(issue.dueDate) : null,
    projectId: issue.projectId ?? null,
    parentId: issue.parentId ?? null,
    archived: issue.archivedAt !== undefined,
    trashed: issue.trashed === true,
    comments: comments.nodes.length,
    [COMMENTS_FIELD]: comments.nodes.map((comment) => commentKey(comment.id)).sort(),
    commenters: [...new Set(comments.nodes.map((comment) => comment.userId).filter((user): user is string => !!user))].sort(),
    creatorId: issue.creatorId ?? null,
  };
}

/** The UUID of an issue named by its UUID or its identifier (`ENG-1`): one call only for an identifier. */
export async function issueUuid(calls: LinearCalls, id: string): Promise<string> {
  if (isUuid(id)) return id.toLowerCase();
  return (await calls.call((sdk) => sdk.issue(id))).id;
}

export async function readComment(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const comment = await orNull(() => calls.call((sdk) => sdk.comment({ id })));
  if (!comment) return null;
  return { id: comment.id, issueId: comment.issueId ?? null, body: comment.body, userId: comment.userId ?? null };
}

export async function readRelation(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const relation = await orNull(() => calls.call((sdk) => sdk.issueRelation(id)));
  if (!relation) return null;
  return { id: relation.id, type: relation.type, issueId: relation.issueId ?? null, relatedIssueId: relation.relatedIssueId ?? null };
}
