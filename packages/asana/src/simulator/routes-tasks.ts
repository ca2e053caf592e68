// Task routes: create, read, update, delete (to the trash), subtasks, and the task lists.
import type { Router } from '@backspace/simulator-kit';
import { asanaTokenKind } from '../token-kind.js';
import { badRequest, notFound } from './asana-errors.js';
import type { TaskRecord, UserRecord } from './model.js';
import { list, ok, type AsanaCall, type RouteKit } from './route-kit.js';
import { selectFields, taskCompact, taskJson } from './serialize.js';
import type { AsanaStore } from './store.js';
import { applyCustomFields, applyTaskFields } from './task-field-writes.js';
import { addToProject, placeInList, setFollowers, setTag } from './task-relation-writes.js';

export function addTaskRoutes(router: Router, store: AsanaStore, kit: RouteKit, base: string): void {
  const full = (call: AsanaCall, task: TaskRecord) => {
    const record = taskJson(store, task, call.token);
    return selectFields(record, call.optFields, record);
  };
  const compact = (call: AsanaCall) => (task: TaskRecord) => selectFields(taskJson(store, task, call.token), call.optFields, taskCompact(task));

  router.post(`${base}/tasks`, kit.write((call) => ok(full(call, createTask(store, call, call.data, null)), 201)));
  router.post(`${base}/tasks/:task_gid/subtasks`, kit.write((call) => {
    const parent = store.task(call.request.params.task_gid!);
    return ok(full(call, createTask(store, call, call.data, parent)), 201);
  }));
  router.get(`${base}/tasks/:task_gid`, kit.read((call) => ok(full(call, findTask(store, call, call.request.params.task_gid!)))));
  router.put(`${base}/tasks/:task_gid`, kit.write((call) => {
    const task = findTask(store, call, call.request.params.task_gid!);
    for (const field of ['projects', 'memberships', 'parent', 'tags', 'followers', 'workspace']) {
      if (field in call.data) throw badRequest(`${field}: Cannot write this property with a PUT; use the dedicated endpoint`);
    }
    applyTaskFields(store, task, call.data, call.me, false);
    applyCustomFields(store, task, call.data.custom_fields, call.me, false);
    if ('external' in call.data) setExternal(task, call, call.data.external);
    store.touch(task);
    return ok(full(call, task));
  }));
  router.delete(`${base}/tasks/:task_gid`, kit.write((call) => {
    store.trash(findTask(store, call, call.request.params.task_gid!));
    return ok({});
  }));
  router.get(`${base}/tasks/:task_gid/subtasks`, kit.read((call) => list(store.task(call.request.params.task_gid!).subtasks.map((gid) => store.task(gid)).map(compact(call)), call)));
  router.get(`${base}/tasks`, kit.read((call) => list(tasksFor(store, call).map(compact(call)), call)));
  router.get(`${base}/projects/:project_gid/tasks`, kit.read((call) => list(projectTasks(store, call.request.params.project_gid!).map(compact(call)), call)));
  router.get(`${base}/sections/:section_gid/tasks`, kit.read((call) => list(store.section(call.request.params.section_gid!).tasks.map((gid) => store.task(gid)).map(compact(call)), call)));
}

/** A gid, or `external:KEY` for the task the caller's OAuth app marked with that key. */
export function findTask(store: AsanaStore, call: AsanaCall, reference: string): TaskRecord {
  if (!reference.startsWith('external:')) {
    if (!/^\d+$/.test(reference)) throw badRequest(`task: Not a valid gid: ${reference}`);
    return store.task(reference);
  }
  const key = reference.slice('external:'.length);
  const task = store.state.tasks.find((candidate) => candidate.trashedAt === null && candidate.external?.app === call.token && candidate.external.gid === key);
  return task ?? (() => { throw notFound(reference); })();
}

function setExternal(task: TaskRecord, call: AsanaCall, external: unknown): void {
  if (asanaTokenKind(call.token) !== 'oauth') throw badRequest('external: Only OAuth applications can set external data; personal access tokens cannot');
  if (external === null) {
    task.external = null;
    return;
  }
  if (typeof external !== 'object' || Array.isArray(external)) throw badRequest('external: Value must be an object');
  const { gid = null, data = null } = external as { gid?: unknown; data?: unknown };
  if ((gid !== null && typeof gid !== 'string') || (data !== null && typeof data !== 'string')) throw badRequest('external: gid and data must be strings');
  task.external = { gid, data, app: call.token };
}

