// The shared adapter conformance suite, run against the Asana simulator with an OAuth agent token.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance, type ConformanceEnvironment } from '@backspace/testkit';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

type Environment = ConformanceEnvironment & { asana: AsanaTestEnvironment };
const api = '/api/1.0';
const asana = (environment: ConformanceEnvironment) => (environment as Environment).asana;
const seedOf = (environment: ConformanceEnvironment) => asana(environment).simulator.seed;
const human = (environment: ConformanceEnvironment) => asana(environment).human;
type TaskState = { name: string; completed: boolean; notes: string; tags: string[]; comments: { by: string; text: string }[]; projects: string[]; parent: string | null; followers: string[] };

const humanComments = (environment: ConformanceEnvironment, task: string) => async () => {
  await human(environment).call('createStoryForTask', true, () => human(environment).stories.createStoryForTask({ data: { text: 'A person replied here' } }, task, {}));
  return () => {
    const comments = asana(environment).simulator.store.state.stories.filter((story) => story.task === task && story.type === 'comment');
    expect(comments.map((story) => story.text)).toContain('A person replied here');
  };
};
const humanUpdates = async (environment: ConformanceEnvironment, task: string, body: Record<string, unknown>) => {
  await human(environment).call('updateTask', true, () => human(environment).tasks.updateTask({ data: body }, task, {}));
};

runAdapterConformance({
  name: 'asana',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: async () => {
    const environment = await startAsanaEnvironment();
    return { adapter: environment.adapter, simulator: environment.simulator, inspect: environment.inspect, close: environment.close, asana: environment } as Environment;
  },
  cases: [
    {
      action: 'asana.task.create',
      arrange: async (environment) => ({ name: 'Write the launch email', notes: 'Draft for review', projects: [seedOf(environment).projectGid] }),
      invalidInput: { name: '', projects: ['not-a-gid'] },
      write: { method: 'POST', path: `${api}/tasks` },
      humanEdit: async (environment, resource) => humanComments(environment, resource.id)(),
      residue: (after) => expect(after, 'the task went to the trash').toBeNull(),
    },
    {
      action: 'asana.subtask.create',
      arrange: async (environment) => ({ parent: seedOf(environment).taskGids[0], name: 'Check the copy' }),
      invalidInput: { parent: 'not-a-gid', name: 'x' },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/subtasks` },
      humanEdit: async (environment, resource) => humanComments(environment, resource.id)(),
      residue: (after) => expect(after, 'the subtask went to the trash').toBeNull(),
    },
    {
      action: 'asana.task.update',
      arrange: async (environment) => {
        const seed = seedOf(environment);
        return { gid: seed.taskGids[1], completed: true, assignee: seed.users.agent, custom_fields: { [seed.customFields.priority.gid]: seed.customFields.priority.options.high, [seed.customFields.estimate]: 8 } };
      },
      invalidInput: { gid: '123', completed: 'yes' },
      write: { method: 'PUT', path: `${api}/tasks/:task_gid` },
      humanEdit: async (environment, resource) => {
        await humanUpdates(environment, resource.id, { name: 'Renamed by a person' });
        return (state) => {
          expect((state as TaskState).name).toBe('Renamed by a person');
          expect((state as TaskState).completed, 'the agent’s completion is undone').toBe(false);
        };
      },
    },
    {
      action: 'asana.task.delete',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[2] }),
      invalidInput: { gid: 'external:abc' },
      write: { method: 'DELETE', path: `${api}/tasks/:task_gid` },
      skip: { 'human-edit': 'irreversible: the task is gone and there is nothing to roll back around a human edit' },
    },
    {
      action: 'asana.story.create',
      arrange: async (environment) => ({ task: seedOf(environment).taskGids[3], text: 'Marked as duplicate by the agent' }),
      invalidInput: { task: '1', text: '   ' },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/stories` },
      humanEdit: async (environment) => humanComments(environment, seedOf(environment).taskGids[3]!)(),
      residue: (after) => expect(after, 'the comment is deleted').toBeNull(),
    },
    {
      action: 'asana.task.project.add',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[4], project: seedOf(environment).otherProjectGid }),
      invalidInput: { gid: '1', project: '2', insert_before: '3', insert_after: '4' },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/addProject` },
      humanEdit: async (environment, resource) => {
        await human(environment).call('addTagForTask', true, () => human(environment).tasks.addTagForTask({ data: { tag: seedOf(environment).tags.blocked } }, resource.id));
        return (state) => {
          expect((state as TaskState).tags).toEqual([seedOf(environment).tags.blocked]);
          expect((state as TaskState).projects).toEqual([seedOf(environment).projectGid]);
        };
      },
    },
    {
      action: 'asana.task.project.remove',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[5], project: seedOf(environment).projectGid }),
      invalidInput: { gid: '1', project: null },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/removeProject` },
      humanEdit: async (environment, resource) => {
        await humanUpdates(environment, resource.id, { notes: 'A person wrote this' });
        return (state) => {
          expect((state as TaskState).notes).toBe('A person wrote this');
          expect((state as TaskState).projects).toEqual([seedOf(environment).projectGid]);
        };
      },
    },
    {
      action: 'asana.task.parent.set',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[6], parent: seedOf(environment).taskGids[7] }),
      invalidInput: { gid: '5', parent: '5' },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/setParent` },
      humanEdit: async (environment, resource) => {
        await humanUpdates(environment, resource.id, { completed: true });
        return (state) => {
          expect((state as TaskState).completed).toBe(true);
          expect((state as TaskState).parent).toBeNull();
        };
      },
    },
    {
      action: 'asana.task.tag.add',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[8], tag: seedOf(environment).tags.urgent }),
      invalidInput: { gid: '1', tag: 'urgent' },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/addTag` },
      humanEdit: async (environment, resource) => {
        await human(environment).call('addTagForTask', true, () => human(environment).tasks.addTagForTask({ data: { tag: seedOf(environment).tags.blocked } }, resource.id));
        return (state) => expect((state as TaskState).tags).toEqual([seedOf(environment).tags.blocked]);
      },
    },
    {
      action: 'asana.task.follower.add',
      arrange: async (environment) => ({ gid: seedOf(environment).taskGids[9], followers: [seedOf(environment).users.human] }),
      invalidInput: { gid: '1', followers: [] },
      write: { method: 'POST', path: `${api}/tasks/:task_gid/addFollowers` },
      humanEdit: async (environment, resource) => {
        await humanUpdates(environment, resource.id, { name: 'Followed and renamed' });
        return (state) => {
          expect((state as TaskState).name).toBe('Followed and renamed');
          expect((state as TaskState).followers).toEqual([seedOf(environment).users.teammate]);
        };
      },
    },
  ],
});
