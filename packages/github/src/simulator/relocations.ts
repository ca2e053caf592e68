// What a person does that changes where things are addressed: renaming the repository (REST
// `PATCH /repos/{owner}/{repo}`), transferring it to another owner (REST `POST /repos/{owner}/{repo}/transfer`),
// transferring an issue to another repository of the same owner (GraphQL `transferIssue`), and making that
// other repository. GitHub keeps the old addresses working: a repository's old full name redirects (301
// for a read, 307 for any other method) to `/repositories/{id}/...`, which answers as the repository's
// current name does, and GraphQL's `repository(owner:, name:)` follows renames unless asked not to
// (`followRenames: false`). A transferred issue's old number answers REST with a 301 to the issue where it
// is now (a new number, a new id), and GraphQL with NOT_FOUND.
import type { Router, SimulatorRequest } from '@backspace/simulator-kit';
import { formatFullRepository, formatRepository } from './format-pull.js';
import { bodyOf, fullName, notFound, validationFailed, writableRepoOf, type RouteContext } from './context.js';
import type { GitActor } from './git.js';
import { issueLike } from './graphql-objects.js';
import type { Resolvable } from './graphql.js';
import { createRepoState, nextId, nodeId, type RepoState } from './state.js';

export function addRelocationRoutes(router: Router, context: RouteContext): void {
  // Where a redirect points: the repository by its id, answered as its current name is.
  const byId = (request: SimulatorRequest, rest: string) => {
    const repo = context.repos.find((candidate) => String(candidate.id) === request.params.id);
    if (!repo) throw notFound();
    const path = `/repos/${encodeURIComponent(repo.owner.login)}/${encodeURIComponent(repo.name)}${rest}`;
    const route = router.resolve(request.method, path);
    return route.handler({ ...request, path, params: route.params });
  };
  router.add('*', '/repositories/:id', (request) => byId(request, ''));
  router.add('*', '/repositories/:id/*rest', (request) => byId(request, request.path.slice(`/repositories/${request.params.id}`.length)));

  // A person renames the repository (GitHub's "Update a repository" with `name`): the old name redirects.
  router.patch('/repos/:owner/:repo', (request) => {
    const { repo } = writableRepoOf(context, request);
    const { name } = bodyOf(request);
    if (name === undefined || name === repo.name) return { status: 200, body: formatFullRepository(context.urls, repo) };
    if (typeof name !== 'string' || !REPO_NAME.test(name)) throw validationFailed([{ resource: 'Repository', code: 'invalid', field: 'name' }]);
    relocate(context, repo, repo.owner, name, { resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' });
    return { status: 200, body: formatFullRepository(context.urls, repo) };
  });

  // A person transfers the repository to another owner ("Transfer a repository", `new_owner` and an
  // optional `new_name`). GitHub answers 202 with the repository as it was (its original owner) and moves
  // it asynchronously; to an organization the person may create repositories in, no one has to accept
  // it, so the simulator moves it at once. Its old full name redirects, as a rename's does.
  router.post('/repos/:owner/:repo/transfer', (request) => {
    const { repo } = writableRepoOf(context, request);
    const { new_owner: newOwner, new_name: newName = repo.name } = bodyOf(request);
    if (typeof newOwner !== 'string' || !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(newOwner)) throw validationFailed([{ resource: 'Repository', code: 'invalid', field: 'new_owner' }]);
    if (typeof newName !== 'string' || !REPO_NAME.test(newName)) throw validationFailed([{ resource: 'Repository', code: 'invalid', field: 'new_name' }]);
    const answer = formatRepository(context.urls, repo);
    const owner = context.repos.find((other) => other.owner.login.toLowerCase() === newOwner.toLowerCase())?.owner ?? { login: newOwner, id: 9919 + 1000 * context.repos.length };
    relocate(context, repo, owner, newName, { resource: 'Repository', code: 'custom', field: 'new_owner', message: `${newOwner} already has a repository named ${newName}` });
    return { status: 202, body: answer };
  });
}

const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives `repo` a new owner and name, its old full name kept for GitHub's redirects; refused where that name is taken. */
function relocate(context: RouteContext, repo: RepoState, owner: RepoState['owner'], name: string, taken: Record<string, unknown>): void {
  const wanted = `${owner.login}/${name}`.toLowerCase();
  if (wanted === fullName(repo)) {
    repo.name = name;
    return;
  }
  if (context.repos.some((other) => other !== repo && fullName(other) === wanted)) throw validationFailed([taken]);
  repo.formerNames.push(`${repo.owner.login}/${repo.name}`);
  repo.owner = owner;
  repo.name = name;
  // A name now in use is no longer another repository's old name.
  for (const other of context.repos) other.formerNames = other.formerNames.filter((former) => former.toLowerCase() !== wanted);
}

/** Another repository of the seeded one's owner, as a person makes it (empty, with GitHub's default labels). */
export function createRepository(context: RouteContext, name: string): RepoState {
  const seeded = context.repo;
  if (context.repos.some((repo) => repo.name.toLowerCase() === name.toLowerCase())) throw new Error(`repository ${name} exists already`);
  const repo = createRepoState(seeded.owner.login, name, seeded.defaultBranch, context.now(), seeded.id + context.repos.length);
  repo.owner = seeded.owner;
  // Ids of its records far from the seeded repository's, so global ids never name two objects.
  repo.nextId = 1_000_000 * context.repos.length;
  for (const label of seeded.labels.values()) if (label.default) repo.labels.set(label.name.toLowerCase(), { ...label, id: nextId(repo) });
  context.repos.push(repo);
  return repo;
}

/**
 * `transferIssue(input: { issueId, repositoryId, createLabelsIfMissing })`: the issue moves to the other
 * repository (same owner) under its next number and a new id, with its comments, assignees and the
 * labels that repository has (all of them with `createLabelsIfMissing`); its milestone stays behind. Pull
 * requests cannot be transferred.
 */
export function transferIssue(context: RouteContext, actor: GitActor, input: Record<string, unknown> | undefined): { payload: Resolvable } | { error: string; type?: string } {
  if (!input || typeof input.issueId !== 'string' || typeof input.repositoryId !== 'string') {
    return { error: "Argument 'input' on Field 'transferIssue' has an invalid value. Expected type 'TransferIssueInput!'." };
  }
  const from = context.repos.find((repo) => [...repo.issues.values()].some((issue) => !issue.isPull && nodeId('Issue', issue.id) === input.issueId));
  const issue = from && [...from.issues.values()].find((candidate) => nodeId('Issue', candidate.id) === input.issueId)!;
  if (!from || !issue) return { error: `Could not resolve to a node with the global id of '${input.issueId}'`, type: 'NOT_FOUND' };
  const to = context.repos.find((repo) => nodeId('Repository', repo.id) === input.repositoryId);
  if (!to) return { error: `Could not resolve to a node with the global id of '${input.repositoryId}'`, type: 'NOT_FOUND' };
  if (from.readOnly.has(actor.login) || to.readOnly.has(actor.login)) return { error: 'Resource not accessible by personal access token', type: 'FORBIDDEN' };
  if (to === from || to.owner.login !== from.owner.login) return { error: 'Issues can only be transferred to another repository of the same owner', type: 'UNPROCESSABLE' };
  const number = to.nextNumber++;
  const labels = issue.labels.filter((name) => input.createLabelsIfMissing === true || to.labels.has(name.toLowerCase()));
  for (const name of labels) if (!to.labels.has(name.toLowerCase())) to.labels.set(name.toLowerCase(), { ...from.labels.get(name.toLowerCase())!, id: nextId(to), default: false });
  const moved = { ...issue, number, id: nextId(to), labels, milestone: null, updated_at: context.now() };
  to.issues.set(number, moved);
  from.issues.delete(issue.number);
  from.transferred.set(issue.number, { repo: to, number });
  for (const comment of [...from.comments.values()].filter((candidate) => candidate.issue_number === issue.number)) {
    from.comments.delete(comment.id);
    to.comments.set(comment.id, { ...comment, issue_number: number });
  }
  for (const event of from.events.filter((candidate) => candidate.issue_number === issue.number)) to.events.push({ ...event, issue_number: number });
  from.events = from.events.filter((event) => event.issue_number !== issue.number);
  return { payload: { __typename: 'TransferIssuePayload', clientMutationId: input.clientMutationId ?? null, issue: issueLike(context, to, moved) } };
}
