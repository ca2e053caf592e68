// What the relation endpoints change: projects (with sections and positions), parent, tags, followers,
// validated as Asana validates them and recorded as the system stories Asana writes.
import { badRequest } from './asana-errors.js';
import type { TaskRecord, UserRecord } from './model.js';
import type { AsanaStore } from './store.js';

type Body = Record<string, unknown>;

export function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw badRequest(`${field}: Missing input`);
  return value;
}

/** Places `gid` in `list` before or after a neighbour; `undefined` on both means at the end. */
export function placeInList(list: string[], gid: string, position: { insertBefore?: unknown; insertAfter?: unknown }, field = 'insert'): string[] {
  const rest = list.filter((item) => item !== gid);
  const { insertBefore, insertAfter } = position;
  if (insertBefore !== undefined && insertAfter !== undefined) throw badRequest('insert_before, insert_after: Only one of insert_before or insert_after may be specified');
  if (insertAfter === null) return [gid, ...rest];
  if (insertBefore === null || (insertBefore === undefined && insertAfter === undefined)) return [...rest, gid];
  const neighbour = String(insertAfter ?? insertBefore);
  const index = rest.indexOf(neighbour);
  if (index < 0) throw badRequest(`${field}_${insertAfter !== undefined ? 'after' : 'before'}: Task ${neighbour} is not in the list`);
  rest.splice(insertAfter !== undefined ? index + 1 : index, 0, gid);
  return rest;
}

/** addProject: join (or move within) a project, in a section and position. */
export function addToProject(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord): void {
  const project = store.project(requireString(body, 'project'));
  if (project.workspace !== task.workspace) throw badRequest('project: The project is in a different workspace from the task');
  const sectionGid = body.section === undefined || body.section === null ? project.sections[project.sections.length - 1] : String(body.section);
  const section = store.section(sectionGid!);
  if (section.project !== project.gid) throw badRequest(`section: Section ${section.gid} is not in project ${project.gid}`);
  const current = store.sectionOf(task.gid, project.gid);
  if (current && current !== section) current.tasks = current.tasks.filter((gid) => gid !== task.gid);
  const insertAfter = body.insert_after;
  const insertBefore = body.insert_before;
  section.tasks = placeInList(section.tasks, task.gid, { ...(insertAfter !== undefined ? { insertAfter } : {}), ...(insertBefore !== undefined ? { insertBefore } : {}) });
  if (!task.projects.includes(project.gid)) {
    task.projects.push(project.gid);
    store.recordChange(task, by, 'added_to_project', `added to ${project.name}`, { project: { gid: project.gid, resource_type: 'project', name: project.name } });
  } else if (current !== section) {
    const sectionCompact = (record: { gid: string; name: string } | undefined) => (record ? { gid: record.gid, resource_type: 'section', name: record.name } : null);
    store.recordChange(task, by, 'section_changed', `moved this task from "${current?.name}" to "${section.name}" in ${project.name}`, { old_section: sectionCompact(current), new_section: sectionCompact(section) });
  } else store.touch(task);
}

export function removeFromProject(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord): void {
  const project = store.project(requireString(body, 'project'));
  const section = store.sectionOf(task.gid, project.gid);
  if (section) section.tasks = section.tasks.filter((gid) => gid !== task.gid);
  if (!task.projects.includes(project.gid)) return;
  task.projects = task.projects.filter((gid) => gid !== project.gid);
  store.recordChange(task, by, 'removed_from_project', `removed from ${project.name}`, { project: { gid: project.gid, resource_type: 'project', name: project.name } });
}

/** setParent: a new parent (or none), placed among its subtasks; no cycles. */
export function setParent(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord): void {
  if (!('parent' in body)) throw badRequest('parent: Missing input');
  const parentGid = body.parent === null ? null : String(body.parent);
  const parent = parentGid === null ? null : store.task(parentGid);
  for (let ancestor = parent; ancestor; ancestor = ancestor.parent ? store.task(ancestor.parent) : null) {
    if (ancestor.gid === task.gid) throw badRequest('parent: A task cannot be a subtask of itself or of its own subtasks');
  }
  if (task.parent && task.parent !== parentGid) {
    const previous = store.state.tasks.find((candidate) => candidate.gid === task.parent);
    if (previous) previous.subtasks = previous.subtasks.filter((gid) => gid !== task.gid);
  }
  if (parent) {
    const position: { insertBefore?: unknown; insertAfter?: unknown } = {};
    if (body.insert_after !== undefined) position.insertAfter = body.insert_after;
    if (body.insert_before !== undefined) position.insertBefore = body.insert_before;
    parent.subtasks = placeInList(parent.subtasks, task.gid, position);
    store.touch(parent);
  }
  const changed = task.parent !== parentGid;
  task.parent = parentGid;
  if (changed) store.recordChange(task, by, parent ? 'added_to_task' : 'removed_from_task', parent ? `made this a subtask of ${parent.name}` : 'made this a top-level task', parent ? { task: { gid: parent.gid, resource_type: 'task', name: parent.name } } : {});
  else store.touch(task);
}

export function setTag(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, present: boolean): void {
  const tag = store.tag(requireString(body, 'tag'));
  const has = task.tags.includes(tag.gid);
  if (has === present) return;
  task.tags = present ? [...task.tags, tag.gid] : task.tags.filter((gid) => gid !== tag.gid);
  store.recordChange(task, by, present ? 'added_to_tag' : 'removed_from_tag', `${present ? 'added' : 'removed'} tag ${tag.name}`, { tag: { gid: tag.gid, resource_type: 'tag', name: tag.name } });
}

export function setFollowers(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, present: boolean): void {
  const references = body.followers;
  if (!Array.isArray(references) || references.length === 0) throw badRequest('followers: Missing input');
  const users = references.map((reference) => store.resolveUser(String(reference), by, 'followers'));
  for (const user of users) {
    const has = task.followers.includes(user.gid);
    if (has === present) continue;
    task.followers = present ? [...task.followers, user.gid] : task.followers.filter((gid) => gid !== user.gid);
    if (present) store.recordChange(task, by, 'added_follower', `added ${user.name} as a collaborator`, { follower: { gid: user.gid, resource_type: 'user', name: user.name } });
    else store.touch(task);
  }
}