function createTask(store: AsanaStore, call: AsanaCall, body: Record<string, unknown>, parent: TaskRecord | null): TaskRecord {
  const parentGid = parent ? parent.gid : typeof body.parent === 'string' ? body.parent : null;
  const parentTask = parent ?? (parentGid ? store.task(parentGid) : null);
  const projects = body.projects === undefined ? [] : body.projects;
  if (!Array.isArray(projects)) throw badRequest('projects: Value must be an array of project gids');
  const projectRecords = projects.map((gid) => store.project(String(gid)));
  const workspaceGid = typeof body.workspace === 'string' ? body.workspace : (projectRecords[0]?.workspace ?? parentTask?.workspace);
  if (!workspaceGid) throw badRequest('workspace: Missing input. You should specify one of workspace, parent, projects');
  store.workspace(workspaceGid);
  const now = store.now();
  const task: TaskRecord = {
    gid: store.newGid(), name: '', notes: '', workspace: workspaceGid, createdBy: call.me.gid, createdAt: now, modifiedAt: now,
    assignee: null, assignedBy: null, completed: false, completedAt: null, completedBy: null, dueOn: null, dueAt: null, startOn: null,
    projects: [], parent: parentTask?.gid ?? null, subtasks: [], dependencies: [], tags: [], followers: [call.me.gid], customValues: {}, external: null, trashedAt: null,
  };
  store.state.tasks.push(task);
  applyTaskFields(store, task, body, call.me, true);
  if (task.assignee && !task.followers.includes(task.assignee)) task.followers.push(task.assignee);
  for (const project of projectRecords) addToProject(store, task, { project: project.gid }, call.me);
  applyCustomFields(store, task, body.custom_fields, call.me, true);
  if ('external' in body) setExternal(task, call, body.external);
  if (Array.isArray(body.tags)) for (const tag of body.tags) setTag(store, task, { tag: String(tag) }, call.me, true);
  if (Array.isArray(body.followers)) setFollowers(store, task, { followers: body.followers }, call.me, true);
  if (parentTask) {
    parentTask.subtasks = placeInList(parentTask.subtasks, task.gid, {});
    store.recordChange(parentTask, call.me, 'added_subtask', `added subtask ${task.name}`, { task: taskCompact(task) });
  }
  // Joining projects and tags recorded stories on the new task; Asana's record of a new task starts clean.
  store.state.stories = store.state.stories.filter((story) => story.task !== task.gid);
  task.modifiedAt = now;
  return task;
}

function projectTasks(store: AsanaStore, projectGid: string): TaskRecord[] {
  const project = store.project(projectGid);
  return project.sections.flatMap((gid) => store.section(gid).tasks).map((gid) => store.task(gid));
}

/**
 * GET /tasks needs exactly one of project, section, tag, or assignee with workspace, as the real one does;
 * `modified_since` keeps the tasks changed (or created) at or after that time.
 */
function tasksFor(store: AsanaStore, call: AsanaCall): TaskRecord[] {
  const since = call.request.query.modified_since;
  if (since === undefined) return listedTasks(store, call);
  const from = Date.parse(since);
  if (Number.isNaN(from)) throw badRequest(`modified_since: Invalid date-time: ${since}`);
  return listedTasks(store, call).filter((task) => Date.parse(task.modifiedAt) >= from);
}

function listedTasks(store: AsanaStore, call: AsanaCall): TaskRecord[] {
  const { project, section, tag, assignee, workspace } = call.request.query;
  if (project) return projectTasks(store, project);
  if (section) return store.section(section).tasks.map((gid) => store.task(gid));
  if (tag) return store.state.tasks.filter((task) => task.trashedAt === null && task.tags.includes(store.tag(tag).gid));
  if (assignee && workspace) {
    const user: UserRecord = store.resolveUser(assignee, call.me, 'assignee');
    return store.state.tasks.filter((task) => task.trashedAt === null && task.workspace === workspace && task.assignee === user.gid);
  }
  throw badRequest('Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
}
