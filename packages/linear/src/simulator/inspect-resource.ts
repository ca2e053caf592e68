// One resource's state read straight from the simulator's records, never through the API: the
// conformance suites' and tests' independent reader, offered by the simulator's handle.
import type { Json, ResourceRef } from '@backspace/core';
import type { LinearState } from './linear-state.js';

/** A resource's state read straight from the simulator, never through the adapter; updatedAt left out (it moves on every change). */
export function inspectResource(state: LinearState, resource: ResourceRef): Json | null {
  if (resource.type === 'issue') {
    const issue = state.issues.get(resource.id);
    if (!issue) return null;
    return {
      identifier: state.identifier(issue),
      title: issue.title,
      description: issue.description,
      stateId: issue.stateId,
      assigneeId: issue.assigneeId,
      priority: issue.priority,
      labelIds: [...issue.labelIds].sort(),
      estimate: issue.estimate,
      dueDate: issue.dueDate,
      projectId: issue.projectId,
      cycleId: issue.cycleId ?? null,
      projectMilestoneId: issue.projectMilestoneId ?? null,
      parentId: issue.parentId,
      archived: issue.archivedAt !== null,
      trashed: issue.trashed === true,
      comments: [...state.comments.values()].filter((comment) => comment.issueId === issue.id).map((comment) => ({ body: comment.body, userId: comment.userId })),
      relations: [...state.relations.values()].filter((relation) => relation.issueId === issue.id).map((relation) => ({ type: relation.type, relatedIssueId: relation.relatedIssueId })),
    };
  }
  if (resource.type === 'comment') {
    const comment = state.comments.get(resource.id);
    return comment ? { body: comment.body, issueId: comment.issueId, userId: comment.userId } : null;
  }
  if (resource.type === 'attachment') {
    const attachment = state.attachments.get(resource.id);
    return attachment ? { url: attachment.url, title: attachment.title, issueId: attachment.issueId, creatorId: attachment.creatorId } : null;
  }
  const relation = state.relations.get(resource.id);
  return relation ? { type: relation.type, issueId: relation.issueId, relatedIssueId: relation.relatedIssueId } : null;
}
