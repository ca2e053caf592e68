// The simulator's workspace: issues, comments, relations, labels and workflow states, with Linear's rules.
import { createNumericIds, createTimestamps, createUuids, type TimestampSource } from '@backspace/simulator-kit';
import type { Clock } from '@backspace/core';
import { entityNotFound, linearError } from './linear-errors.js';
import { checkIssueFields, checkLabels, checkMilestone } from './issue-field-checks.js';

export interface TeamRecord { id: string; key: string; name: string }
export interface StateRecord { id: string; name: string; type: string; position: number; teamId: string }
export interface LabelRecord { id: string; name: string; teamId: string }
export interface UserRecord { id: string; name: string }
/** A team's cycle (its sprint); issues are planned into one by `cycleId`. */
export interface CycleRecord { id: string; number: number; teamId: string }
/** A project's milestone; issues of the project are planned into one by `projectMilestoneId`. */
export interface MilestoneRecord { id: string; name: string; projectId: string }
export interface IssueRecord {
  id: string; teamId: string; number: number; title: string; description: string | null; stateId: string;
  assigneeId: string | null; priority: number; labelIds: string[]; estimate: number | null; dueDate: string | null;
  projectId: string | null; parentId: string | null; creatorId: string;
  /** The cycle and the project milestone it is planned into; absent on records made before they were modelled. */
  cycleId?: string | null; projectMilestoneId?: string | null; createdAt: string; updatedAt: string;
  archivedAt: string | null; trashed: boolean | null;
  /** The ancestor whose archive or trash took this sub-issue along (see `archiveIssue`); null otherwise. */
  archivedWith?: string | null;
  /** When it went to the trash (an issue archived before keeps its older `archivedAt`): Linear's 30 days count from here. */
  trashedAt?: string | null;
}
/** A comment; a reply names the comment whose thread it answers (`parentId`). */
export interface CommentRecord { id: string; issueId: string; parentId: string | null; body: string; userId: string; createdAt: string; updatedAt: string; editedAt: string | null }
/**
 * One change to an issue as Linear's IssueHistory records it: who made it, and each field it changed as
 * a from/to pair (the description as `updatedDescription`, labels as the ids added and removed). A write
 * that changes nothing records nothing.
 */
export interface HistoryRecord {
  id: string; issueId: string; actorId: string | null; createdAt: string; updatedAt: string;
  fromTitle?: string; toTitle?: string; updatedDescription?: boolean;
  fromStateId?: string; toStateId?: string; fromAssigneeId?: string | null; toAssigneeId?: string | null;
  fromPriority?: number; toPriority?: number; fromEstimate?: number | null; toEstimate?: number | null;
  fromDueDate?: string | null; toDueDate?: string | null; fromProjectId?: string | null; toProjectId?: string | null;
  fromParentId?: string | null; toParentId?: string | null; addedLabelIds?: string[]; removedLabelIds?: string[];
  fromCycleId?: string | null; toCycleId?: string | null;
  /** The milestones it left and joined: IssueHistory serves them as `fromProjectMilestone`/`toProjectMilestone`. */
  fromProjectMilestoneId?: string | null; toProjectMilestoneId?: string | null;
  /** Whether this change archived (true) or unarchived (false) the issue; trashed or restored it from the trash. */
  archived?: boolean; trashed?: boolean;
}

/** The fields IssueHistory records as from/to pairs, by the record's field name. */
const PAIRED = { title: 'Title', stateId: 'StateId', assigneeId: 'AssigneeId', priority: 'Priority', estimate: 'Estimate', dueDate: 'DueDate', projectId: 'ProjectId', parentId: 'ParentId', cycleId: 'CycleId', projectMilestoneId: 'ProjectMilestoneId' } as const;

/**
 * A link from an issue to outside content (a pull request, a Sentry event, a file), as `attachmentCreate`
 * and `attachmentLinkURL` make it. Its URL names it on its issue: a second create with the same URL on the
 * same issue updates the first instead (the schema's AttachmentCreateInput.url).
 */
