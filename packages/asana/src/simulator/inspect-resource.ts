// One resource's state read straight from the simulator's records, never through the API: the
// conformance suites' and tests' independent reader, offered by the simulator's handle.
import type { Json, ResourceRef } from '@backspace/core';
import type { AsanaState } from './model.js';

/**
 * A resource's state straight from the simulator's records, never through the adapter: what a person
 * would see of a task (trashed: null), without modified_at and the system stories a restore adds.
 */
export function inspectResource(state: AsanaState, resource: ResourceRef): Json | null {
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
