// Who changed each field of an issue last, from Linear's issue history: how a rollback tells a person who
// set a field to the very value the agent left (moved the issue to the same state, or away and back)
// from the agent, whose value it would otherwise put back over theirs.
import { BackspaceError, type FieldWriter } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { ISSUE_HISTORY_QUERY } from './documents.js';
import { ISSUE_FIELDS, LABEL_PREFIX, LIFECYCLE_FIELD, labelField, type IssueField } from './snapshots.js';

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
const PAIRS: Record<Exclude<IssueField, 'description' | 'labelIds'> | 'cycleId', string> = {
  title: 'Title', stateId: 'StateId', assigneeId: 'AssigneeId', priority: 'Priority', estimate: 'Estimate',
  dueDate: 'DueDate', projectId: 'ProjectId', parentId: 'ParentId', cycleId: 'CycleId',
};
/** Fields a person plans the issue by, which no action of the agent's sets: their last writer guards its creation's undo. */
const PLANNED = ['cycleId', 'projectMilestoneId'];

/**
 * Each field's last writer by snapshot field name: every field an update can change, the cycle and the
 * milestone (null when the history names no change of it), each label added or removed (`label:<id>`) and the whole `labelIds`.
 * A change by the API key's own user is the agent's (`self`); anyone else's, or an automation's (no
 * actor), is not.
 */
export async function issueLastWriters(calls: LinearCalls, id: string): Promise<Map<string, FieldWriter | null>> {
  const { nodes, viewer } = await issueHistory(calls, id);
  // Oldest first, whatever order the pages came in; the last change of a field wins.
  nodes.sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  const writers = new Map<string, FieldWriter | null>([...ISSUE_FIELDS, ...PLANNED].map((field) => [field, null]));
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

/**
 * Whether someone other than the API key's own user (a person, an automation) first made one of the changes
 * `changes` names (field to value) after `since`. A write's change found in place may be a person's same
 * change made by hand after the agent's request never arrived, and the agent's later writes may have made
 * it again since: only the first such change tells whose it was. A field whose entries carry its new value
 * (a from/to pair; a label added or removed) counts only changes to that value, so a person's other value
 * the agent's write then replaced is not taken for it; the description and the whole label list, whose
 * entries do not, count any change.
 */
export async function changedFirstByOthersSince(calls: LinearCalls, id: string, changes: Record<string, unknown>, since: string): Promise<boolean> {
  const { nodes, viewer } = await issueHistory(calls, id);
  const after = nodes.filter((node) => Date.parse(node.createdAt) > Date.parse(since)).sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  return Object.entries(changes).some(([field, value]) => {
    const first = after.find((node) => fieldsChanged(node).includes(field) && setsTo(node, field, value));
    return first !== undefined && first.actorId !== viewer;
  });
}

/** Whether the entry, which changed `field`, set it to `value`, as far as it says (true where it does not). */
function setsTo(node: HistoryNode, field: string, value: unknown): boolean {
  const pair = (PAIRS as Record<string, string>)[field];
  if (pair) return (node[`to${pair}`] ?? null) === (value ?? null);
  if (field.startsWith(LABEL_PREFIX)) return ((value === true ? node.addedLabelIds : node.removedLabelIds) ?? []).includes(field.slice(LABEL_PREFIX.length));
  return true;
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
 * The snapshot fields one history entry records a change of: plain fields (the cycle and milestone too), the description, archived,
 * trashed and the lifecycle they make up, each label and the whole labelIds. A trash, or a restore from
 * the trash, sets the archived flag too (Linear archives what it trashes and unarchives what it restores),
 * even where the issue was archived already and the entry names no archive: a person who trashed the
 * issue the agent archived holds its archived flag as well as its lifecycle, so planning keeps both and
 * says conflict, as the inverse does, rather than `partial` over a flag it would never restore alone.
 */
function fieldsChanged(node: HistoryNode): string[] {
  const fields = Object.entries(PAIRS).filter(([, pair]) => node[`from${pair}`] != null || node[`to${pair}`] != null).map(([field]) => field);
  if (node.updatedDescription) fields.push('description');
  if (node.fromProjectMilestone != null || node.toProjectMilestone != null) fields.push('projectMilestoneId');
  if (node.trashed != null) fields.push('trashed');
  if (node.archived != null || node.trashed != null) fields.push('archived', LIFECYCLE_FIELD);
  const labels = [...(node.addedLabelIds ?? []), ...(node.removedLabelIds ?? [])];
  if (labels.length > 0) fields.push('labelIds', ...labels.map(labelField));
  return fields;
}
