// Where the conformance cases act: one repository, an agent and a human, and a reader of its state that
// never goes through the adapter. The simulator workspace reaches into the simulator's records; the API
// workspace uses only GitHub's public REST API, so the same cases run against api.github.com.
import type { Octokit } from '@octokit/rest';
import type { Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment } from '@backspace/testkit';

export interface GithubWorkspace {
  owner: string;
  repo: string;
  /** An open issue titled and labelled as SEED_ISSUE, fresh for each check in a live sandbox. */
  issueNumber(): number;
  /** Acts as another user (the repository's owner in the simulator). */
  human: Octokit;
  /** The default branch's tip. */
  mainSha(): Promise<string>;
  /** A branch name no earlier run used. */
  uniqueBranch(prefix: string): string;
  createBranch(name: string): Promise<void>;
  /** Commits files onto a branch as the agent or the human; returns the new commit's sha. */
  push(branch: string, files: Record<string, string>, message: string, as: 'agent' | 'human'): Promise<string>;
  /** A resource's state, read without the adapter, comparable as JSON. */
  inspect(resource: ResourceRef): Promise<Json | null>;
}

export type GithubConformanceEnvironment = ConformanceEnvironment & { workspace: GithubWorkspace };

export function workspaceOf(environment: ConformanceEnvironment): GithubWorkspace {
  return (environment as GithubConformanceEnvironment).workspace;
}
