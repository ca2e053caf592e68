// The simulator's state and the bookkeeping every write shares: gids, timestamps, system stories, trash.
import type { Clock, Json } from '@backspace/core';
import { createNumericIds, createTimestamps, type SimulatorUser } from '@backspace/simulator-kit';
import { badRequest, notFound } from './asana-errors.js';
import type { AsanaState, CustomFieldRecord, ProjectRecord, SectionRecord, StoryRecord, TagRecord, TaskRecord, UserRecord, WorkspaceRecord } from './model.js';

export class AsanaStore {
  readonly state: AsanaState = { workspaces: [], users: [], projects: [], sections: [], tags: [], customFields: [], tasks: [], stories: [], attachments: [] };
  private readonly nextNumber = createNumericIds(1_204_000_000_000_001);
  private readonly timestamps;

  constructor(readonly clock: Clock) {
    this.timestamps = createTimestamps(clock);
  }

  /** Asana gids are numeric strings, unique across every kind of object. */
  newGid(): string {
    return String(this.nextNumber());
  }

  now(): string {
    return this.timestamps.nextIso();
  }

  /** Runs a write all-or-nothing: a validation error leaves no partial change and no story behind. */
  transaction<T>(write: () => T): T {
    const backup = structuredClone(this.state);
    try {
      return write();
    } catch (error) {
      Object.assign(this.state, backup);
      throw error;
    }
  }

  /** The harness makes a user per token; the first request of a token makes it a workspace member. */
  ensureUser(user: SimulatorUser): UserRecord {
    const known = this.state.users.find((candidate) => candidate.gid === user.id);
    if (known) return known;
    const record = { gid: user.id, name: user.name, email: `${user.name.toLowerCase().replace(/\s+/g, '.')}@example.com` };
    this.state.users.push(record);
    return record;
  }

  user(gid: string): UserRecord | undefined {
    return this.state.users.find((user) => user.gid === gid);
  }

  /** `me`, a gid or an email, as Asana accepts for assignees and followers. */
  resolveUser(reference: string, me: UserRecord, field: string): UserRecord {
    if (reference === 'me') return me;
    const found = this.state.users.find((user) => user.gid === reference || user.email === reference);
    if (!found) throw badRequest(`${field}: Not a recognized ID: ${reference}`);
    return found;
  }

  workspace(gid: string): WorkspaceRecord {
    return this.state.workspaces.find((workspace) => workspace.gid === gid) ?? missing(gid);
  }

  project(gid: string): ProjectRecord {
    return this.state.projects.find((project) => project.gid === gid) ?? missing(gid);
  }

  section(gid: string): SectionRecord {
    return this.state.sections.find((section) => section.gid === gid) ?? missing(gid);
  }

  tag(gid: string): TagRecord {
    return this.state.tags.find((tag) => tag.gid === gid) ?? missing(gid);
  }

  customField(gid: string): CustomFieldRecord | undefined {
    return this.state.customFields.find((field) => field.gid === gid);
  }

  /** A task that is not in the trash; the API's 404 otherwise. */
  task(gid: string): TaskRecord {
    const task = this.state.tasks.find((candidate) => candidate.gid === gid && candidate.trashedAt === null);
    return task ?? missing(gid);
  }

  story(gid: string): StoryRecord {
    const story = this.state.stories.find((candidate) => candidate.gid === gid);
    if (!story || this.state.tasks.find((task) => task.gid === story.task)?.trashedAt) return missing(gid);
    return story;
  }

  /** The section holding `task` in `project`. */
  sectionOf(task: string, project: string): SectionRecord | undefined {
    return this.state.sections.find((section) => section.project === project && section.tasks.includes(task));
  }

  /** The custom fields a task carries: those of every project it is in. */
  taskCustomFields(task: TaskRecord): CustomFieldRecord[] {
    const gids = new Set(task.projects.flatMap((project) => this.project(project).customFields));
    return this.state.customFields.filter((field) => gids.has(field.gid));
  }

  /** Records a change to a task as Asana does: a system story by whoever made it, and a new modified_at. */
  recordChange(task: TaskRecord, by: UserRecord, subtype: string, text: string, extra: Record<string, Json> = {}): void {
    this.addStory(task, by, 'system', subtype, text, extra);
  }

  addStory(task: TaskRecord, by: UserRecord, type: StoryRecord['type'], subtype: string, text: string, extra: Record<string, Json> = {}): StoryRecord {
    const story: StoryRecord = { gid: this.newGid(), task: task.gid, createdAt: this.now(), createdBy: by.gid, type, subtype, text, extra };
    this.state.stories.push(story);
    this.touch(task);
    return story;
  }

  /** modified_at moves on every change, stories included. */
  touch(task: TaskRecord): void {
    task.modifiedAt = this.now();
  }

  /**
   * Deleting a task sends it and its subtasks to the trash; each leaves every project it was in (a
   * subtask may be in one of its own), and the task leaves its parent's list.
   */
  trash(task: TaskRecord): void {
    const at = this.now();
    const toTrash = [task];
    const trashed = new Set<string>();
    while (toTrash.length > 0) {
      const next = toTrash.pop()!;
      next.trashedAt = at;
      trashed.add(next.gid);
      for (const gid of next.subtasks) {
        const child = this.state.tasks.find((candidate) => candidate.gid === gid && candidate.trashedAt === null);
        if (child) toTrash.push(child);
      }
    }
    for (const section of this.state.sections) section.tasks = section.tasks.filter((gid) => !trashed.has(gid));
    if (task.parent) {
      const parent = this.state.tasks.find((candidate) => candidate.gid === task.parent);
      if (parent) parent.subtasks = parent.subtasks.filter((gid) => gid !== task.gid);
    }
  }
}

function missing(gid: string): never {
  throw notFound(gid);
}
