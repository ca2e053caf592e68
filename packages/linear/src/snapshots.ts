// Reads into the flat snapshots a rollback compares, field by field: one GraphQL request per snapshot
// (the adapter's own documents), and many issues in one request for planning.
import { nullWhenGone, resourceKey, type Snapshot } from '@backspace/core/adapter-kit';
import type { LinearCalls } from './linear-calls.js';
import { COMMENT_CHILDREN_QUERY, COMMENT_QUERY, ISSUE_ATTACHMENTS_QUERY, ISSUE_CHILDREN_QUERY, ISSUE_COMMENTS_QUERY, ISSUE_INVERSE_RELATIONS_QUERY, ISSUE_QUERY, ISSUE_RELATIONS_QUERY, ISSUES_QUERY, RELATION_QUERY } from './documents.js';
import { isNotFound } from './linear-errors.js';
import { othersArchivedOrBuiltOn } from './archived-sub-issues.js';
import { duplicateMarkId } from './idempotency.js';

/** The issue fields an update may change, under the names IssueUpdateInput uses. */
export const ISSUE_FIELDS = ['title', 'description', 'stateId', 'assigneeId', 'priority', 'labelIds', 'estimate', 'dueDate', 'projectId', 'parentId'] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

/**
 * One field per label present (`label:<id>`) beside the whole `labelIds` list: every action that
 * changes labels names both, so undoing one label leaves the others, and a rollback's projection of
 * a newer label step is what an older step on the same issue (its creation) compares against.
 */
export const LABEL_PREFIX = 'label:';
export const labelField = (labelId: string) => `${LABEL_PREFIX}${labelId}`;

/** The snapshot field listing the issue's comments as resource keys (what journals before `inside` compare). */
export const COMMENTS_FIELD = 'commentIds';
/**
 * The snapshot field listing what sits on or under the issue, as resource keys (`contents`): its comments,
 * its sub-issues (see `ownArchived`; beside the agent's own archived one that others archived or built on,
 * their work on or under it), its attachments (links, pull requests, files: the agent makes none, so
 * each is someone's) and its relations with other issues, either way (a person's "blocks" or
 * "blocked by" is work built on it, which the trash would delete with it after 30 days; a person's mark of
 * it as a duplicate too). Not the duplicate mark the undo of its creation makes itself, nor the one the undo
 * of another issue's creation put on it (`isUndoMark`): both are known by their id (`duplicateMarkId`), so
 * a retry after that undo failed part-way never takes its own mark for someone's work. A comment's
 * snapshot has one too: the replies in its thread.
 */
export const INSIDE_FIELD = 'inside';
/**
 * Where an issue stands, as one snapshot field beside the `archived` and `trashed` flags it is made of:
 * `active`, `archived`, or `trashed` (Linear archives what it trashes, so a trashed issue is archived
 * too). The inverse of an archive or a trash compares it with the flags: a person who moved the issue
 * elsewhere since (trashed what the agent archived) changed it, while the flags, restored too, keep the
 * state an older step on the issue (its creation) is planned against true to what the undo leaves.
 */
