// Where the conformance cases act: a project of open tasks, a second project, two tags, the agent and a
// human, and a reader of a resource's state that never goes through the adapter. The simulator workspace
// reaches into the simulator's records; the API workspace uses only Asana's public REST API (through the
// official SDK), so the same cases run against app.asana.com.
import type { Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment } from '@backspace/testkit';
import type { AsanaClient } from '../client.js';

/** The sandbox's names: fixed in the simulator's seed, looked up by `prepare` in a live workspace. */
export interface AsanaSandbox {
  /** The project the tasks are in, and a second one of the same workspace for tasks to join and leave. */
  projectGid: string;
  otherProjectGid: string;
  /** Two tags of the workspace that no task given by `task()` carries. */
  tags: { urgent: string; blocked: string };
  /** The agent's user gid. */
  agent: string;
  /** A user who follows none of the tasks given by `task()`: the one the agent adds. */
  newFollower: string;
  /** Who follows each task given by `task()` to begin with, sorted. */
  followers: string[];
  /** What `asana.task.update` writes to custom fields: an enum option and a number, where the project has such fields. */
  customFieldUpdate: Record<string, string | number>;
}

export interface AsanaWorkspace {
  sandbox(): AsanaSandbox;
  /** An open task of the project, with no tags: the same one for the same slot within one check. */
  task(slot: number): Promise<string>;
  /** Writes by another user (the human), on the official SDK. */
  human: HumanWrites;
  /** A resource's state, read without the adapter, comparable as JSON. */
  inspect(resource: ResourceRef): Promise<Json | null>;
}

export interface HumanWrites {
  comment(task: string, text: string): Promise<void>;
  updateTask(task: string, body: Record<string, unknown>): Promise<void>;
  addTag(task: string, tag: string): Promise<void>;
}

/** The human's writes through `client`; `send` wraps each request (the API workspace waits out 429s). */
export function humanWrites(client: AsanaClient, send: <T>(request: () => Promise<T>) => Promise<T> = (request) => request()): HumanWrites {
  return {
    comment: async (task, text) => void (await send(() => client.call('createStoryForTask', true, () => client.stories.createStoryForTask({ data: { text } }, task, {})))),
    updateTask: async (task, body) => void (await send(() => client.call('updateTask', true, () => client.tasks.updateTask({ data: body }, task, {})))),
    addTag: async (task, tag) => void (await send(() => client.call('addTagForTask', true, () => client.tasks.addTagForTask({ data: { tag } }, task)))),
  };
}

export type AsanaConformanceEnvironment = ConformanceEnvironment & { workspace: AsanaWorkspace };

export function workspaceOf(environment: ConformanceEnvironment): AsanaWorkspace {
  return (environment as AsanaConformanceEnvironment).workspace;
}
