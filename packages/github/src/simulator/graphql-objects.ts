// The GraphQL objects the simulated GitHub serves to queries: the viewer, the repository, its issues and
// pull requests, their base branch and merge commit, and files in a commit's tree (fields named as in
// GitHub's public schema), resolved from the same records as REST.
import { findRepo, type RouteContext } from './context.js';
import { gitPerson } from './format.js';
import { isBot, subtreeSha, type GitActor } from './git.js';
import { DocumentError, FieldError, type Resolvable } from './graphql.js';
import { nodeId, type CommentRecord, type IssueEventRecord, type IssueRecord, type RepoState } from './state.js';

type Args = Record<string, unknown>;

/** GitHub's `Actor`: a bot's GraphQL login has no `[bot]` suffix (REST's has), as api.github.com answers. */
function actor(who: GitActor): Resolvable {
  return isBot(who) ? { __typename: 'Bot', login: who.login.replace(/\[bot\]$/, ''), id: nodeId('Bot', who.id) } : { __typename: 'User', login: who.login, id: nodeId('User', who.id), name: who.name ?? null };
}

/** A connection page: GitHub refuses one without `first` or `last`, and more than 100 records. */
function connection(typename: string, items: Resolvable[], field: string) {
  return (args: Args): Resolvable => {
    const first = typeof args.first === 'number' ? args.first : undefined;
    const last = typeof args.last === 'number' ? args.last : undefined;
    if (first === undefined && last === undefined) throw new FieldError('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`);
    const count = (first ?? last)!;
    if (count > 100) throw new FieldError('EXCESSIVE_PAGINATION', `Requesting ${count} records on the \`${field}\` connection exceeds the \`${first !== undefined ? 'first' : 'last'}\` limit of 100 records.`);
    const nodes = first !== undefined ? items.slice(0, first) : items.slice(Math.max(0, items.length - count));
    return { __typename: typename, totalCount: items.length, nodes, pageInfo: { __typename: 'PageInfo', hasNextPage: first !== undefined && items.length > first, hasPreviousPage: last !== undefined && items.length > last, endCursor: nodes.length ? 'Y3Vyc29yOnYyOpHO' : null, startCursor: null } };
  };
}

/** An issue or pull request as GraphQL serves it (`Issue` or `PullRequest`). */
export function issueLike(context: RouteContext, repo: RepoState, issue: IssueRecord): Resolvable {
  const pull = issue.isPull ? repo.pulls.get(issue.number) : undefined;
  const comments = [...repo.comments.values()].filter((comment) => comment.issue_number === issue.number).sort((a, b) => a.id - b.id);
  const labels = issue.labels.map((name) => repo.labels.get(name.toLowerCase())!).map((label) => ({ __typename: 'Label', id: nodeId('Label', label.id), name: label.name, color: label.color }));
  const common: Resolvable = {
    __typename: pull ? 'PullRequest' : 'Issue',
    id: nodeId(pull ? 'PullRequest' : 'Issue', pull ? pull.id : issue.id),
    number: issue.number,
    title: issue.title,
    // GraphQL's body is `String!`: an issue without one has "".
    body: issue.body ?? '',
    closed: issue.state === 'closed',
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    url: `${context.urls.api}/${repo.owner.login}/${repo.name}/${pull ? 'pull' : 'issues'}/${issue.number}`,
    author: actor(issue.user),
    editor: issue.editor ? actor(issue.editor) : null,
    lastEditedAt: issue.last_edited_at,
    labels: connection('LabelConnection', labels, 'labels'),
    assignees: connection('UserConnection', issue.assignees.map((login) => ({ __typename: 'User', login })), 'assignees'),
    milestone: issue.milestone === null ? null : { __typename: 'Milestone', number: issue.milestone, title: repo.milestones.get(issue.milestone)?.title ?? '' },
    comments: connection(
      'IssueCommentConnection',
      comments.map(issueComment),
      'comments',
    ),
    timelineItems: timelineItems(repo, issue, pull ? 'PullRequestTimelineItemsConnection' : 'IssueTimelineItemsConnection'),
  };
  if (pull) {
    const baseTip = repo.git.refs.get(`refs/heads/${pull.base}`);
    return {
      ...common,
      state: pull.merged_at ? 'MERGED' : issue.state.toUpperCase(),
      merged: pull.merged_at !== null,
      mergedBy: pull.merged_at && pull.merged_by ? actor(pull.merged_by) : null,
      headRefName: pull.head,
      baseRefName: pull.base,
      // The simulated GitHub holds one repository: no pull request comes from a fork.
      isCrossRepository: false,
      // GitHub's `mergeCommit` is the merge's commit once merged, null before (REST's merge_commit_sha also names a test merge).
      mergeCommit: pull.merged_at && pull.merge_commit_sha ? commit(repo, pull.merge_commit_sha) : null,
      // The base branch as it is now; null once the branch is deleted.
      baseRef: baseTip === undefined ? null : branchRef(repo, pull.base, baseTip),
    };
  }
  // DUPLICATE is only given to those who ask for it (`enableDuplicate: true`).
  return {
    ...common,
    state: issue.state.toUpperCase(),
    stateReason: (args: Args) => (issue.state_reason === null ? null : issue.state_reason === 'duplicate' && args.enableDuplicate !== true ? 'NOT_PLANNED' : issue.state_reason.toUpperCase()),
  };
}

/** The GraphQL type of each recorded issue event (GitHub's `IssueTimelineItems` union members). */
const TIMELINE_TYPES: Record<IssueEventRecord['event'], string> = {
  closed: 'ClosedEvent',
  reopened: 'ReopenedEvent',
  renamed: 'RenamedTitleEvent',
  labeled: 'LabeledEvent',
  unlabeled: 'UnlabeledEvent',
  assigned: 'AssignedEvent',
  unassigned: 'UnassignedEvent',
  milestoned: 'MilestonedEvent',
  demilestoned: 'DemilestonedEvent',
};

/**
 * `timelineItems(first|last:, itemTypes:)`: the issue's events, oldest first, as the REST events list
 * gives them (the same ids: an event's GraphQL `id` is its REST `node_id`), filtered by `itemTypes`
 * (`CLOSED_EVENT`...; an unknown type is GitHub's document error). Comments and other timeline kinds
 * the simulator does not record are not listed.
 */
function timelineItems(repo: RepoState, issue: IssueRecord, typename: string) {
  return (args: Args): Resolvable => {
    const known = new Set(Object.values(TIMELINE_TYPES).map(itemType));
    const types = Array.isArray(args.itemTypes) ? (args.itemTypes as string[]) : undefined;
    const unknown = types?.find((type) => !known.has(type) && !/^[A-Z_]+$/.test(type));
    if (unknown !== undefined) throw new DocumentError(`Argument 'itemTypes' on Field 'timelineItems' has an invalid value (${unknown}).`, { code: 'argumentLiteralsIncompatible' });
    const events = repo.events.filter((event) => event.issue_number === issue.number && (!types || types.includes(itemType(TIMELINE_TYPES[event.event]))));
    const nodes = events.map((event) => ({ __typename: TIMELINE_TYPES[event.event], id: nodeId('IssueEvent', event.id), createdAt: event.created_at, actor: actor(event.actor) }));
    return connection(typename, nodes, 'timelineItems')(args);
  };
}

/** `ClosedEvent` -> `CLOSED_EVENT`, as the `IssueTimelineItemsItemType` enum spells it. */
const itemType = (typename: string) => typename.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * A branch as a `Ref`, with `compare(headRef:)`: how another branch (by name, short or `refs/heads/…`)
 * stands against this one; null when there is no such branch or the two share no history (the
 * comparison cannot be made, as GitHub's schema puts it).
 */
function branchRef(repo: RepoState, name: string, tip: string): Resolvable {
  return {
    __typename: 'Ref',
    name,
    prefix: 'refs/heads/',
    target: commit(repo, tip),
    compare: (args: Args) => {
      if (typeof args.headRef !== 'string') throw new DocumentError("Field 'compare' is missing required arguments: headRef", { code: 'missingRequiredArguments', className: 'Field', name: 'compare', arguments: 'headRef' });
      const headTip = branchTip(repo, args.headRef);
      const comparison = headTip === undefined ? undefined : repo.git.compare(tip, headTip);
      if (headTip === undefined || !comparison) return null;
      return { __typename: 'Comparison', status: comparison.status.toUpperCase(), aheadBy: comparison.aheadBy, behindBy: comparison.behindBy, baseTarget: commit(repo, tip), headTarget: commit(repo, headTip) };
    },
  };
}

/** A branch's tip by its full ref name (`refs/heads/x`) or, failing that, its short name, as GitHub resolves `ref(qualifiedName:)`. */
function branchTip(repo: RepoState, name: string): string | undefined {
  return repo.git.refs.get(name) ?? repo.git.refs.get(`refs/heads/${name}`);
}

/**
 * A `Commit` with `file(path:)`: the tree entry at that path, a blob for a file, a tree for a directory,
 * null when the commit's tree has nothing there (no error, as GitHub answers).
 */
function commit(repo: RepoState, sha: string): Resolvable {
  const found = repo.git.getCommit(sha);
  return {
    __typename: 'Commit',
    oid: sha,
    // Git's author as GitHub serves it (`GitActor`): the profile name, not the login (REST's commit author too).
    author: found ? { __typename: 'GitActor', ...gitPerson(found.author, found.date) } : null,
    file: (args: Args) => {
      // GitHub refuses the whole document when a required argument is missing.
      if (typeof args.path !== 'string') throw new DocumentError("Field 'file' is missing required arguments: path", { code: 'missingRequiredArguments', className: 'Field', name: 'file', arguments: 'path' });
      const path = args.path.replace(/^\/+|\/+$/g, '');
      const tree = repo.git.getCommit(sha)?.tree ?? {};
      const name = path.split('/').at(-1) ?? '';
      const blob = tree[path];
      if (blob !== undefined) return { __typename: 'TreeEntry', name, path, type: 'blob', oid: blob };
      const inside = path === '' ? '' : `${path}/`;
      if (!Object.keys(tree).some((candidate) => candidate.startsWith(inside))) return null;
      return { __typename: 'TreeEntry', name, path, type: 'tree', oid: subtreeSha(tree, inside) };
    },
  };
}

/** A repository's pull requests, newest or oldest first by number (GitHub's CREATED_AT order), filtered as `pullRequests(...)` asks. */
function pullRequests(context: RouteContext, repo: RepoState) {
  return (args: Args): Resolvable => {
    const states = Array.isArray(args.states) ? (args.states as string[]) : undefined;
    const order = args.orderBy as { field?: string; direction?: string } | undefined;
    const pulls = [...repo.pulls.values()]
      .filter((pull) => (typeof args.baseRefName !== 'string' || pull.base === args.baseRefName) && (typeof args.headRefName !== 'string' || pull.head === args.headRefName))
      .map((pull) => issueLike(context, repo, repo.issues.get(pull.number)!))
      .filter((node) => !states || states.includes(node.state as string))
      .sort((left, right) => (left.number as number) - (right.number as number));
    if (order?.direction === 'DESC') pulls.reverse();
    return connection('PullRequestConnection', pulls, 'pullRequests')(args);
  };
}

function byNumber(context: RouteContext, repo: RepoState, kind: 'issue' | 'pullRequest' | 'issueOrPullRequest') {
  const wording = { issue: 'an Issue', pullRequest: 'a PullRequest', issueOrPullRequest: 'an issue or pull request' }[kind];
  return (args: Args) => {
    const issue = typeof args.number === 'number' ? repo.issues.get(args.number) : undefined;
    const fits = issue && (kind === 'issueOrPullRequest' || (kind === 'pullRequest') === issue.isPull);
    if (!issue || !fits) throw new FieldError('NOT_FOUND', `Could not resolve to ${wording} with the number of ${String(args.number)}.`);
    return issueLike(context, repo, issue);
  };
}

/** The default branch as a Ref (null in a repository without commits, as GitHub answers). */
function defaultBranchRef(repo: RepoState): Resolvable | null {
  const tip = repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  return tip === undefined ? null : branchRef(repo, repo.defaultBranch, tip);
}

/** The query root for a token: `viewer` (typed `User!`; for an App token its bot's login, `[bot]` included, as GitHub answers) and `repository`. */
/** An `IssueComment`: its last editor and the time of that edit are null until its body is edited. */
function issueComment(comment: CommentRecord): Resolvable {
  return {
    __typename: 'IssueComment',
    id: nodeId('IssueComment', comment.id),
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    author: actor(comment.user),
    editor: comment.editor ? actor(comment.editor) : null,
    lastEditedAt: comment.last_edited_at,
  };
}

/**
 * `node(id:)`, for the objects the adapter asks for by global id (an issue comment); an id naming
 * nothing is GitHub's NOT_FOUND error, its field null.
 */
function nodeById(repo: RepoState) {
  return (args: Args): Resolvable => {
    const id = String(args.id ?? '');
    const comment = [...repo.comments.values()].find((candidate) => nodeId('IssueComment', candidate.id) === id);
    if (!comment) throw new FieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
    return issueComment(comment);
  };
}

export function queryRoot(context: RouteContext, viewer: GitActor): Resolvable {
  return {
    __typename: 'Query',
    node: nodeById(context.repo),
    viewer: { __typename: 'User', login: viewer.login, id: nodeId(isBot(viewer) ? 'Bot' : 'User', viewer.id), name: viewer.name ?? null },
    // A renamed repository is found by its old name too, unless `followRenames: false` (GitHub's default is true).
    repository: (args: Args) => {
      const owner = String(args.owner ?? '');
      const name = String(args.name ?? '');
      const repo = findRepo(context, owner, name, args.followRenames !== false);
      if (!repo) throw new FieldError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return {
        __typename: 'Repository',
        id: nodeId('Repository', repo.id),
        name: repo.name,
        nameWithOwner: `${repo.owner.login}/${repo.name}`,
        defaultBranchRef: defaultBranchRef(repo),
        issue: byNumber(context, repo, 'issue'),
        pullRequest: byNumber(context, repo, 'pullRequest'),
        issueOrPullRequest: byNumber(context, repo, 'issueOrPullRequest'),
        // A label by name, matched as GitHub matches label names (case-insensitively); null when there is none.
        label: (args: Args) => {
          const label = repo.labels.get(String(args.name ?? '').toLowerCase());
          return label ? { __typename: 'Label', id: nodeId('Label', label.id), name: label.name, color: label.color } : null;
        },
        pullRequests: pullRequests(context, repo),
        // A ref by its full name, else its short one (only branches are modelled); null when there is none.
        ref: (args: Args) => {
          if (typeof args.qualifiedName !== 'string') throw new DocumentError("Field 'ref' is missing required arguments: qualifiedName", { code: 'missingRequiredArguments', className: 'Field', name: 'ref', arguments: 'qualifiedName' });
          const tip = branchTip(repo, args.qualifiedName);
          return tip === undefined ? null : branchRef(repo, args.qualifiedName.replace(/^refs\/heads\//, ''), tip);
        },
      };
    },
  };
}
