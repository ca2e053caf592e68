// What addDependencies, removeDependencies, addDependents and removeDependents change: one link per pair
// of tasks, stored on the dependent side (`TaskRecord.dependencies`), validated as Asana validates it
// and recorded as a system story on each of the two tasks, by whoever linked them.
import { badRequest } from './asana-errors.js';
import type { TaskRecord, UserRecord } from './model.js';
import { taskCompact } from './serialize.js';
import type { AsanaStore } from './store.js';

type Body = Record<string, unknown>;

/** Asana: "A task can have at most 30 dependents and dependencies combined." */
export const MAX_TASK_LINKS = 30;

/** `dependencies` or `dependents` of a request body: task gids, each a task that exists. */
function linkedTasks(store: AsanaStore, body: Body, field: 'dependencies' | 'dependents'): TaskRecord[] {
  const value = body[field];
  if (!Array.isArray(value) || value.length === 0) throw badRequest(`${field}: Missing input`);
  return value.map((gid) => {
    const task = store.state.tasks.find((candidate) => candidate.gid === String(gid) && candidate.trashedAt === null);
    if (!task) throw badRequest(`${field}: Not a recognized ID: ${String(gid)}`);
    return task;
  });
}

const linksOf = (store: AsanaStore, task: TaskRecord) =>
  task.dependencies.length + store.state.tasks.filter((candidate) => candidate.trashedAt === null && candidate.dependencies.includes(task.gid)).length;

/** Links `dependent` to `dependency` (the first waits on the second); nothing when they are linked already. */
function link(store: AsanaStore, dependent: TaskRecord, dependency: TaskRecord, by: UserRecord): void {
  if (dependent.gid === dependency.gid) throw badRequest('dependencies: A task cannot depend on itself');
  if (dependent.workspace !== dependency.workspace) throw badRequest('dependencies: Tasks must be in the same workspace');
  if (dependent.dependencies.includes(dependency.gid)) return;
  if (dependency.dependencies.includes(dependent.gid)) throw badRequest('dependencies: These tasks would depend on each other');
  for (const task of [dependent, dependency]) {
    if (linksOf(store, task) >= MAX_TASK_LINKS) throw badRequest(`dependencies: Task ${task.gid} already has ${MAX_TASK_LINKS} dependents and dependencies combined`);
  }
  dependent.dependencies.push(dependency.gid);
  store.recordChange(dependent, by, 'dependency_added', `marked this task as dependent on ${dependency.name}`, { dependency: taskCompact(dependency) });
  store.recordChange(dependency, by, 'dependent_added', `marked ${dependent.name} as dependent on this task`, { dependency: taskCompact(dependent) });
}

function unlink(store: AsanaStore, dependent: TaskRecord, dependency: TaskRecord, by: UserRecord): void {
  if (!dependent.dependencies.includes(dependency.gid)) return;
  dependent.dependencies = dependent.dependencies.filter((gid) => gid !== dependency.gid);
  store.recordChange(dependent, by, 'dependency_removed', `removed the dependency on ${dependency.name}`, { dependency: taskCompact(dependency) });
  store.recordChange(dependency, by, 'dependent_removed', `removed ${dependent.name} as dependent on this task`, { dependency: taskCompact(dependent) });
}

export function setDependencies(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, add: boolean): void {
  for (const other of linkedTasks(store, body, 'dependencies')) (add ? link : unlink)(store, task, other, by);
}

export function setDependents(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, add: boolean): void {
  for (const other of linkedTasks(store, body, 'dependents')) (add ? link : unlink)(store, other, task, by);
}
