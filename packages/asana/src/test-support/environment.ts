// Test helpers: a simulator with the agent's adapter and a human's SDK client, and a direct state reader.
import type { Json, ResourceRef } from '@backspace/core';
import { createAsanaAdapter } from '../adapter.js';
import { AsanaClient } from '../client.js';
import { createAsanaSimulator, type AsanaSimulator, type AsanaSimulatorOptions } from '../simulator/create-simulator.js';

export interface AsanaTestEnvironment {
  simulator: AsanaSimulator;
  adapter: ReturnType<typeof createAsanaAdapter>;
  /** A human with a personal access token, on the official SDK. */
  human: AsanaClient;
  inspect(resource: ResourceRef): Json | null;
  close(): Promise<void>;
}

export async function startAsanaEnvironment(options: AsanaSimulatorOptions & { agentToken?: 'oauth' | 'personal' } = {}): Promise<AsanaTestEnvironment> {
  const simulator = await createAsanaSimulator({ requestsPerMinute: false, ...options });
  const token = options.agentToken === 'personal' ? simulator.tokens.agentPersonal : simulator.tokens.agent;
  const adapter = createAsanaAdapter({ token, baseUrl: simulator.url });
  const human = new AsanaClient({ token: simulator.tokens.human, basePath: simulator.basePath });
  return { simulator, adapter, human, inspect: (resource) => inspectResource(simulator, resource), close: () => simulator.close() };
}

/**
 * A resource's state straight from the simulator's records, never through the adapter: what a person
 * would see of a task (trashed: null), without modified_at and the system stories a restore adds.
 */
export function inspectResource(simulator: AsanaSimulator, resource: ResourceRef): Json | null {
  const { state } = simulator.store;
  if (resource.type === 'story') {
    const story = state.stories.find((candidate) => candidate.gid === resource.id);
    return story ? { text: story.text, task: story.task, by: story.createdBy } : null;
  }
  const task = state.tasks.find((candidate) => candidate.gid === resource.id && candidate.trashedAt === null);
  if (!task) return null;
  const sections = Object.fromEntries(task.projects.map((project) => {
    const section = state.sections.find((candidate) => candidate.project === project && candidate.tasks.includes(task.gid));
    return [project, section ? { section: section.gid, index: section.tasks.indexOf(task.gid) } : null];
  }));
  const parent = task.parent ? state.tasks.find((candidate) => candidate.gid === task.parent) : undefined;
  return {
    name: task.name, notes: task.notes, assignee: task.assignee, completed: task.completed, due_on: task.dueOn, due_at: task.dueAt, start_on: task.startOn,
    custom: { ...task.customValues }, projects: [...task.projects].sort(), sections, tags: [...task.tags].sort(), followers: [...task.followers].sort(),
    parent: task.parent, indexInParent: parent ? parent.subtasks.indexOf(task.gid) : null,
    comments: state.stories.filter((story) => story.task === task.gid && story.type === 'comment').map((story) => ({ by: story.createdBy, text: story.text })),
  };
}