export interface AttachmentRecord { id: string; issueId: string; url: string; title: string; subtitle: string | null; metadata: Record<string, unknown>; creatorId: string; createdAt: string; updatedAt: string }

export interface RelationRecord { id: string; type: string; issueId: string; relatedIssueId: string; createdAt: string; updatedAt: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RELATION_TYPES = new Set(['blocks', 'duplicate', 'related', 'similar']);
const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;
const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];

export type IssueFields = Partial<Pick<IssueRecord, 'title' | 'description' | 'stateId' | 'assigneeId' | 'priority' | 'labelIds' | 'estimate' | 'dueDate' | 'projectId' | 'parentId' | 'cycleId' | 'projectMilestoneId' | 'trashed'>>;

export class LinearState {
  readonly teams = new Map<string, TeamRecord>();
  readonly states = new Map<string, StateRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly projects = new Map<string, { id: string; name: string }>();
  readonly cycles = new Map<string, CycleRecord>();
  readonly milestones = new Map<string, MilestoneRecord>();
  readonly issues = new Map<string, IssueRecord>();
  readonly comments = new Map<string, CommentRecord>();
  readonly relations = new Map<string, RelationRecord>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Each issue's history, oldest first: every change by anyone, as `issue.history` serves it. */
  readonly history = new Map<string, HistoryRecord[]>();
  readonly time: TimestampSource;
  readonly newId: () => string;
  /** History entries' ids, apart from the workspace's own: recording history changes no other id. */
  private readonly newHistoryId = createUuids(0x4157);
  private readonly nextSync = createNumericIds(1000);
  private readonly issueNumbers = new Map<string, () => number>();
  lastSyncId = 1000;
  /** Mutations that ran to completion, by field name: how tests count writes over one GraphQL endpoint. */
  readonly committed = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    this.time = createTimestamps(clock);
    this.newId = createUuids(0x11ea);
  }

  /** Linear deletes trashed issues for good 30 days after they were trashed; run before each request. */
  purgeExpiredTrash(): void {
    const cutoff = this.clock.now() - TRASH_RETENTION_MS;
    for (const issue of [...this.issues.values()]) {
      const trashedAt = issue.trashedAt ?? issue.archivedAt;
      if (!issue.trashed || !trashedAt || Date.parse(trashedAt) > cutoff) continue;
      this.issues.delete(issue.id);
      for (const comment of [...this.comments.values()]) if (comment.issueId === issue.id) this.comments.delete(comment.id);
      for (const relation of [...this.relations.values()]) if (relation.issueId === issue.id || relation.relatedIssueId === issue.id) this.relations.delete(relation.id);
      for (const attachment of [...this.attachments.values()]) if (attachment.issueId === issue.id) this.attachments.delete(attachment.id);
    }
  }

  sync(): number {
    this.lastSyncId = this.nextSync();
    return this.lastSyncId;
  }

  priorityLabel(priority: number): string {
    return PRIORITY_LABELS[priority] ?? 'No priority';
  }

  identifier(issue: IssueRecord): string {
    return `${this.teams.get(issue.teamId)!.key}-${issue.number}`;
  }

  issue(id: string): IssueRecord {
    const issue = this.issues.get(id) ?? [...this.issues.values()].find((candidate) => this.identifier(candidate) === id);
    if (!issue) throw entityNotFound('Issue');
    return issue;
  }

  createIssue(input: Record<string, unknown>, userId: string): IssueRecord {
    const teamId = String(input.teamId);
    const team = this.teams.get(teamId);
    if (!team) throw entityNotFound('Team');
    const id = this.clientId(input.id, this.issues, 'issue');
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (!title) throw linearError('invalid input', 'Argument Validation Error', 'title must not be empty.');
    const fields = checkIssueFields(this, input, teamId);
    checkMilestone(this, fields, { projectId: null, projectMilestoneId: null });
    const now = this.time.nextIso();
    const numbers = this.issueNumbers.get(teamId) ?? createNumericIds(1);
    this.issueNumbers.set(teamId, numbers);
    const defaultState = [...this.states.values()].filter((state) => state.teamId === teamId && state.type !== 'backlog').sort((a, b) => a.position - b.position)[0]!;
    const issue: IssueRecord = {
      id, teamId, number: numbers(), title, description: fields.description ?? null, stateId: fields.stateId ?? defaultState.id,
      assigneeId: fields.assigneeId ?? null, priority: fields.priority ?? 0, labelIds: fields.labelIds ?? [], estimate: fields.estimate ?? null,
      dueDate: fields.dueDate ?? null, projectId: fields.projectId ?? null, parentId: fields.parentId ?? null, creatorId: userId,
      cycleId: fields.cycleId ?? null, projectMilestoneId: fields.projectMilestoneId ?? null,
      createdAt: now, updatedAt: now, archivedAt: null, trashed: null,
    };
    this.issues.set(id, issue);
    this.sync();
    return issue;
  }

  updateIssue(id: string, input: Record<string, unknown>, userId: string | null = null): IssueRecord {
    const issue = this.issue(id);
    const before = { ...issue };
    const fields = checkIssueFields(this, input, issue.teamId);
    if ('title' in input && !(typeof input.title === 'string' && input.title.trim())) throw linearError('invalid input', 'Argument Validation Error', 'title must not be empty.');
    if (Array.isArray(input.addedLabelIds)) fields.labelIds = [...new Set([...(fields.labelIds ?? issue.labelIds), ...checkLabels(this, input.addedLabelIds, issue.teamId)])];
    if (Array.isArray(input.removedLabelIds)) fields.labelIds = (fields.labelIds ?? issue.labelIds).filter((label) => !(input.removedLabelIds as string[]).includes(label));
    if (typeof input.title === 'string') fields.title = input.title.trim();
    if (input.trashed === false || input.trashed === true) fields.trashed = input.trashed ? true : null;
    checkMilestone(this, fields, issue);
    Object.assign(issue, fields, { updatedAt: this.time.nextIso() });
    if (input.trashed === true) issue.archivedAt ??= issue.updatedAt;
    if (input.trashed === false) issue.archivedAt = null;
    this.recordHistory(before, issue, userId);
    this.sync();
    return issue;
  }

  /** What a write changed on an issue, as one IssueHistory entry by its actor (none when nothing changed). */
  private recordHistory(before: IssueRecord, after: IssueRecord, actorId: string | null): void {
    const change: Partial<HistoryRecord> = {};
    for (const [field, name] of Object.entries(PAIRED) as [keyof typeof PAIRED, string][]) {
      // Records made before cycles and milestones were modelled hold neither: none.
      if ((before[field] ?? null) === (after[field] ?? null)) continue;
      Object.assign(change, { [`from${name}`]: before[field] ?? null, [`to${name}`]: after[field] ?? null });
    }
    if (before.description !== after.description) change.updatedDescription = true;
    const added = after.labelIds.filter((label) => !before.labelIds.includes(label));
    const removed = before.labelIds.filter((label) => !after.labelIds.includes(label));
    if (added.length > 0) change.addedLabelIds = added;
    if (removed.length > 0) change.removedLabelIds = removed;
    if ((before.archivedAt === null) !== (after.archivedAt === null)) change.archived = after.archivedAt !== null;
    if (Boolean(before.trashed) !== Boolean(after.trashed)) change.trashed = Boolean(after.trashed);
    if (Object.keys(change).length === 0) return;
    const entries = this.history.get(after.id) ?? [];
    entries.push({ ...change, id: this.newHistoryId(), issueId: after.id, actorId, createdAt: after.updatedAt, updatedAt: after.updatedAt });
    this.history.set(after.id, entries);
  }

  /**
   * Archives (or trashes) the issue and takes its sub-issue tree along: each sub-issue not already where the
   * parent goes is archived (trashed) with it, and a trashed one is deleted for good with it 30 days on.
   * Linear's schema does not say what happens to sub-issues; its app deletes a parent's sub-issues with it,
   * and the harsher reading is the one a rollback must survive. Unarchiving the parent brings back the
   * sub-issues its archive took along (`archivedWith`), not those put away on their own.
   */
  archiveIssue(id: string, trash: boolean, userId: string | null = null): IssueRecord {
    const issue = this.issue(id);
    const now = this.time.nextIso();
    for (const record of [issue, ...this.descendants(issue.id)]) {
      if (trash ? record.trashed : record.archivedAt) continue;
      const before = { ...record };
      Object.assign(record, { archivedAt: record.archivedAt ?? now, trashed: trash ? true : record.trashed, ...(trash ? { trashedAt: now } : {}), updatedAt: now, archivedWith: record === issue ? null : issue.id });
      this.recordHistory(before, record, userId);
    }
    this.sync();
    return issue;
  }

  unarchiveIssue(id: string, userId: string | null = null): IssueRecord {
    const issue = this.issue(id);
    const now = this.time.nextIso();
    for (const record of [issue, ...this.descendants(issue.id).filter((child) => child.archivedWith === issue.id)]) {
      const before = { ...record };
      Object.assign(record, { archivedAt: null, trashed: null, trashedAt: null, updatedAt: now, archivedWith: null });
      this.recordHistory(before, record, userId);
    }
    this.sync();
    return issue;
  }

  /** Every issue under this one, sub-issues of sub-issues included. */
  private descendants(id: string): IssueRecord[] {
    const children = [...this.issues.values()].filter((child) => child.parentId === id);
    return children.flatMap((child) => [child, ...this.descendants(child.id)]);
  }

  setLabel(id: string, labelId: string, present: boolean, userId: string | null = null): IssueRecord {
    const issue = this.issue(id);
    checkLabels(this, [labelId], issue.teamId);
    const before = { ...issue };
    const labelIds = present ? [...new Set([...issue.labelIds, labelId])] : issue.labelIds.filter((label) => label !== labelId);
    Object.assign(issue, { labelIds, updatedAt: this.time.nextIso() });
    this.recordHistory(before, issue, userId);
    this.sync();
    return issue;
  }

  createComment(input: Record<string, unknown>, userId: string): CommentRecord {
    if (typeof input.issueId !== 'string') throw linearError('invalid input', 'Argument Validation Error', 'issueId is required to comment on an issue.');
    const issue = this.issue(input.issueId);
    const body = typeof input.body === 'string' ? input.body : '';
    if (!body.trim()) throw linearError('invalid input', 'Argument Validation Error', 'body must not be empty.');
    const parentId = this.threadOf(input.parentId, issue.id);
    const id = this.clientId(input.id, this.comments, 'comment');
    const now = this.time.nextIso();
    const comment: CommentRecord = { id, issueId: issue.id, parentId, body, userId, createdAt: now, updatedAt: now, editedAt: null };
    this.comments.set(id, comment);
    issue.updatedAt = this.time.nextIso();
    this.sync();
    return comment;
  }

  /** Only its author edits a comment's body; `editedAt` marks the edit unless `skipEditedAt`. */
  updateComment(id: string, input: Record<string, unknown>, userId: string, skipEditedAt: boolean): CommentRecord {
    const comment = this.comments.get(id);
    if (!comment) throw entityNotFound('Comment');
    if (comment.userId !== userId) throw linearError('forbidden', 'You can only edit your own comments', 'You can only edit your own comments.');
    if (input.body !== undefined && !(typeof input.body === 'string' && input.body.trim())) throw linearError('invalid input', 'Argument Validation Error', 'body must not be empty.');
    const now = this.time.nextIso();
    if (typeof input.body === 'string') comment.body = input.body;
    Object.assign(comment, { updatedAt: now, ...(skipEditedAt ? {} : { editedAt: now }) });
    this.sync();
    return comment;
  }

  /**
   * Only its author deletes a comment. Its thread's replies go with it: what Linear does to them is not
   * documented in what this package carries, and the harsher reading is the one a rollback must survive.
   */
  deleteComment(id: string, userId: string): string {
    const comment = this.comments.get(id);
    if (!comment) throw entityNotFound('Comment');
    if (comment.userId !== userId) throw linearError('forbidden', 'You can only delete your own comments', 'You can only delete your own comments.');
    this.comments.delete(id);
    for (const reply of [...this.comments.values()]) if (reply.parentId === id) this.comments.delete(reply.id);
    this.sync();
    return id;
  }

  /** The comment a reply answers (`parentId`): one of the same issue's, or none. */
  private threadOf(parentId: unknown, issueId: string): string | null {
    if (parentId === undefined || parentId === null) return null;
    const parent = this.comments.get(String(parentId));
    if (!parent) throw entityNotFound('Comment');
    if (parent.issueId !== issueId) throw linearError('invalid input', 'Argument Validation Error', 'parentId must be a comment on the same issue.');
    return parent.id;
  }

  /**
   * `attachmentCreate` and `attachmentLinkURL` (no `title`: the URL stands for it): on an issue named by UUID
   * or identifier; the same URL on the same issue updates the attachment there. `commentBody` also posts a
   * comment by the same user. The issue's `updatedAt` moves, as a comment's does.
   */
  createAttachment(input: Record<string, unknown>, userId: string): AttachmentRecord {
    const issue = this.issue(String(input.issueId));
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(url)) throw linearError('invalid input', 'Argument Validation Error', 'url must be a valid URL.');
    const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim() : url;
    const now = this.time.nextIso();
    const existing = [...this.attachments.values()].find((attachment) => attachment.issueId === issue.id && attachment.url === url);
    const fields = { title, subtitle: typeof input.subtitle === 'string' ? input.subtitle : null, metadata: (input.metadata as Record<string, unknown> | undefined) ?? {}, updatedAt: now };
    const attachment: AttachmentRecord = existing ? Object.assign(existing, fields) : { id: this.clientId(input.id, this.attachments, 'attachment'), issueId: issue.id, url, creatorId: userId, createdAt: now, ...fields };
    this.attachments.set(attachment.id, attachment);
    if (typeof input.commentBody === 'string' && input.commentBody.trim()) this.createComment({ issueId: issue.id, body: input.commentBody }, userId);
    issue.updatedAt = this.time.nextIso();
    this.sync();
    return attachment;
  }

  deleteAttachment(id: string): string {
    const attachment = this.attachments.get(id);
    if (!attachment) throw entityNotFound('Attachment');
    this.attachments.delete(id);
    const issue = this.issues.get(attachment.issueId);
    if (issue) issue.updatedAt = this.time.nextIso();
    this.sync();
    return id;
  }

  createRelation(input: Record<string, unknown>): RelationRecord {
    const type = String(input.type);
    if (!RELATION_TYPES.has(type)) throw linearError('invalid input', 'Argument Validation Error', `type must be one of ${[...RELATION_TYPES].join(', ')}.`);
    const issue = this.issue(String(input.issueId));
    const related = this.issue(String(input.relatedIssueId));
    if (issue.id === related.id) throw linearError('invalid input', 'Argument Validation Error', 'An issue cannot be related to itself.');
    const id = this.clientId(input.id, this.relations, 'issue relation');
    const now = this.time.nextIso();
    const relation: RelationRecord = { id, type, issueId: issue.id, relatedIssueId: related.id, createdAt: now, updatedAt: now };
    this.relations.set(id, relation);
    issue.updatedAt = this.time.nextIso();
    related.updatedAt = this.time.nextIso();
    this.sync();
    return relation;
  }

  deleteRelation(id: string): string {
    const relation = this.relations.get(id);
    if (!relation) throw entityNotFound('IssueRelation');
    this.relations.delete(id);
    for (const issueId of [relation.issueId, relation.relatedIssueId]) {
      const issue = this.issues.get(issueId);
      if (issue) issue.updatedAt = this.time.nextIso();
    }
    this.sync();
    return id;
  }

  /** Linear accepts a client-chosen UUID on create; a second create with the same id fails. */
  private clientId(value: unknown, existing: Map<string, unknown>, entity: string): string {
    if (value === undefined || value === null) return this.newId();
    if (typeof value !== 'string' || !UUID.test(value)) throw linearError('invalid input', 'Argument Validation Error', 'id must be a UUID.');
    if (existing.has(value)) throw linearError('invalid input', `Entity already exists: ${entity}`, `An ${entity} with this id already exists.`);
    return value;
  }
}
