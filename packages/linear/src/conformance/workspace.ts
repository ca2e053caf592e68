// Where the conformance cases act: one team with its workflow states and labels, issues as the seed
// describes them, an agent and a human, and a reader of their state that never goes through the
// adapter. The simulator workspace reaches into the simulator's records; the API workspace uses only
// Linear's public GraphQL API, so the same cases run against api.linear.app.
import type { LinearClient } from '@linear/sdk';
import type { Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment } from '@backspace/testkit';

export interface LinearWorkspace {
  teamId(): string;
  /** A workflow state of the team, by the seed's names (Backlog, In Progress, Done, ...). */
  stateId(name: string): string;
  /** A label the team's issues may carry, by the seed's names (Bug, Feature, Improvement). */
  labelId(name: string): string;
  /** The issue SEED_ISSUES[index] describes, as seeded; in a live sandbox created for each check that asks. */
  seededIssue(index: 0 | 1): Promise<string>;
  /** A title no earlier run used, so that a created issue never repeats an open one a run left. */
  uniqueTitle(title: string): string;
  /** Acts as another member of the workspace. */
  human: LinearClient;
  /** A resource's state, read without the adapter, comparable as JSON. */
  inspect(resource: ResourceRef): Promise<Json | null>;
  /** Only the simulator counts writes, for the dropped-response check that runs only there. */
  counts?: WriteCounts;
}

export interface WriteCounts {
  /** Mutations of that name that committed. */
  committed(mutation: string): number;
  /** Records of that kind that exist. */
  stored(kind: 'issues' | 'comments' | 'relations'): number;
}

export type LinearConformanceEnvironment = ConformanceEnvironment & { workspace: LinearWorkspace };

export function workspaceOf(environment: ConformanceEnvironment): LinearWorkspace {
  return (environment as LinearConformanceEnvironment).workspace;
}

export function missing(message: string): never {
  throw new Error(message);
}
