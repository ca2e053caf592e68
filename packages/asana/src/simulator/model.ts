// The simulated Asana's records: plain objects the routes change and `inspect()` copies out.
import type { Json } from '@backspace/core';

export interface UserRecord {
  gid: string;
  name: string;
  email: string;
}

export interface WorkspaceRecord {
  gid: string;
  name: string;
}

export interface EnumOptionRecord {
  gid: string;
  name: string;
  color: string;
  enabled: boolean;
}

export interface CustomFieldRecord {
  gid: string;
  name: string;
  type: 'text' | 'number' | 'enum';
  workspace: string;
  precision: number;
  enumOptions: EnumOptionRecord[];
}

export interface ProjectRecord {
  gid: string;
  name: string;
  workspace: string;
  /** Section gids in board order. */
  sections: string[];
  /** Custom fields every task in the project carries. */
  customFields: string[];
}

export interface SectionRecord {
  gid: string;
  name: string;
  project: string;
  /** Task gids in list order. */
  tasks: string[];
}

export interface TagRecord {
  gid: string;
  name: string;
  workspace: string;
}

export interface TaskRecord {
  gid: string;
  name: string;
  notes: string;
  /**
   * The description with its formatting, as a person wrote it through `html_notes` (`notes` is then its
   * plain text). Absent or null after `notes` was written: the description is that plain text, escaped.
   */
  htmlNotes?: string | null;
  workspace: string;
  createdBy: string;
  createdAt: string;
  modifiedAt: string;
  assignee: string | null;
  assignedBy: string | null;
  completed: boolean;
  completedAt: string | null;
  completedBy: string | null;
  dueOn: string | null;
  dueAt: string | null;
  startOn: string | null;
  /** Project gids in the order the task joined them; its section in each lives on the section. */
  projects: string[];
  parent: string | null;
  /** Subtask gids in order. */
  subtasks: string[];
  /**
   * Gids of the tasks this one depends on (it is blocked until they are done). Its dependents are not
   * stored: they are the tasks whose `dependencies` name it, so the two sides never disagree.
   */
  dependencies: string[];
  tags: string[];
  followers: string[];
  /** Custom field gid to value: text (string), number, or enum option gid; null when empty. */
  customValues: Record<string, string | number | null>;
  /** `external` data, visible only to the OAuth app (token) that wrote it. */
  external: { gid: string | null; data: string | null; app: string } | null;
  /** Set when the task went to the trash: the API answers 404 for it from then on. */
  trashedAt: string | null;
}

export interface StoryRecord {
  gid: string;
  task: string;
  createdAt: string;
  createdBy: string;
  type: 'comment' | 'system';
  /** `comment_added`, `marked_complete`, `assigned`, `added_to_project`, ... as Asana names them. */
  subtype: string;
  text: string;
  /** The fields a system story names: `assignee`, `project`, `tag`, `follower`, `custom_field`, `new_*`. */
  extra: Record<string, Json>;
}

/** A file uploaded to a task, or a link to one elsewhere (`resource_subtype: external`). */
export interface AttachmentRecord {
  gid: string;
  /** The task it is attached to. */
  parent: string;
  name: string;
  resourceSubtype: 'asana' | 'external';
  /** An external attachment's address; an uploaded file's is Asana's own. */
  url: string;
  size: number | null;
  createdAt: string;
  createdBy: string;
}

export interface AsanaState {
  workspaces: WorkspaceRecord[];
  users: UserRecord[];
  projects: ProjectRecord[];
  sections: SectionRecord[];
  tags: TagRecord[];
  customFields: CustomFieldRecord[];
  tasks: TaskRecord[];
  stories: StoryRecord[];
  attachments: AttachmentRecord[];
}
