// What the task routes change: field updates, custom field values, memberships, parent, tags, followers,
// each validated as Asana validates it and recorded as the system story Asana writes.
import { badRequest } from './asana-errors.js';
import type { CustomFieldRecord, TaskRecord, UserRecord } from './model.js';
import type { AsanaStore } from './store.js';

type Body = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

/** The plain fields of a create or an update (name, notes, assignee, dates, completed). */
export function applyTaskFields(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, creating: boolean): void {
  if ('name' in body) {
    if (typeof body.name !== 'string') throw badRequest('name: Value must be a string');
    if (!creating && body.name !== task.name) store.recordChange(task, by, 'name_changed', `changed the name to "${body.name}"`, { new_name: body.name });
    task.name = body.name;
  }
  if ('notes' in body) {
    if (typeof body.notes !== 'string') throw badRequest('notes: Value must be a string');
    if (!creating && body.notes !== task.notes) store.recordChange(task, by, 'notes_changed', 'changed the description');
    task.notes = body.notes;
  }
  for (const [field, key] of [['due_on', 'dueOn'], ['start_on', 'startOn']] as const) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value !== null && (typeof value !== 'string' || !DATE.test(value))) throw badRequest(`${field}: Invalid date: ${String(value)}. Dates must be in the format YYYY-MM-DD`);
    if (!creating && value !== task[key]) store.recordChange(task, by, 'due_date_changed', value ? `changed the ${field === 'due_on' ? 'due' : 'start'} date to ${value}` : `removed the ${field === 'due_on' ? 'due' : 'start'} date`);
    task[key] = value as string | null;
    // A due date and a due time exclude each other: a date alone drops the time.
    if (field === 'due_on' && value !== null && !('due_at' in body)) task.dueAt = null;
  }
  if ('due_at' in body) {
    const value = body.due_at;
    if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) throw badRequest(`due_at: Invalid date-time: ${String(value)}`);
    task.dueAt = value === null ? null : new Date(value as string).toISOString();
    task.dueOn = value === null ? task.dueOn : task.dueAt!.slice(0, 10);
    if (!creating) store.recordChange(task, by, 'due_date_changed', value ? `changed the due date to ${task.dueAt}` : 'removed the due date');
  }
  if ('assignee' in body) {
    const value = body.assignee;
    const assignee = value === null ? null : store.resolveUser(String(value), by, 'assignee');
    if (!creating && (assignee?.gid ?? null) !== task.assignee) {
      if (assignee) store.recordChange(task, by, 'assigned', `assigned to ${assignee.name}`, { assignee: { gid: assignee.gid, resource_type: 'user', name: assignee.name } });
      else store.recordChange(task, by, 'unassigned', 'unassigned');
    }
    task.assignee = assignee?.gid ?? null;
    task.assignedBy = assignee ? by.gid : null;
  }
  if ('completed' in body) {
    if (typeof body.completed !== 'boolean') throw badRequest('completed: Value must be a boolean');
    if (!creating && body.completed !== task.completed) {
      store.recordChange(task, by, body.completed ? 'marked_complete' : 'marked_incomplete', body.completed ? 'marked this task complete' : 'marked incomplete');
    }
    if (body.completed !== task.completed) {
      task.completedAt = body.completed ? store.now() : null;
      task.completedBy = body.completed ? by.gid : null;
    }
    task.completed = body.completed;
  }
}

/** `custom_fields: { gid: value }`: only fields of the task's projects, values of the field's type. */
export function applyCustomFields(store: AsanaStore, task: TaskRecord, values: unknown, by: UserRecord, creating: boolean): void {
  if (values === undefined) return;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw badRequest('custom_fields: Value must be an object');
  const available = store.taskCustomFields(task);
  for (const [gid, value] of Object.entries(values)) {
    const field = available.find((candidate) => candidate.gid === gid);
    if (!field) throw badRequest(`custom_fields: Custom field with ID ${gid} is not on given object`);
    const stored = validateCustomValue(field, value);
    if (!creating && stored !== (task.customValues[gid] ?? null)) {
      store.recordChange(task, by, `${field.type}_custom_field_changed`, `changed ${field.name} to ${displayValue(field, stored) ?? 'nothing'}`, { custom_field: { gid: field.gid, resource_type: 'custom_field', name: field.name } });
    }
    task.customValues[gid] = stored;
  }
}

function validateCustomValue(field: CustomFieldRecord, value: unknown): string | number | null {
  if (value === null) return null;
  if (field.type === 'text') {
    if (typeof value !== 'string') throw badRequest(`custom_fields: Value for custom field ${field.gid} (${field.name}) must be a string`);
    return value;
  }
  if (field.type === 'number') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw badRequest(`custom_fields: Value for custom field ${field.gid} (${field.name}) must be a number`);
    return number;
  }
  const option = field.enumOptions.find((candidate) => candidate.gid === value);
  if (!option) throw badRequest(`custom_fields: enum_value: ${String(value)} is not a valid enum option of custom field ${field.gid} (${field.name})`);
  if (!option.enabled) throw badRequest(`custom_fields: enum option ${option.gid} is disabled`);
  return option.gid;
}

export function displayValue(field: CustomFieldRecord, value: string | number | null): string | null {
  if (value === null) return null;
  if (field.type === 'enum') return field.enumOptions.find((option) => option.gid === value)?.name ?? null;
  return String(value);
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
    store.recordChange(task, by, 'section_changed', `moved this task from "${current?.name}" to "${section.name}" in ${project.name}`);
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
