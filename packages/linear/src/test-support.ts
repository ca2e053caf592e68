// Test helpers: a simulator with the agent's adapter and a human's own LinearClient, and a direct state reader.
import { LinearClient } from '@linear/sdk';
import type { Json, ResourceRef } from '@backspace/core';
import type { RequestPredicate } from '@backspace/testkit';
import { createLinearAdapter } from './linear-adapter.js';
import { createLinearSimulator, type LinearSimulator, type LinearSimulatorOptions } from './simulator/index.js';

export async function startLinear(options: LinearSimulatorOptions = {}) {
  const simulator = await createLinearSimulator(options);
  const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const human = new LinearClient({ apiKey: simulator.seed.tokens.human, apiUrl: simulator.apiUrl });
  return { simulator, adapter, human };
}

/** A resource's state read straight from the simulator, never through the adapter; updatedAt left out (it moves on every change). */
export function inspectResource(simulator: LinearSimulator, resource: ResourceRef): Json | null {
  const { state } = simulator;
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
  const relation = state.relations.get(resource.id);
  return relation ? { type: relation.type, issueId: relation.issueId, relatedIssueId: relation.relatedIssueId } : null;
}

/** Matches the GraphQL request running one mutation field, e.g. `issueCreate`. */
export function mutation(field: string): RequestPredicate {
  return (request) => typeof (request.body as { query?: unknown })?.query === 'string' && (request.body as { query: string }).query.includes(`${field}(`);
}
