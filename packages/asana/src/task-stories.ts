// Who changed each field of a task last, from its stories (GET /tasks/{task_gid}/stories): Asana writes a
// system story, by whoever made it, for every change of a task. That is how a rollback tells a person who
// set a field to the very value the agent left (completed the task again after reopening it, moved it
// back to the agent's section) from the agent, whose earlier value it would otherwise put back over theirs.
import type { FieldWriter, ResourceRef } from '@backspace/core';
import type { AsanaClient, AsanaObject } from './client.js';
import { field, MEMBERSHIPS_FIELD } from './snapshot.js';

/** The plain snapshot fields each system story subtype records a change of. */
const FIELDS_BY_SUBTYPE: Record<string, string[]> = {
  name_changed: ['name'],
  notes_changed: ['notes', 'html_notes'],
  assigned: ['assignee'],
  unassigned: ['assignee'],
  marked_complete: ['completed'],
  marked_incomplete: ['completed'],
  added_to_task: ['parent'],
  removed_from_task: ['parent'],
};

/** Subtypes that change one project's field (and the task's `memberships`), named by the story's `project`. */
const PROJECT_SUBTYPES = new Set(['added_to_project', 'removed_from_project']);
/** Subtypes that change one tag's field, named by the story's `tag`. */
const TAG_SUBTYPES = new Set(['added_to_tag', 'removed_from_tag']);

/** The plain fields stories trace: each is named a writer, or null where no story names a change of it. */
const TRACED = ['name', 'notes', 'html_notes', 'assignee', 'completed', 'due', 'start_on', 'parent'];

/** Only what telling writers apart needs of each story. */
const STORY_FIELDS = ['created_at', 'created_by', 'type', 'resource_subtype', 'project', 'tag', 'follower', 'custom_field', 'new_section', 'old_dates', 'new_dates'].join(',');

/**
 * Each traced field's last writer, by snapshot field name: the plain fields, and each `project:<gid>`,
 * `tag:<gid>`, `follower:<gid>` and `custom_field:<gid>` a story names (with `memberships` for any project
 * change). A change by the token's own user is the agent's (`self`); anyone else's, or a rule's (a story
 * with no `created_by`), is not. Asana writes no story when a follower is removed, so a follower field is
 * traced by its additions only: a follower present now was added last by whoever its newest story names.
 */
export async function taskLastWriters(client: AsanaClient, resource: ResourceRef): Promise<Map<string, FieldWriter | null>> {
  if (resource.type !== 'task') return new Map();
  const [stories, me] = await Promise.all([
    client.listAll('getStoriesForTask', (paging) => client.stories.getStoriesForTask(resource.id, { ...paging, opt_fields: STORY_FIELDS })),
    client.myGid(),
  ]);
  // A section change names the section, not its project: the task's sections now tell which project each
  // belongs to. A section the task has left since was left by a later story of the same project, which wins.
  const sections = stories.some((story) => story.resource_subtype === 'section_changed') ? await sectionProjects(client, resource.id) : new Map<string, string>();
  // Oldest first (Asana lists them so): the last change of a field wins.
  const ordered = [...stories].sort((left, right) => String(left.created_at).localeCompare(String(right.created_at)));
  const writers = new Map<string, FieldWriter | null>(TRACED.map((name) => [name, null]));
  for (const story of ordered) {
    if (story.type !== 'system') continue;
    const writer: FieldWriter = story.created_by?.gid ? { by: String(story.created_by.gid), self: String(story.created_by.gid) === me } : { by: 'an Asana rule', self: false };
    for (const name of storyFields(story, sections)) writers.set(name, writer);
  }
  return writers;
}

/** The snapshot fields one system story records a change of. */
function storyFields(story: AsanaObject, sections: Map<string, string>): string[] {
  const subtype = String(story.resource_subtype ?? '');
  if (FIELDS_BY_SUBTYPE[subtype]) return FIELDS_BY_SUBTYPE[subtype]!;
  if (subtype === 'due_date_changed') return dateFields(story);
  if (PROJECT_SUBTYPES.has(subtype) && story.project?.gid) return [field.project(story.project.gid), MEMBERSHIPS_FIELD];
  if (subtype === 'section_changed') {
    const project = story.new_section?.gid ? sections.get(story.new_section.gid) : undefined;
    return project ? [field.project(project), MEMBERSHIPS_FIELD] : [MEMBERSHIPS_FIELD];
  }
  if (TAG_SUBTYPES.has(subtype) && story.tag?.gid) return [field.tag(story.tag.gid)];
  if (subtype === 'added_follower' && story.follower?.gid) return [field.follower(story.follower.gid)];
  // `text_custom_field_changed`, `number_custom_field_changed`, `enum_custom_field_changed`, ...
  if (subtype.endsWith('_custom_field_changed') && story.custom_field?.gid) return [field.customField(story.custom_field.gid)];
  return [];
}

/**
 * Asana records a change of the start date, the due date or the due time as one `due_date_changed`, with
 * the dates before and after: the fields whose dates differ. Without both, it may be either: both.
 */
function dateFields(story: AsanaObject): string[] {
  const before = story.old_dates as AsanaObject | null | undefined;
  const after = story.new_dates as AsanaObject | null | undefined;
  if (!before || !after) return ['due', 'start_on'];
  const fields: string[] = [];
  if ((before.due_on ?? null) !== (after.due_on ?? null) || (before.due_at ?? null) !== (after.due_at ?? null)) fields.push('due');
  if ((before.start_on ?? null) !== (after.start_on ?? null)) fields.push('start_on');
  return fields;
}

/** Section gid to its project's gid, for every project the task is in now (one read). */
async function sectionProjects(client: AsanaClient, gid: string): Promise<Map<string, string>> {
  const task = await client.call<AsanaObject>('getTask', false, () => client.tasks.getTask(gid, { opt_fields: 'memberships.project,memberships.section' }));
  const sections = new Map<string, string>();
  for (const membership of (task.memberships ?? []) as AsanaObject[]) if (membership.section?.gid && membership.project?.gid) sections.set(membership.section.gid, membership.project.gid);
  return sections;
}

/**
 * Whether the token's own user changed one of `fields` (snapshot field names) on the task after `since`
 * (the task's `modified_at` as the write's pre-state read it: Asana's own clock, so a change the session
 * made before this write is not taken for it), by its system stories: how a lookup tells the agent's
 * update landed when a person has changed part of it since.
 */
export async function changedBySelfSince(client: AsanaClient, taskGid: string, fields: readonly string[], since: string): Promise<boolean> {
  const [stories, me] = await Promise.all([
    client.listAll('getStoriesForTask', (paging) => client.stories.getStoriesForTask(taskGid, { ...paging, opt_fields: STORY_FIELDS })),
    client.myGid(),
  ]);
  return stories.some(
    (story) => story.type === 'system' && String(story.created_by?.gid) === me && Date.parse(String(story.created_at)) > Date.parse(since) && storyFields(story, new Map()).some((name) => fields.includes(name)),
  );
}
