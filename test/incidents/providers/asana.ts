// Asana: tasks and subtasks (created, updated, deleted, moved between parents and projects, tagged,
// followed) and comments; a person on the official asana SDK (through the package's AsanaClient).
import { AsanaClient, createAsanaAdapter } from '@backspace/asana';
import { createAsanaSimulator } from '@backspace/asana/simulator';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';
import type { ProviderKit } from './types.js';

export const asanaKit: ProviderKit = {
  provider: 'asana',
  async start(clock) {
    const simulator = await createAsanaSimulator({ clock, requestsPerMinute: false, taskCount: 4 });
    const { seed, tokens } = simulator;
    const person = new AsanaClient({ token: tokens.human, basePath: simulator.basePath });
    const state = () => simulator.store.state;
    const live = () => state().tasks.filter((task) => task.trashedAt === null);
    const projects = [seed.projectGid, seed.otherProjectGid];
    const tags = Object.values(seed.tags);
    /** Tasks below `gid`, itself included: never a parent for it. */
    const below = (gid: string): Set<string> => {
      const found = new Set([gid]);
      let size = 0;
      while (found.size !== size) {
        size = found.size;
        for (const task of state().tasks) if (task.parent && found.has(task.parent)) found.add(task.gid);
      }
      return found;
    };

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const tasks = live();
      const task = tasks.length ? rng.pick(tasks) : undefined;
      switch (action) {
        case 'asana.task.create':
          return { name: `${tag} task`, projects: [rng.pick(projects)], ...(rng.chance(0.4) ? { notes: `${tag} notes` } : {}) };
        case 'asana.subtask.create':
          return task ? { parent: task.gid, name: `${tag} subtask` } : undefined;
        case 'asana.task.update': {
          if (!task) return undefined;
          const update: Record<string, unknown> = {};
          if (rng.chance(0.5)) update.name = `${tag} name`;
          if (rng.chance(0.3)) update.notes = `${tag} notes`;
          if (rng.chance(0.3)) update.completed = !task.completed;
          if (rng.chance(0.2)) update.due_on = `2027-0${1 + rng.int(9)}-1${rng.int(10)}`;
          if (Object.keys(update).length === 0) update.name = `${tag} name`;
          return { gid: task.gid, ...update };
        }
        case 'asana.task.delete':
          return task ? { gid: task.gid } : undefined;
        case 'asana.task.follower.add':
          return task ? { gid: task.gid, followers: [rng.pick([seed.users.human, seed.users.teammate])] } : undefined;
        case 'asana.task.parent.set': {
          if (!task) return undefined;
          const candidates = tasks.filter((candidate) => !below(task.gid).has(candidate.gid));
          return { gid: task.gid, parent: candidates.length && rng.chance(0.7) ? rng.pick(candidates).gid : null };
        }
        case 'asana.task.project.add':
          return task ? { gid: task.gid, project: rng.pick(projects) } : undefined;
        case 'asana.task.project.remove':
          return task?.projects.length ? { gid: task.gid, project: rng.pick(task.projects) } : undefined;
        case 'asana.task.tag.add':
          return task ? { gid: task.gid, tag: rng.pick(tags) } : undefined;
        case 'asana.story.create':
          return task ? { task: task.gid, text: `${tag} comment` } : undefined;
        default:
          throw new Error(`the Asana incident kit has no input for ${action}`);
      }
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const tasks = live();
      const task = tasks.length ? rng.pick(tasks) : undefined;
      if (!task) {
        await person.call('createTask', true, () => person.tasks.createTask({ data: { name: `${tag} task`, projects: [seed.projectGid] } }, {}));
        return 'created a task';
      }
      switch (rng.int(6)) {
        case 0:
          await person.call('updateTask', true, () => person.tasks.updateTask({ data: rng.chance(0.5) ? { name: `${tag} name` } : { completed: !task.completed } }, task.gid, {}));
          return `edited ${task.gid}`;
        case 1:
          await person.call('createSubtaskForTask', true, () => person.tasks.createSubtaskForTask({ data: { name: `${tag} subtask` } }, task.gid, {}));
          return `added a subtask to ${task.gid}`;
        case 2:
          await person.call('createStoryForTask', true, () => person.stories.createStoryForTask({ data: { text: `${tag} comment` } }, task.gid, {}));
          return `commented on ${task.gid}`;
        case 3:
          await person.call('addProjectForTask', true, () => person.tasks.addProjectForTask({ data: { project: rng.pick(projects) } }, task.gid));
          return `added ${task.gid} to a project`;
        case 4:
          await person.call('addTagForTask', true, () => person.tasks.addTagForTask({ data: { tag: rng.pick(tags) } }, task.gid));
          return `tagged ${task.gid}`;
        default:
          await person.call('createTask', true, () => person.tasks.createTask({ data: { name: `${tag} task`, projects: [seed.projectGid] } }, {}));
          return 'created a task';
      }
    };

    const observe = (): World => {
      const world: World = new Map();
      const asana = state();
      for (const task of asana.tasks) {
        const fields: Record<string, string> = {
          name: task.name,
          notes: task.notes,
          completed: String(task.completed),
          assignee: String(task.assignee),
          due_on: String(task.dueOn),
          due_at: String(task.dueAt),
          start_on: String(task.startOn),
          parent: String(task.parent),
        };
        for (const project of task.projects) fields[`project:${project}`] = 'yes';
        for (const tagGid of task.tags) fields[`tag:${tagGid}`] = 'yes';
        for (const follower of task.followers) fields[`follower:${follower}`] = 'yes';
        for (const [field, value] of Object.entries(task.customValues)) if (value !== null) fields[`custom:${field}`] = String(value);
        for (const subtask of task.subtasks) fields[`task:${subtask}`] = 'yes';
        for (const story of asana.stories) if (story.task === task.gid && story.type === 'comment') fields[`story:${story.gid}`] = 'yes';
        world.set(`task:${task.gid}`, { kind: 'task', alive: task.trashedAt === null, fields, names: [`asana.task:${task.gid}`], identity: task.name, ...(task.parent ? { container: `task:${task.parent}` } : {}) });
      }
      for (const story of asana.stories) {
        if (story.type !== 'comment') continue;
        // A comment on a deleted task goes with it.
        const onLiveTask = asana.tasks.some((task) => task.gid === story.task && task.trashedAt === null);
        world.set(`story:${story.gid}`, { kind: 'story', alive: onLiveTask, fields: { text: story.text, task: story.task }, names: [`asana.story:${story.gid}`], identity: story.text, container: `task:${story.task}` });
      }
      return world;
    };

    return {
      provider: 'asana',
      url: simulator.url,
      agentToken: tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createAsanaAdapter({ token: tokens.agent, baseUrl: simulator.url }),
      // A batch of reads (how the adapter plans and verifies) writes nothing.
      isWrite: (request) => request.method !== 'GET' && !(request.path.endsWith('/batch') && ((request.body as { data?: { actions?: { method?: unknown }[] } } | undefined)?.data?.actions ?? []).every((action) => String(action?.method).toLowerCase() === 'get')),
      marks: /^follower:/,
      agentInput,
      humanEdit,
      async humanRepeat(action, input) {
        const { gid, followers, project, tag, ...fields } = input as { gid: string; followers: string[]; project: string; tag: string } & Record<string, unknown>;
        if (action === 'asana.task.update') await person.call('updateTask', true, () => person.tasks.updateTask({ data: fields }, gid, {}));
        else if (action === 'asana.task.follower.add') await person.call('addFollowersForTask', true, () => person.tasks.addFollowersForTask({ data: { followers } }, gid, {}));
        else if (action === 'asana.task.project.add') await person.call('addProjectForTask', true, () => person.tasks.addProjectForTask({ data: { project } }, gid));
        else if (action === 'asana.task.project.remove') await person.call('removeProjectForTask', true, () => person.tasks.removeProjectForTask({ data: { project } }, gid));
        else if (action === 'asana.task.tag.add') await person.call('addTagForTask', true, () => person.tasks.addTagForTask({ data: { tag } }, gid));
        else return undefined;
        return `did by hand the ${action} of ${gid}`;
      },
      observe,
      close: () => simulator.close(),
    };
  },
};
