// GraphQL views over the simulator's records: what each Linear type's fields resolve to.
import { historyConnection } from './history-view.js';
import type { AttachmentRecord, CommentRecord, IssueRecord, LabelRecord, LinearState, RelationRecord, StateRecord, UserRecord } from './linear-state.js';

type Args = Record<string, unknown>;

/** Linear's page size when a connection is given neither `first` nor `last`. */
const DEFAULT_PAGE = 50;
const cursorOf = (node: unknown) => (node as { id?: string }).id ?? '';

/**
 * One page of a connection, as Linear pages it: `includeArchived`, the `after`/`before` cursors (a
 * node's id here), then `first` (or `last`), 50 by default; `pageInfo` says whether more lie beyond.
 */
export function connection<T>(all: T[], args: Args = {}) {
  let nodes = args.includeArchived ? all : all.filter((node) => !(node as { archivedAt?: string | null }).archivedAt);
  let [hasPreviousPage, hasNextPage] = [false, false];
  const at = (cursor: unknown) => nodes.findIndex((node) => cursorOf(node) === cursor);
  if (typeof args.after === 'string' && at(args.after) >= 0) [nodes, hasPreviousPage] = [nodes.slice(at(args.after) + 1), true];
  if (typeof args.before === 'string' && at(args.before) >= 0) [nodes, hasNextPage] = [nodes.slice(0, at(args.before)), true];
  if (typeof args.last === 'number' && typeof args.first !== 'number') {
    if (nodes.length > args.last) [nodes, hasPreviousPage] = [nodes.slice(-args.last), true];
  } else {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
    if (nodes.length > first) [nodes, hasNextPage] = [nodes.slice(0, first), true];
  }
  return {
    nodes,
    edges: nodes.map((node) => ({ node, cursor: cursorOf(node) })),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: nodes[0] ? cursorOf(nodes[0]) : null, endCursor: nodes.at(-1) ? cursorOf(nodes.at(-1)) : null },
  };
}

export function issueView(state: LinearState, issue: IssueRecord) {
  const identifier = state.identifier(issue);
  const ref = (id: string | null) => (id ? { id } : null);
  return {
    ...issue,
    identifier,
    url: `https://linear.app/backspace/issue/${identifier.toLowerCase()}`,
    branchName: `${identifier.toLowerCase()}-${issue.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}`,
    priorityLabel: state.priorityLabel(issue.priority),
    previousIdentifiers: [],
    reactionData: [],
    reactions: [],
    sortOrder: issue.number,
    boardOrder: issue.number,
    prioritySortOrder: issue.number,
    customerTicketCount: 0,
    inheritsSharedAccess: false,
    sharedAccess: { isShared: false, viewerHasOnlySharedAccess: false, sharedWithCount: 0, sharedWithUsers: [], disallowedIssueFields: [] },
    state: stateView(state.states.get(issue.stateId)!),
    team: { id: issue.teamId },
    assignee: ref(issue.assigneeId),
    creator: ref(issue.creatorId),
    project: ref(issue.projectId),
    cycle: ref(issue.cycleId ?? null),
    projectMilestone: ref(issue.projectMilestoneId ?? null),
    parent: ref(issue.parentId),
    comments: (args: Args) => connection([...state.comments.values()].filter((comment) => comment.issueId === issue.id).map((comment) => commentView(state, comment)), args),
    // Its sub-issues, archived ones left out unless `includeArchived`, as Linear's connections page them.
    children: (args: Args) => connection([...state.issues.values()].filter((child) => child.parentId === issue.id).map((child) => issueView(state, child)), args),
    relations: (args: Args) => connection([...state.relations.values()].filter((relation) => relation.issueId === issue.id).map((relation) => relationView(state, relation)), args),
    inverseRelations: (args: Args) => connection([...state.relations.values()].filter((relation) => relation.relatedIssueId === issue.id).map((relation) => relationView(state, relation)), args),
    attachments: (args: Args) => connection([...state.attachments.values()].filter((attachment) => attachment.issueId === issue.id).map((attachment) => attachmentView(state, attachment)), args),
    labels: (args: Args) => connection(issue.labelIds.map((labelId) => state.labels.get(labelId)).filter((label): label is LabelRecord => !!label).map(labelView), args),
    history: (args: Args) => historyConnection(state, issue, args),
  };
}

export function commentView(state: LinearState, comment: CommentRecord) {
  const issue = state.issues.get(comment.issueId);
  return {
    ...comment,
    archivedAt: null,
    url: issue ? `https://linear.app/backspace/issue/${state.identifier(issue).toLowerCase()}#comment-${comment.id.slice(0, 8)}` : '',
    reactionData: [],
    reactions: [],
    // The issue whole, as Linear resolves `comment.issue`: a selection may ask for more than its id.
    issue: issue ? issueView(state, issue) : { id: comment.issueId },
    user: { id: comment.userId },
    // Its thread: the comment it answers, and the replies answering it.
    parent: comment.parentId ? { id: comment.parentId } : null,
    children: (args: Args) => connection([...state.comments.values()].filter((reply) => reply.parentId === comment.id).map((reply) => commentView(state, reply)), args),
  };
}

