// The conformance cases for every Asana action, written against a workspace so the same cases run on the
// simulator, live against a sandbox project, and replayed from a recording of a live run.
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceEnvironment } from '@backspace/testkit';
import { workspaceOf } from './workspace.js';
import { taskRef } from '../snapshot.js';

const api = '/api/1.0';
const sandboxOf = (environment: ConformanceEnvironment) => workspaceOf(environment).sandbox();
const taskOf = (environment: ConformanceEnvironment, slot: number) => workspaceOf(environment).task(slot);
const human = (environment: ConformanceEnvironment) => workspaceOf(environment).human;
type TaskState = { name: string; completed: boolean; notes: string; tags: string[]; comments: { by: string; text: string }[]; projects: string[]; parent: string | null; followers: string[] };

/** A person comments on the agent's new task: it is theirs too now, so the rollback leaves it, comment and all. */
const humanCommentsOnTask = async (environment: ConformanceEnvironment, task: string) => {
  await human(environment).comment(task, 'A person replied here');
  return (state: unknown) => expect((state as TaskState | null)?.comments.map((comment) => comment.text)).toContain('A person replied here');
};

export const asanaConformanceCases: ConformanceCase[] = [
  {
    action: 'asana.task.create',
    arrange: async (environment) => ({ name: 'Write the launch email', notes: 'Draft for review', projects: [sandboxOf(environment).projectGid] }),
    invalidInput: { name: '', projects: ['not-a-gid'] },
    write: { method: 'POST', path: `${api}/tasks` },
    humanEdit: async (environment, resource) => humanCommentsOnTask(environment, resource.id),
    residue: (after) => expect(after, 'the task went to the trash').toBeNull(),
  },
  {
    action: 'asana.subtask.create',
    arrange: async (environment) => ({ parent: await taskOf(environment, 0), name: 'Check the copy' }),
    invalidInput: { parent: 'not-a-gid', name: 'x' },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/subtasks` },
    humanEdit: async (environment, resource) => humanCommentsOnTask(environment, resource.id),
    residue: (after) => expect(after, 'the subtask went to the trash').toBeNull(),
  },
  {
    action: 'asana.task.update',
    arrange: async (environment) => {
      const sandbox = sandboxOf(environment);
      return { gid: await taskOf(environment, 1), completed: true, assignee: sandbox.agent, custom_fields: sandbox.customFieldUpdate };
    },
    invalidInput: { gid: '123', completed: 'yes' },
    write: { method: 'PUT', path: `${api}/tasks/:task_gid` },
    humanEdit: async (environment, resource) => {
      await human(environment).updateTask(resource.id, { name: 'Renamed by a person' });
      return (state) => {
        expect((state as TaskState).name).toBe('Renamed by a person');
        expect((state as TaskState).completed, 'the agent’s completion is undone').toBe(false);
      };
    },
  },
  {
    action: 'asana.task.delete',
    arrange: async (environment) => ({ gid: await taskOf(environment, 2) }),
    invalidInput: { gid: 'external:abc' },
    write: { method: 'DELETE', path: `${api}/tasks/:task_gid` },
    skip: { 'human-edit': 'irreversible: the task is gone and there is nothing to roll back around a human edit' },
  },
  {
    action: 'asana.story.create',
    arrange: async (environment) => ({ task: await taskOf(environment, 3), text: 'Marked as duplicate by the agent' }),
    invalidInput: { task: '1', text: '   ' },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/stories` },
    // The agent's comment is gone after the rollback; the person's reply lives on the task, another resource.
    humanEdit: async (environment) => {
      const task = await taskOf(environment, 3);
      await human(environment).comment(task, 'A person replied here');
      return async () => expect(((await workspaceOf(environment).inspect(taskRef(task))) as TaskState | null)?.comments.map((comment) => comment.text)).toContain('A person replied here');
    },
    residue: (after) => expect(after, 'the comment is deleted').toBeNull(),
  },
  {
    action: 'asana.task.project.add',
    arrange: async (environment) => ({ gid: await taskOf(environment, 4), project: sandboxOf(environment).otherProjectGid }),
    invalidInput: { gid: '1', project: '2', insert_before: '3', insert_after: '4' },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/addProject` },
    humanEdit: async (environment, resource) => {
      await human(environment).addTag(resource.id, sandboxOf(environment).tags.blocked);
      return (state) => {
        expect((state as TaskState).tags).toEqual([sandboxOf(environment).tags.blocked]);
        expect((state as TaskState).projects).toEqual([sandboxOf(environment).projectGid]);
      };
    },
  },
  {
    action: 'asana.task.project.remove',
    arrange: async (environment) => {
      // A neighbour in its section (seeded in the simulator, made first in a fresh sandbox), so the rollback must put it back in its place.
      await taskOf(environment, 4);
      return { gid: await taskOf(environment, 5), project: sandboxOf(environment).projectGid };
    },
    invalidInput: { gid: '1', project: null },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/removeProject` },
    humanEdit: async (environment, resource) => {
      await human(environment).updateTask(resource.id, { notes: 'A person wrote this' });
      return (state) => {
        expect((state as TaskState).notes).toBe('A person wrote this');
        expect((state as TaskState).projects).toEqual([sandboxOf(environment).projectGid]);
      };
    },
  },
  {
    action: 'asana.task.parent.set',
    arrange: async (environment) => ({ gid: await taskOf(environment, 6), parent: await taskOf(environment, 7) }),
    invalidInput: { gid: '5', parent: '5' },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/setParent` },
    humanEdit: async (environment, resource) => {
      await human(environment).updateTask(resource.id, { completed: true });
      return (state) => {
        expect((state as TaskState).completed).toBe(true);
        expect((state as TaskState).parent).toBeNull();
      };
    },
  },
  {
    action: 'asana.task.tag.add',
    arrange: async (environment) => ({ gid: await taskOf(environment, 8), tag: sandboxOf(environment).tags.urgent }),
    invalidInput: { gid: '1', tag: 'urgent' },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/addTag` },
    humanEdit: async (environment, resource) => {
      await human(environment).addTag(resource.id, sandboxOf(environment).tags.blocked);
      return (state) => expect((state as TaskState).tags).toEqual([sandboxOf(environment).tags.blocked]);
    },
  },
  {
    action: 'asana.task.follower.add',
    arrange: async (environment) => ({ gid: await taskOf(environment, 9), followers: [sandboxOf(environment).newFollower] }),
    invalidInput: { gid: '1', followers: [] },
    write: { method: 'POST', path: `${api}/tasks/:task_gid/addFollowers` },
    humanEdit: async (environment, resource) => {
      await human(environment).updateTask(resource.id, { name: 'Followed and renamed' });
      return (state) => {
        expect((state as TaskState).name).toBe('Followed and renamed');
        expect((state as TaskState).followers).toEqual(sandboxOf(environment).followers);
      };
    },
  },
];
