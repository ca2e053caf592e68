// The simulator's small GraphQL reader: selections are honoured, inline and variable inputs both read.
import { expect, it } from 'vitest';
import { parseSelection, project, revertInput } from './graphql.js';

it('keeps only the selected fields, nested', () => {
  const query = 'mutation { revertPullRequest(input: { pullRequestId: "PR_1", draft: true }) { revertPullRequest { number url } clientMutationId } }';
  const { selection } = parseSelection(query, query.indexOf(')'));
  expect(selection).toEqual({ revertPullRequest: { number: null, url: null }, clientMutationId: null });
  expect(project({ revertPullRequest: { number: 3, url: 'u', title: 't' }, clientMutationId: null, pullRequest: {} }, selection)).toEqual({ revertPullRequest: { number: 3, url: 'u' }, clientMutationId: null });
  expect(revertInput(query, undefined)).toEqual({ pullRequestId: 'PR_1', draft: true });
});

it('reads the input from variables, and refuses other documents', () => {
  expect(revertInput('mutation($input: RevertPullRequestInput!) { revertPullRequest(input: $input) { clientMutationId } }', { input: { pullRequestId: 'PR_2' } })).toEqual({ pullRequestId: 'PR_2' });
  expect(revertInput('query { viewer { login } }', undefined)).toBeUndefined();
  const truncated = 'mutation { revertPullRequest(input: {}) { number ';
  expect(() => parseSelection(truncated, truncated.indexOf(')'))).toThrow(/unexpected end/);
});