/** An attachment as `attachment(id:)` and an issue's `attachments` answer it: a plain link, no integration source. */
export function attachmentView(state: LinearState, attachment: AttachmentRecord) {
  const issue = state.issues.get(attachment.issueId);
  return {
    ...attachment,
    archivedAt: null,
    groupBySource: false,
    source: null,
    sourceType: 'unknown',
    bodyData: null,
    originalIssue: null,
    creator: { id: attachment.creatorId },
    issue: issue ? issueView(state, issue) : { id: attachment.issueId },
  };
}

/** `comments(filter: { id })`, every comment of the workspace the filter keeps. */
export function commentsConnection(state: LinearState, args: Args) {
  const id = (args.filter as { id?: Comparator } | undefined)?.id;
  return connection([...state.comments.values()].filter((comment) => matches(comment.id, id)).map((comment) => commentView(state, comment)), args);
}

/** A member of the workspace as `viewer` and `users` answer it; the simulator keeps one name, shown as both. */
export function userView(user: UserRecord) {
  return { id: user.id, name: user.name, displayName: user.name, email: `${user.name.toLowerCase().replace(/\W+/g, '.')}@example.com`, active: true, url: `https://linear.app/backspace/profiles/${user.id}` };
}

/** `users(filter: { id })`: the workspace's members the filter keeps. */
export function usersConnection(state: LinearState, args: Args) {
  const id = (args.filter as { id?: Comparator } | undefined)?.id;
  return connection([...state.users.values()].filter((user) => matches(user.id, id)).map(userView), args);
}

export function relationView(_state: LinearState, relation: RelationRecord) {
  return { ...relation, archivedAt: null, issue: { id: relation.issueId }, relatedIssue: { id: relation.relatedIssueId } };
}

interface IssueFilter {
  id?: Comparator;
  team?: { id?: { eq?: string } };
  title?: { eq?: string; eqIgnoreCase?: string };
  and?: IssueFilter[];
  or?: IssueFilter[];
}

export function matchesIssueFilter(state: LinearState, issue: IssueRecord, filter: IssueFilter | null | undefined): boolean {
  if (!filter) return true;
  if (!matches(issue.id, filter.id)) return false;
  if (filter.team?.id?.eq !== undefined && issue.teamId !== filter.team.id.eq) return false;
  if (filter.title?.eq !== undefined && issue.title !== filter.title.eq) return false;
  if (filter.title?.eqIgnoreCase !== undefined && issue.title.toLowerCase() !== filter.title.eqIgnoreCase.toLowerCase()) return false;
  if (filter.and && !filter.and.every((part) => matchesIssueFilter(state, issue, part))) return false;
  if (filter.or && !filter.or.some((part) => matchesIssueFilter(state, issue, part))) return false;
  return true;
}

export function issuesConnection(state: LinearState, args: Args) {
  const issues = [...state.issues.values()].filter((issue) => matchesIssueFilter(state, issue, args.filter as IssueFilter));
  return connection(issues.map((issue) => issueView(state, issue)), args);
}

/** IDComparator and StringComparator, as far as the carried schema keeps them. */
interface Comparator { eq?: string; eqIgnoreCase?: string; neq?: string; in?: string[]; nin?: string[] }

function matches(value: string, comparator: Comparator | undefined): boolean {
  if (!comparator) return true;
  if (comparator.eq !== undefined && value !== comparator.eq) return false;
  if (comparator.eqIgnoreCase !== undefined && value.toLowerCase() !== comparator.eqIgnoreCase.toLowerCase()) return false;
  if (comparator.neq !== undefined && value === comparator.neq) return false;
  if (comparator.in !== undefined && !comparator.in.includes(value)) return false;
  if (comparator.nin !== undefined && comparator.nin.includes(value)) return false;
  return true;
}

const teamScopedView = (record: StateRecord | LabelRecord) => ({ ...record, archivedAt: null, team: { id: record.teamId } });
/** A workflow state as `workflowState(id:)` and an issue's `state` answer it. */
export const stateView = (record: StateRecord) => teamScopedView(record);
/** A label as an issue's `labels` and `issueLabels` answer it: a plain team label, no group, no parent. */
const labelView = (record: LabelRecord) => ({ ...teamScopedView(record), isGroup: false, parent: null, inheritedFrom: null, groupType: null });

/** `workflowStates(filter: { team: { id } })`, in their workflow order. */
export function workflowStatesConnection(state: LinearState, args: Args) {
  const team = (args.filter as { team?: { id?: Comparator } } | undefined)?.team?.id;
  const states = [...state.states.values()].filter((record) => matches(record.teamId, team)).sort((left, right) => left.position - right.position);
  return connection(states.map(stateView), args);
}

/** `issueLabels(filter: { name })`; every simulated label belongs to the one team. */
export function issueLabelsConnection(state: LinearState, args: Args) {
  const name = (args.filter as { name?: Comparator } | undefined)?.name;
  return connection([...state.labels.values()].filter((record) => matches(record.name, name)).map(labelView), args);
}
