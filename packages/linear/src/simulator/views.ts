// GraphQL views over the simulator's records: what each Linear type's fields resolve to.
import type { CommentRecord, IssueRecord, LabelRecord, LinearState, RelationRecord, StateRecord } from './linear-state.js';

type Args = Record<string, unknown>;

export function connection<T>(nodes: T[]) {
  const cursor = (node: T) => (node as { id?: string }).id ?? '';
  return {
    nodes,
    edges: nodes.map((node) => ({ node, cursor: cursor(node) })),
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: nodes[0] ? cursor(nodes[0]) : null, endCursor: nodes.at(-1) ? cursor(nodes.at(-1)!) : null },
  };
}

/** Connection arguments Linear honours here: `includeArchived` and `first`/`last`. */
function page<T>(nodes: T[], args: Args): T[] {
  const visible = args.includeArchived ? nodes : nodes.filter((node) => !(node as { archivedAt?: string | null }).archivedAt);
  if (typeof args.first === 'number') return visible.slice(0, args.first);
  if (typeof args.last === 'number') return visible.slice(-args.last);
  return visible;
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
    state: { id: issue.stateId },
    team: { id: issue.teamId },
    assignee: ref(issue.assigneeId),
    creator: ref(issue.creatorId),
    project: ref(issue.projectId),
    parent: ref(issue.parentId),
    comments: (args: Args) => connection(page([...state.comments.values()].filter((comment) => comment.issueId === issue.id), args).map((comment) => commentView(state, comment))),
    relations: (args: Args) => connection(page([...state.relations.values()].filter((relation) => relation.issueId === issue.id), args).map((relation) => relationView(state, relation))),
    inverseRelations: (args: Args) => connection(page([...state.relations.values()].filter((relation) => relation.relatedIssueId === issue.id), args).map((relation) => relationView(state, relation))),
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
    issue: { id: comment.issueId },
    user: { id: comment.userId },
  };
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
  return connection(page(issues, args).map((issue) => issueView(state, issue)));
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

/** `workflowStates(filter: { team: { id } })`, in their workflow order. */
export function workflowStatesConnection(state: LinearState, args: Args) {
  const team = (args.filter as { team?: { id?: Comparator } } | undefined)?.team?.id;
  const states = [...state.states.values()].filter((record) => matches(record.teamId, team)).sort((left, right) => left.position - right.position);
  return connection(page(states.map(teamScopedView), args));
}

/** `issueLabels(filter: { name })`; every simulated label belongs to the one team. */
export function issueLabelsConnection(state: LinearState, args: Args) {
  const name = (args.filter as { name?: Comparator } | undefined)?.name;
  return connection(page([...state.labels.values()].filter((record) => matches(record.name, name)).map(teamScopedView), args));
}
