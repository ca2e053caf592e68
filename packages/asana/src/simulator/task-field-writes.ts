// What a create or an update changes in a task's own fields and custom field values, validated as Asana
// validates them and recorded as the system stories Asana writes.
import { badRequest } from './asana-errors.js';
import type { CustomFieldRecord, TaskRecord, UserRecord } from './model.js';
import type { AsanaStore } from './store.js';

type Body = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The plain fields of a create or an update (name, notes, assignee, dates, completed). */
export function applyTaskFields(store: AsanaStore, task: TaskRecord, body: Body, by: UserRecord, creating: boolean): void {
  if ('name' in body) {
    if (typeof body.name !== 'string') throw badRequest('name: Value must be a string');
    if (!creating && body.name !== task.name) store.recordChange(task, by, 'name_changed', `changed the name to "${body.name}"`, { new_name: body.name });
    task.name = body.name;
  }
  if ('notes' in body) {
    if (typeof body.notes !== 'string') throw badRequest('notes: Value must be a string');
    if (!creating && (body.notes !== task.notes || task.htmlNotes)) store.recordChange(task, by, 'notes_changed', 'changed the description');
    task.notes = body.notes;
    // Plain text replaces the description whole: its formatting goes with it.
    task.htmlNotes = null;
  }
  // The description with formatting, in Asana's rich text (`<body>...</body>`); `notes` becomes its text.
  if ('html_notes' in body) {
    const html = body.html_notes;
    if (typeof html !== 'string' || !/^<body>[\s\S]*<\/body>$/.test(html)) throw badRequest('html_notes: Rich text must be wrapped in <body> tags');
    const text = plainText(html);
    if (!creating && (html !== (task.htmlNotes ?? null) || text !== task.notes)) store.recordChange(task, by, 'notes_changed', 'changed the description');
    task.htmlNotes = html;
    task.notes = text;
  }
  // Asana's description: due_on and due_at "should not be used together"; Asana refuses a request with both.
  if ('due_on' in body && 'due_at' in body) throw badRequest('due_on: You may only provide one of due_on and due_at.');
  // And: "`due_on` or `due_at` must be present in the request when setting or unsetting the `start_on` parameter".
  if ('start_on' in body && !('due_on' in body) && !('due_at' in body)) throw badRequest('start_on: due_on or due_at must be present in the request when setting or unsetting start_on.');
  const datesBefore = datesOf(task);
  for (const [field, key] of [['due_on', 'dueOn'], ['start_on', 'startOn']] as const) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value !== null && (typeof value !== 'string' || !DATE.test(value))) throw badRequest(`${field}: Invalid date: ${String(value)}. Dates must be in the format YYYY-MM-DD`);
    task[key] = value as string | null;
    // A due date and a due time exclude each other: a date alone drops the time, and no date no time.
    if (field === 'due_on') task.dueAt = null;
  }
  if ('due_at' in body) {
    const value = body.due_at;
    if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) throw badRequest(`due_at: Invalid date-time: ${String(value)}`);
    task.dueAt = value === null ? null : new Date(value as string).toISOString();
    task.dueOn = value === null ? task.dueOn : task.dueAt!.slice(0, 10);
  }
  // One story for a change of any of the dates, with the dates before and after (`old_dates`, `new_dates`).
  const datesAfter = datesOf(task);
  if (!creating && JSON.stringify(datesAfter) !== JSON.stringify(datesBefore)) {
    const text = datesAfter.due_on ? `changed the due date to ${datesAfter.due_at ?? datesAfter.due_on}` : 'removed the due date';
    store.recordChange(task, by, 'due_date_changed', text, { old_dates: datesBefore, new_dates: datesAfter });
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

/** Rich text's plain text, as Asana gives it in `notes`: the tags dropped, the entities read. */
function plainText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
  return html.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => entities[name]!);
}

/**
 * A task's dates as a `due_date_changed` story gives them (`StoryResponseDates`, whose `due_on` is not
 * nullable: left out when there is none).
 */
function datesOf(task: TaskRecord): { start_on: string | null; due_at: string | null; due_on?: string } {
  return { start_on: task.startOn, due_at: task.dueAt, ...(task.dueOn ? { due_on: task.dueOn } : {}) };
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
