// Issues (and pull requests' conversations) in snapshot form through GraphQL: one request reads an issue
// with its labels, assignees and comment ids, and one request reads up to 50 of them (aliases), so a
// snapshot is one request and planning a rollback of N issues about N/50.
import { resourceKey, type ResourceRef, type Snapshot } from '@backspace/core';
import type { GithubClient } from './client.js';
import { graphqlData } from './graphql-data.js';
import { commentRef, parseRef } from './resources.js';
import { issueSnapshot } from './issue-snapshot.js';
import { sameLogin } from './issue-events.js';

/** GraphQL's page limit: an issue with more labels, assignees or comments is read through REST instead. */
const PAGE = 100;

/** The timeline events that change what a snapshot holds (state, title, labels, assignees, milestone). */
const EVENT_TYPES = ['ClosedEvent', 'ReopenedEvent', 'RenamedTitleEvent', 'LabeledEvent', 'UnlabeledEvent', 'AssignedEvent', 'UnassignedEvent', 'MilestonedEvent', 'DemilestonedEvent'];
const ITEM_TYPES = EVENT_TYPES.map((type) => type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()).join(', ');
// The newest such event and who made it: GitHub's `updatedAt` counts whole seconds, so a person's change
// in the very second of the agent's write leaves the version the write's answer gave (see `versionOf`).
const LAST_EVENT = `lastEvent: timelineItems(last: 1, itemTypes: [${ITEM_TYPES}]) { nodes { __typename ${EVENT_TYPES.map((type) => `... on ${type} { id createdAt actor { login } }`).join(' ')} } }`;

const COMMON = `id title body state updatedAt author { __typename login } milestone { number }
      labels(first: ${PAGE}) { totalCount nodes { name } }
      assignees(first: ${PAGE}) { totalCount nodes { login } }
      comments(first: ${PAGE}) { totalCount nodes { fullDatabaseId } }
      ${LAST_EVENT}`;
// `issueOrPullRequest`: labels and comments may be on a pull request's number (REST's issues API allows it).
const ISSUE_FIELDS = `__typename
      ... on Issue { stateReason(enableDuplicate: true) ${COMMON} }
      ... on PullRequest { mergedBy { __typename login } ${COMMON} }`;

interface Connection<T> {
  totalCount: number;
  nodes: T[];
}

interface IssueNode {
  __typename: 'Issue' | 'PullRequest';
  id: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  updatedAt: string;
  stateReason?: string | null;
  mergedBy?: { __typename: string; login: string } | null;
  author: { __typename: string; login: string } | null;
  milestone: { number: number } | null;
  labels: Connection<{ name: string }>;
  assignees: Connection<{ login: string }>;
  comments: Connection<{ fullDatabaseId: string }>;
  lastEvent?: { nodes: { id: string; createdAt: string; actor: { login: string } | null }[] } | null;
}

type Answer = Record<string, Record<string, IssueNode | null> | null> & { viewer?: { login: string } | null };

/**
 * Snapshots of `refs` (issue resources) by resource key, null for those whose repository does not exist.
 * An issue whose lists do not fit one page is left out (read through REST), and so is everything when
 * GraphQL is not served (404): the caller reads what is left out one by one. So is an issue GraphQL
 * cannot find in a repository that exists: deleted, or transferred by a person to another repository,
 * which GraphQL does not tell apart (NOT_FOUND both) and REST does (410 Gone, or a 301 to where it is
 * now): an issue alive elsewhere is never read as gone (see `readIssue`).
 */
export async function readIssues(client: GithubClient, refs: ResourceRef[]): Promise<Map<string, Snapshot | null>> {
  const found = new Map<string, Snapshot | null>();
  if (refs.length === 0) return found;
  const { query, groups } = issuesDocument(refs);
  const answer = await graphqlData<Answer>(client, query, { otherErrors: 'throw' });
  if (!answer) return found;
  groups.forEach((group, index) => {
    const repository = answer[`r${index}`] ?? null;
    for (const issue of group.issues) {
      const node = repository?.[issue.alias] ?? null;
      if (node === null && repository === null) found.set(issue.key, null);
      else if (node === null) continue;
      else if (fitsOnePage(node)) found.set(issue.key, snapshotOf(group.owner, group.repo, node, answer.viewer?.login));
    }
  });
  return found;
}

/** One query document for `refs`: a `repository` per repository (`r0`...), an aliased issue per ref (`i0`...). */
export function issuesDocument(refs: ResourceRef[]) {
  const repos = new Map<string, { owner: string; repo: string; issues: { alias: string; number: number; key: string }[] }>();
  refs.forEach((ref, index) => {
    const { owner, repo, number } = parseRef(ref);
    const group = repos.get(`${owner}/${repo}`) ?? { owner, repo, issues: [] };
    group.issues.push({ alias: `i${index}`, number, key: resourceKey(ref) });
    repos.set(`${owner}/${repo}`, group);
  });
  const groups = [...repos.values()];
  const query = `query BackspaceIssues {
  viewer { login }
  ${groups.map((group, index) => `r${index}: repository(owner: ${JSON.stringify(group.owner)}, name: ${JSON.stringify(group.repo)}) {
    ${group.issues.map((issue) => `${issue.alias}: issueOrPullRequest(number: ${issue.number}) { ${ISSUE_FIELDS} }`).join('\n    ')}
  }`).join('\n  ')}
}`;
  return { query, groups };
}

