// Records as the Asana API shows them, and `opt_fields` applied to them.
import type { Json } from '@backspace/core';
import { displayValue } from './task-field-writes.js';
import type { AttachmentRecord, CustomFieldRecord, StoryRecord, TaskRecord } from './model.js';
import type { AsanaStore } from './store.js';

type JsonObject = { [key: string]: Json };

export function userCompact(store: AsanaStore, gid: string | null): JsonObject | null {
  if (!gid) return null;
  return { gid, resource_type: 'user', name: store.user(gid)?.name ?? 'Private User' };
}

const named = (resourceType: string) => (record: { gid: string; name: string }): JsonObject => ({ gid: record.gid, resource_type: resourceType, name: record.name });

export function taskCompact(task: TaskRecord): JsonObject {
  return { gid: task.gid, resource_type: 'task', name: task.name, resource_subtype: 'default_task' };
}

export function customFieldJson(field: CustomFieldRecord, value: string | number | null): JsonObject {
  const options = field.enumOptions.map((option) => ({ gid: option.gid, resource_type: 'enum_option', name: option.name, enabled: option.enabled, color: option.color }));
  const base: JsonObject = { gid: field.gid, resource_type: 'custom_field', name: field.name, type: field.type, resource_subtype: field.type, representation_type: field.type, enabled: true, is_formula_field: false, is_value_read_only: false, display_value: displayValue(field, value) };
  if (field.type === 'text') return { ...base, text_value: value === null ? null : String(value) };
  if (field.type === 'number') return { ...base, precision: field.precision, number_value: value === null ? null : Number(value) };
  return { ...base, enum_options: options, enum_value: options.find((option) => option.gid === value) ?? null };
}

/** The full task record a single-task GET, a create or an update answers with. */
export function taskJson(store: AsanaStore, task: TaskRecord, token: string): JsonObject {
  const project = named('project');
  const memberships = task.projects.map((gid): JsonObject => {
    const section = store.sectionOf(task.gid, gid);
    return section ? { project: project(store.project(gid)), section: named('section')(section) } : { project: project(store.project(gid)) };
  });
  const parent = task.parent ? store.state.tasks.find((candidate) => candidate.gid === task.parent) : undefined;
  const external: JsonObject = task.external && task.external.app === token ? { external: { gid: task.external.gid, data: task.external.data } } : {};
  return {
    ...taskCompact(task),
    created_by: { gid: task.createdBy, resource_type: 'user' },
    approval_status: 'pending',
    assignee_status: 'upcoming',
    assigned_by: userCompact(store, task.assignedBy),
    completed: task.completed,
    completed_at: task.completedAt,
    completed_by: userCompact(store, task.completedBy),
    created_at: task.createdAt,
    dependencies: dependenciesOf(store, task).map(taskCompact),
    dependents: dependentsOf(store, task).map(taskCompact),
    due_at: task.dueAt,
    due_on: task.dueOn,
    ...external,
    html_notes: task.htmlNotes ?? `<body>${escapeHtml(task.notes)}</body>`,
    hearted: false,
    hearts: [],
    is_rendered_as_separator: false,
    liked: false,
    likes: [],
    memberships,
    modified_at: task.modifiedAt,
    notes: task.notes,
    num_hearts: 0,
    num_likes: 0,
    num_subtasks: task.subtasks.length,
    start_at: null,
    start_on: task.startOn,
    actual_time_minutes: null,
    assignee: userCompact(store, task.assignee),
    assignee_section: null,
    custom_fields: store.taskCustomFields(task).map((field) => customFieldJson(field, task.customValues[field.gid] ?? null)),
    custom_type: null,
    custom_type_status_option: null,
    followers: task.followers.map((gid) => userCompact(store, gid)!),
    parent: parent ? taskCompact(parent) : null,
    projects: task.projects.map((gid) => project(store.project(gid))),
    tags: task.tags.map((gid) => named('tag')(store.tag(gid))),
    workspace: named('workspace')(store.workspace(task.workspace)),
    permalink_url: `https://app.asana.com/0/${task.projects[0] ?? '0'}/${task.gid}`,
  };
}

