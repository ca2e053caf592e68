// The GraphQL side against GitHub's public schema (spec/github-graphql-subset.graphql): every document the
// adapter sends selects fields and arguments the schema has, and every object the simulator serves holds
// only fields the schema declares, with values of the declared kind.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueRef } from './resources.js';
import { issueAndLabelsDocument, issuesDocument } from './read-issues.js';
import { mergeDocument } from './read.js';
import { branchDocument } from './read-branch.js';
import { VIEWER_QUERY } from './client.js';
import { bodyEditorDocument } from './issue-events.js';
import { commentEditorDocument } from './actions/issue-comment-update.js';
import { REMOVE_LABELS_MUTATION } from './actions/labels-add.js';
import { DELETE_BRANCH_MUTATION } from './ref-delete.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';
import { FieldError, parseDocument, type SelectionNode } from './simulator/graphql.js';
import { queryRoot } from './simulator/graphql-objects.js';
import { quiet } from './test-support.js';
import { Octokit } from '@octokit/rest';

type Field = { args: string[]; type: string };
const schemaText = readFileSync(new URL('../spec/github-graphql-subset.graphql', import.meta.url), 'utf8');
const schema = new Map<string, Map<string, Field>>();
for (const block of schemaText.matchAll(/^(?:type|interface) (\w+) \{\n([\s\S]*?)\n\}/gm)) {
  const fields = new Map<string, Field>();
  for (const line of block[2]!.split('\n')) {
    const match = /^ {2}(\w+)(?:\((.*)\))?: (.+)$/.exec(line);
    if (match) fields.set(match[1]!, { args: [...(match[2] ?? '').matchAll(/(\w+): /g)].map((arg) => arg[1]!), type: match[3]! });
  }
  schema.set(block[1]!, fields);
}
// Abstract types: what an `Actor`, an `IssueOrPullRequest` or a `Labelable` may be.
const EVENTS = ['ClosedEvent', 'ReopenedEvent', 'RenamedTitleEvent', 'LabeledEvent', 'UnlabeledEvent', 'AssignedEvent', 'UnassignedEvent', 'MilestonedEvent', 'DemilestonedEvent'];
const MEMBERS: Record<string, string[]> = { IssueTimelineItems: EVENTS, PullRequestTimelineItems: EVENTS, Actor: ['User', 'Bot'], IssueOrPullRequest: ['Issue', 'PullRequest'], Labelable: ['Issue', 'PullRequest'], GitObject: ['Commit', 'Tree', 'Blob', 'Tag'], Node: ['IssueComment', 'Issue', 'PullRequest'] };
const SCALARS: Record<string, string> = { String: 'string', ID: 'string', URI: 'string', DateTime: 'string', BigInt: 'string', Int: 'number', Boolean: 'boolean', IssueState: 'string', IssueStateReason: 'string', PullRequestState: 'string', GitObjectID: 'string', ComparisonStatus: 'string', GitTimestamp: 'string' };
const named = (type: string) => type.replace(/[[\]!]/g, '');

/** Fields and arguments of a selection that the schema does not have, as `Type.field` or `Type.field(arg)`. */
function unknownIn(selection: SelectionNode[], type: string): string[] {
  return selection.flatMap((node) => {
    if (node.kind === 'fragment') return MEMBERS[type]?.includes(node.on) || node.on === type ? unknownIn(node.selection, node.on) : [`${type} ... on ${node.on}`];
    if (node.name === '__typename') return [];
    const field = schema.get(type)?.get(node.name);
    if (!field) return [`${type}.${node.name}`];
    const args = Object.keys(node.args).filter((arg) => !field.args.includes(arg)).map((arg) => `${type}.${node.name}(${arg})`);
    return [...args, ...(node.selection ? unknownIn(node.selection, named(field.type)) : [])];
  });
}

let simulator: GithubSimulator;
beforeAll(async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens, milestoneNumber } = simulator.seed;
  const human = new Octokit({ auth: tokens.human, baseUrl: simulator.url, log: quiet });
  await human.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'Seen it.' });
  await human.rest.issues.update({ owner, repo, issue_number: 1, body: 'Edited: the totals skip discounts.', assignees: ['octo-human'], milestone: milestoneNumber, state: 'closed', state_reason: 'not_planned' });
  simulator.createBranch('feature');
  simulator.push('feature', { 'NOTES.md': 'notes\n' }, 'Notes');
  const pull = (await human.rest.pulls.create({ owner, repo, title: 'Notes', head: 'feature', base: 'main' })).data.number;
  // Merged: its merge commit, and NOTES.md in the base's tree, are served too.
  await human.rest.pulls.merge({ owner, repo, pull_number: pull });
});
afterAll(async () => simulator?.close());

