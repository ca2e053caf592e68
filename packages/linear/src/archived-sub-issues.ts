// Which of the agent's own archived sub-issues still hold someone else's choice or work. A sub-issue filed
// by the parent's own creator and found archived is the agent's (every session shares one API key) but
// not necessarily put away by the agent: a person may have archived the one a later session filed, or
// commented on it. Linear takes a parent's sub-issues along when it trashes it, and empties the trash after
// 30 days, so such a sub-issue counts as under the parent (`inside`), its people's work named beside it,
// and the undo of the parent's creation keeps the parent, a conflict naming them. Only one the agent
// archived itself (an earlier rollback, say) with nothing of anyone else's on or under it counts as already
// gone. Under it, as Linear's archive and trash reach: a person's sub-issue filed under it (archived along
// with it, or filed after) is their work; the agent's own archived sub-issue under it is read the same way,
// a level deeper, one request per level and none where there is none.
import { resourceKey } from '@backspace/core/adapter-kit';
import type { LinearCalls } from './linear-calls.js';
import { ARCHIVED_SUB_ISSUES_QUERY, ISSUE_HISTORY_QUERY } from './documents.js';
import { isUndoMark, type InverseRelationNode, type SubIssueNode } from './snapshots.js';
import { duplicateMarkId } from './idempotency.js';

interface HistoryEntry { createdAt: string; actorId: string | null; archived: boolean | null }
interface PageInfo { hasNextPage: boolean; endCursor?: string | null }
interface ArchivedSubIssue {
  id: string;
  history: { nodes: HistoryEntry[]; pageInfo: PageInfo };
  comments: { nodes: Array<{ id: string; user: { id: string } | null }>; pageInfo: PageInfo };
  attachments: { nodes: Array<{ id: string }> };
  relations: { nodes: Array<{ id: string; type: string }>; pageInfo: PageInfo };
  inverseRelations: { nodes: InverseRelationNode[]; pageInfo: PageInfo };
  children: { nodes: SubIssueNode[]; pageInfo: PageInfo };
}

/** Sub-issues read at once: about 230 points each keeps a request well under Linear's 10,000. */
const PER_READ = 20;
/** Levels of the agent's own archived sub-issues read below the parent's: one deeper is not vouched for, and counts (conservative). */
const MAX_DEPTH = 8;
/** Pages of history read on past the first: one longer than this is not vouched for, and counts (conservative). */
const MAX_HISTORY_PAGES = 20;
const key = (type: string, id: string) => resourceKey({ provider: 'linear', type, id });

/**
 * Of `ids` (sub-issues filed by `agent`, archived, not in the trash), those anyone else archived (a
 * person, or an automation: no actor) or built on, on or under them, each with the keys of others' work
 * read there (none when only its archive is theirs). One request per 20, and one more per level where the
 * agent's own archived sub-issues sit under them; none when `ids` is empty.
 */
export async function othersArchivedOrBuiltOn(calls: LinearCalls, ids: string[], agent: string | null, depth = 1): Promise<Map<string, string[]>> {
  const theirs = new Map<string, string[]>();
  const nodes: ArchivedSubIssue[] = [];
  for (let start = 0; start < ids.length; start += PER_READ) {
    const batch = ids.slice(start, start + PER_READ);
    // One not found (gone since the parent was read) has nothing left to keep.
    nodes.push(...(await calls.request<{ issues: { nodes: ArchivedSubIssue[] } }>(ARCHIVED_SUB_ISSUES_QUERY, { ids: batch, first: batch.length })).issues.nodes);
  }
  // The agent's own archived sub-issues under these, all read at once, a level deeper.
  const ownBelow = nodes.flatMap((node) => node.children.nodes.filter((child) => ownArchivedUnder(child, agent)).map((child) => child.id));
  const deeper = depth < MAX_DEPTH ? await othersArchivedOrBuiltOn(calls, ownBelow, agent, depth + 1) : new Map(ownBelow.map((id) => [id, []]));
  for (const node of nodes) {
    const work = [...othersWork(node, agent), ...node.children.nodes.flatMap((child) => workUnder(child, agent, deeper))];
    if (work.length > 0 || unreadPages(node) || (await archivedBy(calls, node)) !== agent) theirs.set(node.id, work);
  }
  return theirs;
}

/**
 * A sub-issue of the agent's archived one, as the parent's own read would count it (see `ownArchived` in
 * snapshots.ts; the archived sub-issue is not in the trash, so nothing in the trash went there with it):
 * one in the trash is on its way out by whoever put it there, and keeps nothing; the agent's own archived
 * one counts only where others archived it or built on it (`deeper`), with their work there; any other (a
 * person's, open or archived along; the agent's own open one, which this rollback's own step on it takes
 * out of the count) is work under it.
 */
function workUnder(child: SubIssueNode, agent: string | null, deeper: Map<string, string[]>): string[] {
  if (child.trashed === true) return [];
  if (!ownArchivedUnder(child, agent)) return [key('issue', child.id)];
  const theirs = deeper.get(child.id);
  return theirs ? [key('issue', child.id), ...theirs] : [];
}

const ownArchivedUnder = (child: SubIssueNode, agent: string | null) => child.trashed !== true && !!child.archivedAt && agent !== null && child.creator?.id === agent;

/**
 * Anyone else's work on it: a comment not by the agent, any attachment (the agent makes none), a relation
 * either way other than a duplicate mark the agent's own undo made (its own, or another issue's to it).
 */
const othersWork = (node: ArchivedSubIssue, agent: string | null): string[] => [
  ...node.comments.nodes.filter((comment) => (comment.user?.id ?? null) !== agent).map((comment) => key('comment', comment.id)),
  ...node.attachments.nodes.map((attachment) => key('attachment', attachment.id)),
  ...node.relations.nodes.filter((relation) => relation.id !== duplicateMarkId(node.id)).map((relation) => key('relation', relation.id)),
  ...node.inverseRelations.nodes.filter((relation) => !isUndoMark(relation)).map((relation) => key('relation', relation.id)),
];

/**
 * More comments, relations either way or sub-issues than the first page: unread, they are not vouched for, and
 * the sub-issue counts (relations to it may all be the rollback's own duplicate marks on the first page).
 */
const unreadPages = (node: ArchivedSubIssue) => node.comments.pageInfo.hasNextPage || node.relations.pageInfo.hasNextPage || node.inverseRelations.pageInfo.hasNextPage || node.children.pageInfo.hasNextPage;

/**
 * Who archived it last (the newest history entry that archived it, whatever order the pages came in):
 * an actor's id, null for an automation, `undefined` when its history names no archive (not vouched for).
 */
async function archivedBy(calls: LinearCalls, node: ArchivedSubIssue): Promise<string | null | undefined> {
  const entries = [...node.history.nodes];
  for (let page = node.history.pageInfo, read = 0; page.hasNextPage; read += 1) {
    if (read === MAX_HISTORY_PAGES) return undefined;
    const next = (await calls.request<{ issue: { history: { nodes: HistoryEntry[]; pageInfo: PageInfo } } }>(ISSUE_HISTORY_QUERY, { id: node.id, after: page.endCursor })).issue.history;
    entries.push(...next.nodes);
    page = next.pageInfo;
  }
  const archives = entries.filter((entry) => entry.archived === true).sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  return archives.length > 0 ? archives.at(-1)!.actorId : undefined;
}
