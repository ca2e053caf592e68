// Reads through the SDK into the flat snapshots a rollback compares, field by field.
import type { Snapshot } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { isNotFound } from './linear-errors.js';

/** The issue fields an update may change, under the names IssueUpdateInput uses. */
export const ISSUE_FIELDS = ['title', 'description', 'stateId', 'assigneeId', 'priority', 'labelIds', 'estimate', 'dueDate', 'projectId', 'parentId'] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

/** One field per label present (`label:<id>`), so adding or removing one label is undone without touching the others. */
export const labelField = (labelId: string) => `label:${labelId}`;

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
    commenters: [...new Set(comments.nodes.map((comment) => comment.userId).filter((user): user is string => !!user))].sort(),
    creatorId: issue.creatorId ?? null,
  };
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