export const LIFECYCLE_FIELD = 'lifecycle';
export const LIFECYCLES = ['active', 'archived', 'trashed'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
/** The lifecycle the two flags make up (trashed wins: a trashed issue is archived as well). */
export const lifecycleOf = (archived: boolean, trashed: boolean): Lifecycle => (trashed ? 'trashed' : archived ? 'archived' : 'active');
export const commentKey = (id: string) => resourceKey({ provider: 'linear', type: 'comment', id });
const issueKey = (id: string) => resourceKey({ provider: 'linear', type: 'issue', id });
const relationKey = (id: string) => resourceKey({ provider: 'linear', type: 'relation', id });
const attachmentKey = (id: string) => resourceKey({ provider: 'linear', type: 'attachment', id });

type Ref = { id: string } | null;
interface Page<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
type CommentNodes = Page<{ id: string; user: Ref }>;
/** A sub-issue as an issue's `children` lists it: archived ones included, with where it stands and who filed it. */
export type SubIssueNode = { id: string; archivedAt?: string | null; trashed?: boolean | null; creator?: Ref };
/** An issue as the BackspaceIssue fragment selects it. */
export interface IssueNode {
  id: string; identifier: string; title: string; description: string | null; priority: number; estimate: number | null;
  dueDate: string | null; archivedAt: string | null; trashed: boolean | null; labelIds: string[]; updatedAt: string;
  team: Ref; state: Ref; assignee: Ref; creator: Ref; project: Ref; parent: Ref; cycle?: Ref; projectMilestone?: Ref;
  comments: CommentNodes;
  attachments: Page<{ id: string }>;
  children: Page<SubIssueNode>;
  relations: Page<{ id: string; type: string }>;
  inverseRelations: Page<InverseRelationNode>;
}
/** A relation to the issue from another (`inverseRelations`): the issue it comes from. */
export type InverseRelationNode = { id: string; issue?: Ref };
export interface CommentNode { id: string; body: string; issue: Ref; user: Ref; parent?: Ref; children?: Page<{ id: string }> }
export interface RelationNode { id: string; type: string; issue: Ref; relatedIssue: Ref }

/** The snapshot of the issue a write's answer carried; reading the rest of its comments cannot make the write a refusal. */
export const answeredIssue = (calls: LinearCalls, issue: IssueNode) => calls.afterWrite(() => issueSnapshot(calls, issue));

/** The snapshot of an issue as Linear answered it, a query's or a mutation's; its comments past the first page read on. */
export async function issueSnapshot(calls: LinearCalls, issue: IssueNode): Promise<Snapshot> {
  const comments = await allOf(calls, issue.id, issue.comments, ISSUE_COMMENTS_QUERY, (answer: { comments: CommentNodes }) => answer.comments);
  const attachments = await allOf(calls, issue.id, issue.attachments, ISSUE_ATTACHMENTS_QUERY, (answer: { attachments: Page<{ id: string }> }) => answer.attachments);
  const listed = await subIssues(calls, issue);
  // The agent's own archived sub-issues are read on (one request, none when there are none): who archived
  // each, and others' work on it, listed beside it so the conflict that keeps the issue names that work too.
  const theirs = await othersArchivedOrBuiltOn(calls, listed.filter((child) => ownArchived(child, issue)).map((child) => child.id), issue.creator?.id ?? null);
  const children = listed.filter((child) => (child.trashed === true ? trashedWith(child, issue) : !ownArchived(child, issue) || theirs.has(child.id)));
  const below = [...theirs.values()].flat();
  const relations = await allOf(calls, issue.id, issue.relations, ISSUE_RELATIONS_QUERY, (answer: { relations: Page<{ id: string; type: string }> }) => answer.relations);
  const inverse = await allOf(calls, issue.id, issue.inverseRelations, ISSUE_INVERSE_RELATIONS_QUERY, (answer: { inverseRelations: Page<InverseRelationNode> }) => answer.inverseRelations);
  const related = [...relations.filter((relation) => relation.id !== duplicateMarkId(issue.id)), ...inverse.filter((relation) => !isUndoMark(relation))].map((relation) => relationKey(relation.id));
  const labelIds = [...issue.labelIds].sort();
  return {
    id: issue.id,
    identifier: issue.identifier,
    teamId: issue.team?.id ?? null,
    title: issue.title,
    description: issue.description ?? null,
    stateId: issue.state?.id ?? null,
    assigneeId: issue.assignee?.id ?? null,
    priority: issue.priority,
    labelIds,
    ...Object.fromEntries(labelIds.map((labelId) => [labelField(labelId), true])),
    estimate: issue.estimate ?? null,
    dueDate: issue.dueDate ?? null,
    projectId: issue.project?.id ?? null,
    parentId: issue.parent?.id ?? null,
    // Where a person planned it (their sprint, a milestone): no action of the agent's sets these.
    cycleId: issue.cycle?.id ?? null,
    projectMilestoneId: issue.projectMilestone?.id ?? null,
    archived: issue.archivedAt !== null && issue.archivedAt !== undefined,
    trashed: issue.trashed === true,
    [LIFECYCLE_FIELD]: lifecycleOf(issue.archivedAt !== null && issue.archivedAt !== undefined, issue.trashed === true),
    comments: comments.length,
    [COMMENTS_FIELD]: comments.map((comment) => commentKey(comment.id)).sort(),
    [INSIDE_FIELD]: [...comments.map((comment) => commentKey(comment.id)), ...attachments.map((attachment) => attachmentKey(attachment.id)), ...children.map((child) => issueKey(child.id)), ...below, ...related].sort(),
    commenters: [...new Set(comments.map((comment) => comment.user?.id).filter((user): user is string => !!user))].sort(),
    creatorId: issue.creator?.id ?? null,
    // The issue's version: any write moves it, so a rollback reads its history only when it moved.
    updatedAt: issue.updatedAt ?? null,
  };
}

/**
 * A relation to the issue that the undo of the agent's creation of another issue made: that issue marked a
 * duplicate of this one (the open issue it repeated), by the id the undo gives its mark. It is the
 * rollback's own doing, not work built on this issue (the agent filed the same issue twice, say); any
 * other relation to it, a person's issue marked a duplicate of it included, is.
 */
export const isUndoMark = (relation: InverseRelationNode) => !!relation.issue?.id && relation.id === duplicateMarkId(relation.issue.id);

/**
 * A sub-issue the issue's own creator filed, archived and not in the trash: the agent's own (all its
 * sessions share one API key), perhaps put away by an earlier rollback, perhaps by a person. It counts as
 * under the issue only when anyone else archived it or built on it (archived-sub-issues.ts). Every other
 * sub-issue is decided by what the parent's read lists: an open one counts; an archived one someone else
 * filed counts (a person's, put away, is still theirs, and a trash of the issue would take it along for
 * good); one in the trash only when it went there with the issue (`trashedWith`), any other being on its
 * way out by whoever trashed it. An issue whose creator is unknown has no own sub-issues: every archived
 * one counts.
 */
const ownArchived = (child: SubIssueNode, issue: IssueNode) => child.trashed !== true && !!child.archivedAt && !!issue.creator?.id && child.creator?.id === issue.creator.id;

/**
 * A sub-issue in the trash that went there with the issue: the issue is in the trash too, and the
 * sub-issue's archive (Linear archives what it trashes) is not older than the issue's. Linear takes a
 * parent's sub-issues along when it trashes it, so a person's sub-issue filed while the agent's trash was
 * on its way lies in the trash beside it, to be deleted for good with it 30 days on: it still counts as
 * under the issue, so the undo's answer shows it and a later read never takes the issue for empty. One
 * trashed before the issue (by whoever put it on its way out), or archived before the trash took it along
 * (the agent's own, archived by the undo of its creation), does not count. Either time unknown: it counts.
 */
export function trashedWith(child: SubIssueNode, issue: IssueNode): boolean {
  if (issue.trashed !== true) return false;
  if (!child.archivedAt || !issue.archivedAt) return true;
  return Date.parse(child.archivedAt) >= Date.parse(issue.archivedAt);
}

/** Every sub-issue of an issue as Linear answered it, archived and trashed ones included: the page it came with, then the rest read on. */
export const subIssues = (calls: LinearCalls, issue: IssueNode): Promise<SubIssueNode[]> =>
  allOf(calls, issue.id, issue.children, ISSUE_CHILDREN_QUERY, (answer: { children: Page<SubIssueNode> }) => answer.children);

/** Every node of an issue's (or a comment's: `root`) connection: the page it came with, then the rest read on by `query`. */
async function allOf<Node, Answer>(calls: LinearCalls, id: string, first: Page<Node>, query: string, pageOf: (issue: Answer) => Page<Node>, root: 'issue' | 'comment' = 'issue'): Promise<Node[]> {
  const nodes = [...first.nodes];
  for (let page = first.pageInfo; page.hasNextPage; ) {
    const next = pageOf((await calls.request<Record<string, Answer>>(query, { id, after: page.endCursor }))[root]!);
    nodes.push(...next.nodes);
    page = next.pageInfo;
  }
  return nodes;
}

export async function readIssue(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const answer = await nullWhenGone(() => calls.request<{ issue: IssueNode }>(ISSUE_QUERY, { id }), isNotFound);
  return answer ? issueSnapshot(calls, answer.issue) : null;
}

/** Issues read at once: Linear's default page size, and what keeps one query under its complexity limit. */
export const ISSUES_PER_READ = 50;

/** Issues by UUID, one request per 50: each found one's snapshot by UUID; one not found is absent from the map. */
export async function readIssues(calls: LinearCalls, ids: string[]): Promise<Map<string, Snapshot>> {
  const found = new Map<string, Snapshot>();
  for (let start = 0; start < ids.length; start += ISSUES_PER_READ) {
    const batch = ids.slice(start, start + ISSUES_PER_READ);
    const answer = await calls.request<{ issues: { nodes: IssueNode[] } }>(ISSUES_QUERY, { ids: batch, first: batch.length });
    for (const issue of answer.issues.nodes) found.set(issue.id, await issueSnapshot(calls, issue));
  }
  return found;
}

/**
 * A comment's snapshot: its issue, body, author, the comment it answers (`parentId`), and the replies in
 * its thread as resource keys (`inside`): a person's reply is work built on it, which deleting it would
 * take along. Replies past the first page are read on.
 */
export async function commentSnapshot(calls: LinearCalls, comment: CommentNode): Promise<Snapshot> {
  const replies = await allOf(calls, comment.id, comment.children ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } }, COMMENT_CHILDREN_QUERY, (answer: { children: Page<{ id: string }> }) => answer.children, 'comment');
  return {
    id: comment.id,
    issueId: comment.issue?.id ?? null,
    body: comment.body,
    userId: comment.user?.id ?? null,
    parentId: comment.parent?.id ?? null,
    [INSIDE_FIELD]: replies.map((reply) => commentKey(reply.id)).sort(),
  };
}

