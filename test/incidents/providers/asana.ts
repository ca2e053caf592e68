// Asana: tasks and subtasks (created, updated, completed, deleted, moved between parents, projects and sections,
// linked, tagged, followed) and comments; a person on the official asana SDK (through the package's AsanaClient).
import { AsanaClient, createAsanaAdapter } from '@backspace/asana';
import { createAsanaSimulator, type TaskRecord } from '@backspace/asana/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { Item, World } from '../world.js';
import type { ProviderKit } from './types.js';

/** The regression seeds found before people reshaped tasks (completed, moved, re-parented, deleted, linked them). */
const FOUND_BEFORE_RESHAPES = new Set(REGRESSION_SEEDS.asana!.filter(({ reshapesTasks }) => !reshapesTasks).map(({ seed }) => seed));

/**
 * One task waiting on another, an item of its own: shown while both tasks are out of the trash. It goes
 * with whichever task went to the trash (its container then), so the deletion, named or someone
 * else's, speaks for it; and a rollback that deletes a task a person linked loses their link.
 */
function linksOf(tasks: readonly TaskRecord[]): Map<string, Item> {
  const links = new Map<string, Item>();
  const byGid = new Map(tasks.map((task) => [task.gid, task]));
  for (const dependent of tasks) {
    for (const gid of dependent.dependencies) {
      const dependency = byGid.get(gid);
      if (!dependency) continue;
      const container = dependency.trashedAt !== null ? dependency : dependent;
      links.set(`link:${dependent.gid}>${gid}`, {
        kind: 'link',
        alive: dependent.trashedAt === null && dependency.trashedAt === null,
        fields: { dependent: dependent.gid, dependency: gid },
        names: [`asana.task:${dependent.gid}`, `asana.task:${gid}`],
        container: `task:${container.gid}`,
      });
    }
  }
  return links;
}

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

    /**
     * Now and then, instead of an edit, a person reshapes a task, an agent's more often than not (never in
     * a seed found before): completes or reopens it, takes it out of a project, moves it to another section
     * (at the start, the end or before another task), makes an agent's task a subtask of theirs or theirs
     * one of an agent's (or a subtask top-level again), deletes it, or marks one task as waiting on
     * another. Drawn apart, by the edit's tag, so every other draw of a seed stays as it was.
     */
    const personReshapes = async (rng: Rng, tag: string): Promise<string | undefined> => {
      if (FOUND_BEFORE_RESHAPES.has(rng.seed)) return undefined;
      const apart = rng.apart(10_000_000, tag);
      const tasks = live();
      if (!apart.chance(0.5) || tasks.length === 0) return undefined;
      const agents = tasks.filter((task) => task.createdBy === seed.users.agent);
      const theirs = tasks.filter((task) => task.createdBy !== seed.users.agent);
      const task = agents.length && apart.chance(0.7) ? apart.pick(agents) : apart.pick(tasks);
      const move = apart.int(12);
      if (move < 3) {
        // The record is the simulator's own, changed by the call: what it was is read before.
        const completed = !task.completed;
        await person.call('updateTask', true, () => person.tasks.updateTask({ data: { completed } }, task.gid, {}));
        return `${completed ? 'completed' : 'reopened'} ${task.gid}`;
      }
      if (move < 4 && task.projects.length > 0) {
        const project = apart.pick(task.projects);
        await person.call('removeProjectForTask', true, () => person.tasks.removeProjectForTask({ data: { project } }, task.gid));
        return `took ${task.gid} out of project ${project}`;
      }
      if (move < 6) {
        const project = task.projects.length && apart.chance(0.8) ? apart.pick(task.projects) : apart.pick(projects);
        const section = apart.pick(state().projects.find((record) => record.gid === project)!.sections);
        const others = state().sections.find((record) => record.gid === section)!.tasks.filter((gid) => gid !== task.gid && tasks.some((other) => other.gid === gid));
        const place = others.length && apart.chance(0.4) ? { insert_before: apart.pick(others) } : apart.chance(0.5) ? { insert_after: null } : {};
        await person.call('addProjectForTask', true, () => person.tasks.addProjectForTask({ data: { project, section, ...place } }, task.gid));
        return `moved ${task.gid} to section ${section} of project ${project} ${JSON.stringify(place)}`;
      }
      if (move < 8) {
        // An agent's task under one of theirs, or theirs under an agent's; now and then top-level again.
        const ownTask = task.createdBy === seed.users.agent;
        const parents = (ownTask ? theirs : agents).filter((candidate) => candidate.gid !== task.parent && !below(task.gid).has(candidate.gid));
        const parent = task.parent && (parents.length === 0 || apart.chance(0.2)) ? null : parents.length ? apart.pick(parents).gid : undefined;
        if (parent === undefined) return undefined;
        await person.call('setParentForTask', true, () => person.tasks.setParentForTask({ data: { parent } }, task.gid, {}));
        return parent ? `made ${task.gid} a subtask of ${parent}` : `made ${task.gid} a top-level task`;
      }
      if (move < 10) {
        // Two tasks not linked either way: one waits on the other.
        const others = tasks.filter((other) => other.gid !== task.gid && !other.dependencies.includes(task.gid) && !task.dependencies.includes(other.gid));
        if (others.length === 0) return undefined;
        const other = apart.pick(others);
        const [dependent, dependency] = apart.chance(0.5) ? [task, other] : [other, task];
        await person.call('addDependenciesForTask', true, () => person.tasks.addDependenciesForTask({ data: { dependencies: [dependency.gid] } }, dependent.gid));
        return `marked ${dependent.gid} as waiting on ${dependency.gid}`;
      }
      if (move < 11) {
        await person.call('deleteTask', true, () => person.tasks.deleteTask(task.gid));
        return `deleted ${task.gid}${task.subtasks.length ? ` and its subtasks ${task.subtasks.join(', ')}` : ''}`;
      }
      return undefined;
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const reshaped = await personReshapes(rng, tag);
      if (reshaped !== undefined) return reshaped;
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
      const links = linksOf(asana.tasks);
      const sectionOf = (task: string, project: string) => asana.sections.find((section) => section.project === project && section.tasks.includes(task))?.gid ?? 'yes';
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
        // In a project, the section it sits in (a person's move between sections is theirs to keep).
        for (const project of task.projects) fields[`project:${project}`] = sectionOf(task.gid, project);
        for (const tagGid of task.tags) fields[`tag:${tagGid}`] = 'yes';
        for (const follower of task.followers) fields[`follower:${follower}`] = 'yes';
        for (const [field, value] of Object.entries(task.customValues)) if (value !== null) fields[`custom:${field}`] = String(value);
        for (const subtask of task.subtasks) fields[`task:${subtask}`] = 'yes';
        // Its links to other tasks (what it waits on, what waits on it), each an item of its own, listed
        // on both sides while Asana shows it.
        for (const [key, link] of links) if (link.alive && (link.fields.dependent === task.gid || link.fields.dependency === task.gid)) fields[key] = 'yes';
        for (const story of asana.stories) if (story.task === task.gid && story.type === 'comment') fields[`story:${story.gid}`] = 'yes';
        world.set(`task:${task.gid}`, { kind: 'task', alive: task.trashedAt === null, fields, names: [`asana.task:${task.gid}`], identity: task.name, ...(task.parent ? { container: `task:${task.parent}` } : {}) });
      }
      for (const [key, link] of links) world.set(key, link);
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