describe('GraphQL documents and answers fit GitHub’s public schema', () => {
  it('the adapter’s documents select only fields and arguments the schema has', () => {
    const { owner, repo } = simulator.seed;
    const documents = [issuesDocument([issueRef(owner, repo, 1), issueRef(owner, repo, 2), issueRef('other', 'repo', 3)]).query, VIEWER_QUERY, mergeDocument(owner, repo, 2, ['NOTES.md', 'src/a "quoted".js']), bodyEditorDocument(owner, repo, 1), commentEditorDocument('IC_1'), issueAndLabelsDocument(issueRef(owner, repo, 1), ['bug', 'new "quoted"']), branchDocument(owner, repo, 'feature')];
    expect(documents.flatMap((document) => unknownIn(parseDocument(document).selection, 'Query'))).toEqual([]);
    expect(unknownIn(parseDocument(REMOVE_LABELS_MUTATION, { input: { labelableId: 'I_1', labelIds: ['LA_1'] } }).selection, 'Mutation')).toEqual([]);
    expect(unknownIn(parseDocument(DELETE_BRANCH_MUTATION, { input: { repositoryId: 'R_1', refUpdates: [] } }).selection, 'Mutation')).toEqual([]);
    // The check can fail: a field GitHub does not have is named.
    expect(unknownIn(parseDocument('{ repository(owner: "o", name: "r") { stars issue(number: 1, since: 2) { title } } }').selection, 'Query')).toEqual(['Repository.stars', 'Repository.issue(since)']);
  });

  it('every object the simulator serves holds only the schema’s fields, of the declared kinds', () => {
    const { owner, repo } = simulator.seed;
    const context = { repo: simulator.inspect(), repos: [simulator.inspect()], urls: { api: simulator.url }, now: () => '', profiles: new Map<string, string>() };
    const problems: string[] = [];
    const args = { owner, name: repo, number: 1, first: 100, path: 'NOTES.md', qualifiedName: 'refs/heads/main', headRef: 'main' };
    const visit = (value: unknown, declared: string, where: string, depth: number): void => {
      if (value === null || value === undefined) {
        if (declared.endsWith('!')) problems.push(`${where}: null for ${declared}`);
        return;
      }
      if (declared.startsWith('[')) return void (value as unknown[]).forEach((item, index) => visit(item, declared.slice(1, declared.lastIndexOf(']')), `${where}[${index}]`, depth));
      const type = named(declared);
      if (SCALARS[type]) return void (typeof value !== SCALARS[type] && problems.push(`${where}: ${typeof value} for ${declared}`));
      const object = value as Record<string, unknown>;
      const typename = String(object.__typename);
      if (typename !== type && !MEMBERS[type]?.includes(typename)) return void problems.push(`${where}: a ${typename} for ${declared}`);
      if (depth > 6) return;
      for (const [name, field] of Object.entries(object)) {
        if (name === '__typename') continue;
        const declaredField = schema.get(typename)?.get(name);
        if (!declaredField) {
          problems.push(`${typename}.${name} is not in GitHub's schema`);
          continue;
        }
        let resolved: unknown;
        try {
          resolved = typeof field === 'function' ? field(args) : field;
        } catch (error) {
          if (error instanceof FieldError) continue; // e.g. pullRequest(number: 1) on an issue's number
          throw error;
        }
        visit(resolved, declaredField.type, `${where}.${name}`, depth + 1);
      }
    };
    const viewer = { login: simulator.seed.logins.app, id: 4001 };
    visit(queryRoot(context, viewer), 'Query!', 'query', 0);
    // The pull request (number 2) through issueOrPullRequest as well.
    const pull = (queryRoot(context, viewer).repository as (a: object) => Record<string, (a: object) => unknown>)(args).issueOrPullRequest!({ number: 2 });
    visit(pull, 'IssueOrPullRequest', 'pull', 1);
    expect(problems).toEqual([]);
  });
});
