// POST /graphql: queries for the viewer, issues and pull requests (a merge's commit, its base's files, a
// repository's pull requests by state and base), and the `revertPullRequest`, `removeLabelsFromLabelable`,
// `updateRefs` and (a person's) `transferIssue` mutations, answering as GitHub's GraphQL API does (200 with `errors` on failure).
import type { Router } from '@backspace/simulator-kit';
import { actorOf, bodyOf, type RouteContext } from './context.js';
import { DocumentError, execute, mutationInput, parseDocument, revertInput, type FieldNode, type Operation, type Resolvable } from './graphql.js';
import { issueLike, queryRoot } from './graphql-objects.js';
import { createRevertBranch } from './merging.js';
import { openPull } from './routes-pulls.js';
import { recordIssueEvents, trackedFields } from './issue-events.js';
import { updateRefs } from './update-refs.js';
import { transferIssue } from './relocations.js';
import type { GitActor } from './git.js';
import { nodeId, type PullRecord, type RepoState } from './state.js';

export function addGraphqlRoutes(router: Router, context: RouteContext): void {
  router.post('/graphql', (request) => {
    const actor = actorOf(request, context);
    const body = bodyOf(request);
    const query = typeof body.query === 'string' ? body.query : '';
    const fail = (message: string, type?: string) => ({ status: 200, body: { data: null, errors: [{ ...(type ? { type } : {}), message, locations: [] }] } });
    let operation: Operation;
    try {
      operation = parseDocument(query, (body.variables ?? {}) as Record<string, unknown>);
    } catch (error) {
      // GitHub answers a document it cannot parse with errors and no data.
      return { status: 200, body: { errors: [{ message: (error as Error).message, locations: [] }] } };
    }
    const run = (root: Resolvable) => {
      try {
        const { data, errors } = execute(operation.selection, root);
        return { status: 200, body: errors.length > 0 ? { data, errors } : { data } };
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
        return { status: 200, body: { errors: [{ message: error.message, locations: [], extensions: error.extensions }] } };
      }
    };
    if (operation.type === 'query') return run(queryRoot(context, actor));
    const mutates = (name: string) => operation.selection.some((node) => node.kind === 'field' && node.name === name);
    if (mutates('removeLabelsFromLabelable')) {
      const outcome = removeLabels(context, actor, mutationInput(operation, 'removeLabelsFromLabelable'));
      return 'error' in outcome ? fail(outcome.error, outcome.type) : run({ __typename: 'Mutation', removeLabelsFromLabelable: outcome.payload });
    }
    if (mutates('transferIssue')) {
      const outcome = transferIssue(context, actor, mutationInput(operation, 'transferIssue'));
      return 'error' in outcome ? fail(outcome.error, outcome.type) : run({ __typename: 'Mutation', transferIssue: outcome.payload });
    }
    if (mutates('updateRefs')) {
      const outcome = updateRefs(context, actor, mutationInput(operation, 'updateRefs'));
      if (!('error' in outcome)) return run({ __typename: 'Mutation', updateRefs: outcome.payload });
      if (!outcome.type) return fail(outcome.error);
      // A refusal: the field null under its name, the error naming its path.
      const alias = operation.selection.find((node): node is FieldNode => node.kind === 'field' && node.name === 'updateRefs')!.alias;
      return { status: 200, body: { data: { [alias]: null }, errors: [{ type: outcome.type, path: [alias], locations: [], message: outcome.error }] } };
    }
    const input = revertInput(operation);
    if (!mutates('revertPullRequest')) return fail('This simulator serves only the revertPullRequest, removeLabelsFromLabelable, transferIssue and updateRefs mutations');
    if (!input || typeof input.pullRequestId !== 'string') return fail("Argument 'input' on Field 'revertPullRequest' has an invalid value. Expected type 'RevertPullRequestInput!'.");
    const repo = context.repo;
    if (repo.readOnly.has(actor.login)) return fail('Resource not accessible by personal access token', 'FORBIDDEN');
    const pull = [...repo.pulls.values()].find((candidate) => nodeId('PullRequest', candidate.id) === input.pullRequestId);
    if (!pull) return fail(`Could not resolve to a node with the global id of '${input.pullRequestId}'`, 'NOT_FOUND');
    if (!pull.merge_commit_sha) return fail('Pull request must be merged before it can be reverted', 'UNPROCESSABLE');
    const revert = revertPull(context, repo, pull, actor, input);
    const node = (record: PullRecord): Resolvable => {
      const issue = repo.issues.get(record.number)!;
      return { __typename: 'PullRequest', id: nodeId('PullRequest', record.id), number: record.number, title: issue.title, body: issue.body, state: record.merged_at ? 'MERGED' : issue.state.toUpperCase(), url: `${context.urls.api}/${repo.owner.login}/${repo.name}/pull/${record.number}`, headRefName: record.head, baseRefName: record.base };
    };
    const payload: Resolvable = { __typename: 'RevertPullRequestPayload', clientMutationId: input.clientMutationId ?? null, pullRequest: node(pull), revertPullRequest: node(revert) };
    return run({ __typename: 'Mutation', revertPullRequest: payload });
  });
}