/** The tasks `task` depends on, those in the trash left out (Asana no longer shows a link to a deleted task). */
export function dependenciesOf(store: AsanaStore, task: TaskRecord): TaskRecord[] {
  return task.dependencies.map((gid) => store.state.tasks.find((candidate) => candidate.gid === gid)).filter((found): found is TaskRecord => found !== undefined && found.trashedAt === null);
}

/** The tasks that depend on `task`: the other side of their `dependencies`. */
export function dependentsOf(store: AsanaStore, task: TaskRecord): TaskRecord[] {
  return store.state.tasks.filter((candidate) => candidate.trashedAt === null && candidate.dependencies.includes(task.gid));
}

/** An attachment as Asana shows it (`AttachmentResponse`); `AttachmentCompact` is its gid, type, name and subtype. */
export function attachmentJson(store: AsanaStore, attachment: AttachmentRecord): JsonObject {
  const task = store.state.tasks.find((candidate) => candidate.gid === attachment.parent)!;
  return {
    ...attachmentCompact(attachment),
    created_at: attachment.createdAt,
    download_url: attachment.resourceSubtype === 'external' ? null : attachment.url,
    permanent_url: `https://app.asana.com/app/asana/-/get_asset?asset_id=${attachment.gid}`,
    host: attachment.resourceSubtype === 'external' ? 'external' : 'asana',
    parent: taskCompact(task),
    // Asana gives an uploaded file's size in bytes; a link elsewhere has none.
    ...(attachment.size === null ? {} : { size: attachment.size }),
    view_url: attachment.url,
    connected_to_app: false,
  };
}

export function attachmentCompact(attachment: AttachmentRecord): JsonObject {
  return { gid: attachment.gid, resource_type: 'attachment', name: attachment.name, resource_subtype: attachment.resourceSubtype };
}

export function storyJson(store: AsanaStore, story: StoryRecord): JsonObject {
  const task = store.state.tasks.find((candidate) => candidate.gid === story.task)!;
  return {
    gid: story.gid,
    resource_type: 'story',
    created_at: story.createdAt,
    resource_subtype: story.subtype,
    text: story.text,
    ...(story.type === 'comment' ? { html_text: `<body>${escapeHtml(story.text)}</body>`, is_pinned: false } : {}),
    created_by: userCompact(store, story.createdBy)!,
    type: story.type,
    is_editable: story.type === 'comment',
    is_edited: false,
    hearted: false,
    hearts: [],
    num_hearts: 0,
    liked: false,
    likes: [],
    num_likes: 0,
    source: 'api',
    target: taskCompact(task),
    ...story.extra,
  };
}

export function storyCompact(store: AsanaStore, story: StoryRecord): JsonObject {
  return { gid: story.gid, resource_type: 'story', created_at: story.createdAt, created_by: userCompact(store, story.createdBy)!, resource_subtype: story.subtype, text: story.text };
}

/** `opt_fields=name,assignee.name`: gid plus the named fields, nested ones projected the same way. */
export function selectFields(record: JsonObject, optFields: string | undefined, fallback: JsonObject): JsonObject {
  if (optFields === undefined || optFields.trim() === '') return fallback;
  const tree: Record<string, unknown> = {};
  for (const path of optFields.split(',').map((field) => field.trim()).filter(Boolean)) {
    let node = tree;
    for (const part of path.split('.')) node = (node[part] ??= {}) as Record<string, unknown>;
  }
  return pick(record, tree);
}

function pick(record: JsonObject, tree: Record<string, unknown>): JsonObject {
  const picked: JsonObject = 'gid' in record ? { gid: record.gid! } : {};
  for (const [key, subtree] of Object.entries(tree)) {
    const value = record[key];
    if (value === undefined) continue;
    const nested = subtree as Record<string, unknown>;
    if (Object.keys(nested).length === 0 || value === null || typeof value !== 'object') picked[key] = value;
    else if (Array.isArray(value)) picked[key] = value.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? pick(item, nested) : item));
    else picked[key] = pick(value, nested);
  }
  return picked;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
