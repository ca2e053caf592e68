// The task's dedicated relation endpoints: projects, parent, tags, followers, dependencies and dependents.
import type { Router } from '@backspace/simulator-kit';
import { list, ok, type AsanaCall, type RouteKit } from './route-kit.js';
import { dependenciesOf, dependentsOf, selectFields, taskCompact, taskJson } from './serialize.js';
import type { AsanaStore } from './store.js';
import { findTask } from './routes-tasks.js';
import { addToProject, removeFromProject, setFollowers, setParent, setTag } from './task-relation-writes.js';
import { setDependencies, setDependents } from './task-dependency-writes.js';
import type { TaskRecord, UserRecord } from './model.js';

type Change = (store: AsanaStore, task: TaskRecord, body: Record<string, unknown>, by: UserRecord) => void;

export function addTaskRelationRoutes(router: Router, store: AsanaStore, kit: RouteKit, base: string): void {
  const fullTask = (call: AsanaCall, task: TaskRecord) => {
    const record = taskJson(store, task, call.token);
    return selectFields(record, call.optFields, record);
  };
  // Asana answers these with an empty object, except setParent and the follower endpoints (the task).
  const relation = (path: string, change: Change, answer: 'empty' | 'task') =>
    router.post(`${base}/tasks/:task_gid/${path}`, kit.write((call) => {
      const task = findTask(store, call, call.request.params.task_gid!);
      change(store, task, call.data, call.me);
      return ok(answer === 'empty' ? {} : fullTask(call, task));
    }));

  relation('addProject', addToProject, 'empty');
  relation('removeProject', removeFromProject, 'empty');
  relation('setParent', setParent, 'task');
  relation('addTag', (s, task, body, by) => setTag(s, task, body, by, true), 'empty');
  relation('removeTag', (s, task, body, by) => setTag(s, task, body, by, false), 'empty');
  relation('addFollowers', (s, task, body, by) => setFollowers(s, task, body, by, true), 'task');
  relation('removeFollowers', (s, task, body, by) => setFollowers(s, task, body, by, false), 'task');
  // A person marks what blocks what; Asana answers these with an empty object.
  relation('addDependencies', (s, task, body, by) => setDependencies(s, task, body, by, true), 'empty');
  relation('removeDependencies', (s, task, body, by) => setDependencies(s, task, body, by, false), 'empty');
  relation('addDependents', (s, task, body, by) => setDependents(s, task, body, by, true), 'empty');
  relation('removeDependents', (s, task, body, by) => setDependents(s, task, body, by, false), 'empty');
  const compactTask = (call: AsanaCall) => (task: TaskRecord) => selectFields(taskJson(store, task, call.token), call.optFields, taskCompact(task));
  router.get(`${base}/tasks/:task_gid/dependencies`, kit.read((call) => list(dependenciesOf(store, findTask(store, call, call.request.params.task_gid!)).map(compactTask(call)), call)));
  router.get(`${base}/tasks/:task_gid/dependents`, kit.read((call) => list(dependentsOf(store, findTask(store, call, call.request.params.task_gid!)).map(compactTask(call)), call)));
}