function revertPull(context: RouteContext, repo: RepoState, pull: PullRecord, actor: { login: string; id: number }, input: Record<string, unknown>): PullRecord {
  const issue = repo.issues.get(pull.number)!;
  // Like GitHub, a second revert of the same pull request gets a numbered branch.
  let branch = `revert-${pull.number}-${pull.head}`;
  for (let suffix = 2; repo.git.refs.has(`refs/heads/${branch}`); suffix += 1) branch = `revert-${pull.number}-${pull.head}-${suffix}`;
  const title = typeof input.title === 'string' ? input.title : `Revert "${issue.title}"`;
  const body = typeof input.body === 'string' ? input.body : `Reverts ${repo.owner.login}/${repo.name}#${pull.number}`;
  createRevertBranch(repo, pull, branch, `Revert "${issue.title}"\n\nThis reverts commit ${pull.merge_commit_sha}.`, actor, context.now());
  return openPull(repo, { title, body, head: branch, base: pull.base, draft: input.draft === true }, actor, context.now());
}

/**
 * `removeLabelsFromLabelable`: the labels given by id taken off the issue or pull request given by id,
 * every other label left on it (one not on it is no error).
 */
function removeLabels(context: RouteContext, actor: GitActor, input: Record<string, unknown> | undefined): { payload: Resolvable } | { error: string; type?: string } {
  const labelIds = input?.labelIds;
  if (!input || typeof input.labelableId !== 'string' || !Array.isArray(labelIds) || !labelIds.every((id) => typeof id === 'string')) {
    return { error: "Argument 'input' on Field 'removeLabelsFromLabelable' has an invalid value. Expected type 'RemoveLabelsFromLabelableInput!'." };
  }
  const repo = context.repo;
  if (repo.readOnly.has(actor.login)) return { error: 'Resource not accessible by personal access token', type: 'FORBIDDEN' };
  const issue = [...repo.issues.values()].find((candidate) => {
    const pull = candidate.isPull ? repo.pulls.get(candidate.number) : undefined;
    return nodeId('Issue', candidate.id) === input.labelableId || (pull !== undefined && nodeId('PullRequest', pull.id) === input.labelableId);
  });
  if (!issue) return { error: `Could not resolve to a node with the global id of '${input.labelableId}'`, type: 'NOT_FOUND' };
  const names = new Set<string>();
  for (const id of labelIds as string[]) {
    const label = [...repo.labels.values()].find((candidate) => nodeId('Label', candidate.id) === id);
    if (!label) return { error: `Could not resolve to a node with the global id of '${id}'`, type: 'NOT_FOUND' };
    names.add(label.name.toLowerCase());
  }
  const before = trackedFields(issue);
  issue.labels = issue.labels.filter((name) => !names.has(name.toLowerCase()));
  issue.updated_at = context.now();
  recordIssueEvents(repo, before, issue, actor, issue.updated_at);
  return { payload: { __typename: 'RemoveLabelsFromLabelablePayload', clientMutationId: input.clientMutationId ?? null, labelable: issueLike(context, repo, issue) } };
}