/** The snapshot of the comment a write's answer carried; reading the rest of its replies cannot make the write a refusal. */
export const answeredComment = (calls: LinearCalls, comment: CommentNode) => calls.afterWrite(() => commentSnapshot(calls, comment));

export async function readComment(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const answer = await nullWhenGone(() => calls.request<{ comment: CommentNode }>(COMMENT_QUERY, { id }), isNotFound);
  return answer ? commentSnapshot(calls, answer.comment) : null;
}

export const relationSnapshot = (relation: RelationNode): Snapshot => ({ id: relation.id, type: relation.type, issueId: relation.issue?.id ?? null, relatedIssueId: relation.relatedIssue?.id ?? null });

export async function readRelation(calls: LinearCalls, id: string): Promise<Snapshot | null> {
  const answer = await nullWhenGone(() => calls.request<{ issueRelation: RelationNode }>(RELATION_QUERY, { id }), isNotFound);
  return answer ? relationSnapshot(answer.issueRelation) : null;
}

/**
 * The post-state a write's own answer carried, kept beside its result (never in it: the agent and the
 * journal see the result alone) until the runtime asks the action's `post` for it.
 */
const answered = new WeakMap<object, Snapshot>();

export function withPost<T extends object>(result: T, post: Snapshot): T {
  answered.set(result, post);
  return result;
}

/** The post-state carried with a result; throws when there is none, so the runtime reads it at planning instead. */
export function postOf(result: object): Snapshot {
  const post = answered.get(result);
  if (!post) throw new Error('linear: no post-state came with this result');
  return post;
}