function fitsOnePage(node: IssueNode): boolean {
  return [node.labels, node.assignees, node.comments].every((list) => list.totalCount <= list.nodes.length);
}

function snapshotOf(owner: string, repo: string, node: IssueNode, viewer: string | undefined): Snapshot {
  const author = restLogin(node.author);
  const snapshot = issueSnapshot({
    node_id: node.id,
    title: node.title,
    body: node.body,
    // A merged pull request's conversation is closed, as REST's issues API says.
    state: node.state === 'OPEN' ? 'open' : 'closed',
    state_reason: node.stateReason ? node.stateReason.toLowerCase() : null,
    labels: node.labels.nodes.map((label) => label.name),
    assignees: node.assignees.nodes,
    milestone: node.milestone,
    comments: node.comments.totalCount,
    user: author === null ? null : { login: author },
    updated_at: versionOf(node, viewer),
    ...(node.__typename === 'PullRequest' ? { merged_by: node.state === 'MERGED' ? (restLogin(node.mergedBy ?? null) ?? 'ghost') : null } : {}),
  });
  return { ...snapshot, comment_keys: node.comments.nodes.map((comment) => resourceKey(commentRef(owner, repo, Number(comment.fullDatabaseId)))) };
}

/**
 * The issue's version (`updated_at`, the adapter's `versionField`): GitHub's `updatedAt`, in whole
 * seconds, which a write's answer also gives. A rollback asks the issue's events who changed it only
 * when its version moved since the agent's write; a person's close, reopen or label in that same
 * second moves nothing. So where the newest event is someone else's (not this token's, `viewer`) and
 * falls in the second of `updatedAt`, the version names it too (its id and actor): it then differs from
 * any version a write's answer gave, and the events are read. Otherwise it is `updatedAt` as it is, so
 * an issue nobody touched costs no more reads. Without a viewer (not asked), `updatedAt` alone.
 */
function versionOf(node: IssueNode, viewer: string | undefined): string {
  const last = node.lastEvent?.nodes.at(-1);
  if (!last || viewer === undefined || Date.parse(last.createdAt) < Date.parse(node.updatedAt)) return node.updatedAt;
  if (last.actor !== null && sameLogin(last.actor.login, viewer)) return node.updatedAt;
  return `${node.updatedAt} (event ${last.id} by ${last.actor?.login ?? 'ghost'})`;
}

/** GraphQL names a bot without REST's `[bot]` suffix; snapshots use REST's login. */
function restLogin(actor: { __typename: string; login: string } | null): string | null {
  if (!actor) return null;
  return actor.__typename === 'Bot' && !actor.login.endsWith('[bot]') ? `${actor.login}[bot]` : actor.login;
}

/** The document of `readIssueAndLabels`: the issue, and each of `names` as a label of its repository (`l0`...). */
export function issueAndLabelsDocument(ref: ResourceRef, names: readonly string[]): string {
  const { owner, repo, number } = parseRef(ref);
  const labels = names.map((name, index) => `l${index}: label(name: ${JSON.stringify(name)}) { name }`).join('\n    ');
  return `query BackspaceIssueLabels {
  viewer { login }
  repository(owner: ${JSON.stringify(owner)}, name: ${JSON.stringify(repo)}) {
    issue: issueOrPullRequest(number: ${number}) { ${ISSUE_FIELDS} }
    ${labels}
  }
}`;
}

/**
 * An issue in snapshot form, and which of `names` its repository has no label of (GitHub creates such a
 * label when one is added to an issue), in one GraphQL request. Undefined where GraphQL cannot say (not
 * served, or one of the issue's lists overflows a page): the caller reads through REST.
 */
export async function readIssueAndLabels(client: GithubClient, ref: ResourceRef, names: readonly string[]): Promise<{ snapshot: Snapshot | null; missing: string[] } | undefined> {
  const { owner, repo } = parseRef(ref);
  const answer = await graphqlData<{ viewer?: { login: string } | null; repository: { issue: IssueNode | null; [label: string]: unknown } | null }>(client, issueAndLabelsDocument(ref, names), { otherErrors: 'throw' });
  if (!answer) return undefined;
  const node = answer.repository?.issue ?? null;
  if (node === null) return { snapshot: null, missing: [] };
  if (!fitsOnePage(node)) return undefined;
  return { snapshot: snapshotOf(owner, repo, node, answer.viewer?.login), missing: names.filter((_name, index) => !answer.repository?.[`l${index}`]) };
}
