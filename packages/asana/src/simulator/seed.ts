// The simulator's starting workspace: a project with sections, people, tags, custom fields and tasks.
import type { CustomFieldRecord, TaskRecord } from './model.js';
import type { AsanaStore } from './store.js';

export interface AsanaSeed {
  workspaceGid: string;
  /** The main project, "Launch", with sections To do / Doing / Done and three custom fields. */
  projectGid: string;
  /** A second project, "Roadmap", for tasks to join and leave. */
  otherProjectGid: string;
  sections: { todo: string; doing: string; done: string; roadmap: string };
  users: { agent: string; human: string; teammate: string };
  tags: { urgent: string; blocked: string };
  customFields: {
    priority: { gid: string; options: { high: string; medium: string; low: string } };
    estimate: string;
    ticket: string;
  };
  /** The seeded tasks of "Launch", in list order (all in To do, open, assigned to the teammate). */
  taskGids: string[];
}

export const SEED_USERS = {
  agent: { name: 'Backspace Agent' },
  human: { name: 'Hana Human' },
  teammate: { name: 'Theo Teammate' },
};

export function seedAsana(store: AsanaStore, taskCount: number, userGids: { agent: string; human: string; teammate: string }): AsanaSeed {
  const { state } = store;
  const workspace = { gid: store.newGid(), name: 'Backspace Demo Co' };
  state.workspaces.push(workspace);
  for (const role of ['agent', 'human', 'teammate'] as const) {
    const name = SEED_USERS[role].name;
    state.users.push({ gid: userGids[role], name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com` });
  }
  const option = (name: string, color: string) => ({ gid: store.newGid(), name, color, enabled: true });
  const priority: CustomFieldRecord = { gid: store.newGid(), name: 'Priority', type: 'enum', workspace: workspace.gid, precision: 0, enumOptions: [option('High', 'red'), option('Medium', 'yellow'), option('Low', 'green')] };
  const estimate: CustomFieldRecord = { gid: store.newGid(), name: 'Estimate (days)', type: 'number', workspace: workspace.gid, precision: 1, enumOptions: [] };
  const ticket: CustomFieldRecord = { gid: store.newGid(), name: 'Ticket', type: 'text', workspace: workspace.gid, precision: 0, enumOptions: [] };
  state.customFields.push(priority, estimate, ticket);

  const project = { gid: store.newGid(), name: 'Launch', workspace: workspace.gid, sections: [] as string[], customFields: [priority.gid, estimate.gid, ticket.gid] };
  const roadmap = { gid: store.newGid(), name: 'Roadmap', workspace: workspace.gid, sections: [] as string[], customFields: [] };
  state.projects.push(project, roadmap);
  const section = (owner: { gid: string; sections: string[] }, name: string) => {
    const record = { gid: store.newGid(), name, project: owner.gid, tasks: [] as string[] };
    state.sections.push(record);
    owner.sections.push(record.gid);
    return record;
  };
  const todo = section(project, 'To do');
  const doing = section(project, 'Doing');
  const done = section(project, 'Done');
  const later = section(roadmap, 'Later');
  const urgent = { gid: store.newGid(), name: 'urgent', workspace: workspace.gid };
  const blocked = { gid: store.newGid(), name: 'blocked', workspace: workspace.gid };
  state.tags.push(urgent, blocked);

  const taskGids: string[] = [];
  for (let index = 1; index <= taskCount; index += 1) {
    const now = store.now();
    const task: TaskRecord = {
      gid: store.newGid(), name: `Launch checklist item ${index}`, notes: `Step ${index} of the launch checklist.`, workspace: workspace.gid,
      createdBy: userGids.teammate, createdAt: now, modifiedAt: now, assignee: userGids.teammate, assignedBy: userGids.teammate,
      completed: false, completedAt: null, completedBy: null, dueOn: null, dueAt: null, startOn: null, projects: [project.gid], parent: null,
      subtasks: [], dependencies: [], tags: [], followers: [userGids.teammate], customValues: { [priority.gid]: priority.enumOptions[1]!.gid, [estimate.gid]: index, [ticket.gid]: `LAUNCH-${100 + index}` },
      external: null, trashedAt: null,
    };
    state.tasks.push(task);
    todo.tasks.push(task.gid);
    taskGids.push(task.gid);
  }
  const [high, medium, low] = priority.enumOptions;
  return {
    workspaceGid: workspace.gid,
    projectGid: project.gid,
    otherProjectGid: roadmap.gid,
    sections: { todo: todo.gid, doing: doing.gid, done: done.gid, roadmap: later.gid },
    users: userGids,
    tags: { urgent: urgent.gid, blocked: blocked.gid },
    customFields: { priority: { gid: priority.gid, options: { high: high!.gid, medium: medium!.gid, low: low!.gid } }, estimate: estimate.gid, ticket: ticket.gid },
    taskGids,
  };
}
