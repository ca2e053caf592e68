// Who changed each field of an issue last, from Linear's issue history: how a rollback tells a person who
// set a field to the very value the agent left (moved the issue to the same state, or away and back)
// from the agent, whose value it would otherwise put back over theirs.
import { BackspaceError, type FieldWriter } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { ISSUE_HISTORY_QUERY } from './documents.js';
import { ISSUE_FIELDS, LIFECYCLE_FIELD, labelField, type IssueField } from './snapshots.js';

interface HistoryNode {
  id: string;
  createdAt: string;
  actorId: string | null;
  updatedDescription: boolean | null;
  /** Whether this change archived (true) or unarchived (false) the issue; null when it did neither. */
  archived: boolean | null;
  /** Whether it trashed or restored it from the trash; null when neither. */
  trashed: boolean | null;
  addedLabelIds: string[] | null;
  removedLabelIds: string[] | null;
  [pair: string]: unknown;
}

interface HistoryAnswer {
  viewer: { id: string };
  issue: { history: { nodes: HistoryNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}

/** Pages of 100 read at most: an issue with more history than this is not vouched for (conservative). */
const MAX_PAGES = 20;

/** The IssueHistory from/to pair that records each snapshot field (the description has a flag instead). */
const PAIRS: Record<Exclude<IssueField, 'description' | 'labelIds'>, string> = {
  title: 'Title', stateId: 'StateId', assigneeId: 'AssigneeId', priority: 'Priority', estimate: 'Estimate',
  dueDate: 'DueDate', projectId: 'ProjectId', parentId: 'ParentId',
};

/**
 * Each field's last writer by snapshot field name: every field an update can change (null when the
 * history names no change of it), each label added or removed (`label:<id>`) and the whole `labelIds`.
 * A change by the API key's own user is the agent's (`self`); anyone else's, or an automation's (no
 * actor), is not.
 */
export async function issueLastWriters(calls: LinearCalls, id: string): Promise<Map<string, FieldWriter | null>> {
  const { nodes, viewer } = await issueHistory(calls, id);
  // Oldest first, whatever order the pages came in; the last change of a field wins.
  nodes.sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  const writers = new Map<string, FieldWriter | null>(ISSUE_FIELDS.map((field) => [field, null]));
  for (const node of nodes) {
    const writer: FieldWriter = node.actorId ? { by: node.actorId, self: node.actorId === viewer } : { by: 'a Linear automation', self: false };
    for (const field of fieldsChanged(node)) writers.set(field, writer);
  }
  return writers;
}

/**
 * Whether the API key's own user changed one of `fields` on the issue after `since` (its `updatedAt` as
 * the write's pre-state read it: Linear's own clock, so a change the session made before this write is
 * not taken for it): how a lookup tells the agent's update landed when a person has changed part of it since.
 */
export async function changedBySelfSince(calls: LinearCalls, id: string, fields: readonly string[], since: string): Promise<boolean> {
  const { nodes, viewer } = await issueHistory(calls, id);
  return nodes.some((node) => node.actorId === viewer && Date.parse(node.createdAt) > Date.parse(since) && fieldsChanged(node).some((field) => fields.includes(field)));
}

/**
 * Whether the API key's own user put the label on (`present`) or took it off the issue after `since`:
 * how a label change found undone since (another of the agent's sessions put the label back) is still
 * told to have landed. One direction only: another session's opposite change is not taken for it.
 */
export async function labelSetBySelfSince(calls: LinearCalls, id: string, labelId: string, present: boolean, since: string): Promise<boolean> {
  const { nodes, viewer } = await issueHistory(calls, id);
  return nodes.some((node) => node.actorId === viewer && Date.parse(node.createdAt) > Date.parse(since) && ((present ? node.addedLabelIds : node.removedLabelIds) ?? []).includes(labelId));
}

/** The issue's whole history, and the API key's user. */
async function issueHistory(calls: LinearCalls, id: string): Promise<{ nodes: HistoryNode[]; viewer: string }> {
  const nodes: HistoryNode[] = [];
  let viewer = '';
  let after: string | null = null;
  for (let page = 0; ; page += 1) {
    if (page === MAX_PAGES) throw new BackspaceError('provider_error', `linear: issue ${id} has more history than ${MAX_PAGES * 100} changes; its writers are not read`);
    const answer: HistoryAnswer = await calls.request<HistoryAnswer>(ISSUE_HISTORY_QUERY, { id, after });
    viewer = answer.viewer.id;
    nodes.push(...answer.issue.history.nodes);
    if (!answer.issue.history.pageInfo.hasNextPage) return { nodes, viewer };
    after = answer.issue.history.pageInfo.endCursor;
  }
}

/**
 * The snapshot fields one history entry records a change of: plain fields, the description, archived,
 * trashed and the lifecycle they make up, each label and the whole labelIds. A trash, or a restore from
 * the trash, sets the archived flag too (Linear archives what it trashes and unarchives what it restores),
 * even where the issue was archived already and the entry names no archive: a person who trashed the
 * issue the agent archived holds its archived flag as well as its lifecycle, so planning keeps both and
 * says conflict, as the inverse does, rather than `partial` over a flag it would never restore alone.
 */
function fieldsChanged(node: HistoryNode): string[] {
  const fields = Object.entries(PAIRS).filter(([, pair]) => node[`from${pair}`] != null || node[`to${pair}`] != null).map(([field]) => field);
  if (node.updatedDescription) fields.push('description');
  if (node.trashed != null) fields.push('trashed');
  if (node.archived != null || node.trashed != null) fields.push('archived', LIFECYCLE_FIELD);
  const labels = [...(node.addedLabelIds ?? []), ...(node.removedLabelIds ?? [])];
  if (labels.length > 0) fields.push('labelIds', ...labels.map(labelField));
  return fields;
}
