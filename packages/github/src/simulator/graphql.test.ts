// The simulator's small GraphQL engine: selections, aliases, arguments, variables and inline fragments
// are honoured; resolver errors sit beside the data with their path; documents it cannot read are refused.
import { expect, it } from 'vitest';
import { DocumentError, FieldError, execute, parseDocument, revertInput, type Resolvable } from './graphql.js';

const root: Resolvable = {
  __typename: 'Query',
  repository: (args: Record<string, unknown>) => ({
    __typename: 'Repository',
    issueOrPullRequest: ({ number }: Record<string, unknown>) => {
      if (number === 9) throw new FieldError('NOT_FOUND', 'Could not resolve to an issue or pull request with the number of 9.');
      return { __typename: number === 2 ? 'PullRequest' : 'Issue', title: `#${String(number)} in ${String(args.name)}`, stateReason: () => 'COMPLETED', merged: false };
    },
  }),
};

it('keeps only the selected fields under their aliases, fragments by type, errors beside data', () => {
  const query = `query Issues($name: String!) {
    repository(owner: "octo-org", name: $name) {
      i1: issueOrPullRequest(number: 1) { __typename ... on Issue { title stateReason(enableDuplicate: true) } ... on PullRequest { title merged } }
      i2: issueOrPullRequest(number: 2) { ... on Issue { title } ... on PullRequest { merged } }
      i9: issueOrPullRequest(number: 9) { __typename }
    }
  }`;
  const { data, errors } = execute(parseDocument(query, { name: 'widgets' }).selection, root);
  expect(data).toEqual({ repository: { i1: { __typename: 'Issue', title: '#1 in widgets', stateReason: 'COMPLETED' }, i2: { merged: false }, i9: null } });
  expect(errors).toEqual([{ type: 'NOT_FOUND', path: ['repository', 'i9'], locations: [], message: 'Could not resolve to an issue or pull request with the number of 9.' }]);
});

it('refuses a field the type does not have, and a document it cannot parse', () => {
  expect(() => execute(parseDocument('{ repository(owner: "o", name: "r") { stars } }').selection, root)).toThrow(DocumentError);
  expect(() => parseDocument('mutation { revertPullRequest(input: {}) { number ')).toThrow(/unexpected end/);
});

it('reads the revert input inline or from variables', () => {
  expect(revertInput(parseDocument('mutation { revertPullRequest(input: { pullRequestId: "PR_1", draft: true }) { clientMutationId } }'))).toEqual({ pullRequestId: 'PR_1', draft: true });
  expect(revertInput(parseDocument('mutation($input: RevertPullRequestInput!) { revertPullRequest(input: $input) { clientMutationId } }', { input: { pullRequestId: 'PR_2' } }))).toEqual({ pullRequestId: 'PR_2' });
  expect(revertInput(parseDocument('query { viewer { login } }'))).toBeUndefined();
});
