#!/usr/bin/env node
// Regenerates spec/github-graphql-subset.graphql from GitHub's public GraphQL schema (schema.graphql of
// github.com/octokit/graphql-schema, or GitHub's own public schema download): only the types and fields
// the adapter selects and the simulator serves, descriptions and directives stripped.
// Run by hand: node packages/github/scripts/vendor-graphql.mjs path/to/schema.graphql "source note"
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIELDS = {
  Query: ['viewer', 'repository', 'node'],
  Mutation: ['revertPullRequest', 'removeLabelsFromLabelable', 'updateRefs', 'transferIssue'],
  Repository: ['id', 'name', 'nameWithOwner', 'issue', 'pullRequest', 'issueOrPullRequest', 'pullRequests', 'defaultBranchRef', 'label', 'ref'],
  Issue: ['id', 'editor', 'lastEditedAt', 'number', 'title', 'body', 'state', 'stateReason', 'closed', 'createdAt', 'updatedAt', 'url', 'author', 'labels', 'assignees', 'milestone', 'comments', 'timelineItems'],
  PullRequest: ['id', 'editor', 'lastEditedAt', 'number', 'title', 'body', 'state', 'closed', 'createdAt', 'updatedAt', 'url', 'author', 'labels', 'assignees', 'milestone', 'comments', 'merged', 'mergedBy', 'headRefName', 'baseRefName', 'isCrossRepository', 'baseRef', 'mergeCommit', 'timelineItems'],
  // The merge read a rollback plans with (src/read.ts `mergeDocument`): the base's files, the reverts.
  Ref: ['name', 'prefix', 'target', 'compare'],
  // The branch read (src/read.ts `branchDocument`): the branch's tip and author, how it stands against the default branch.
  Comparison: ['status', 'aheadBy', 'behindBy', 'baseTarget', 'headTarget'],
  GitActor: ['name', 'email', 'date'],
  Commit: ['oid', 'file', 'author'],
  TreeEntry: ['name', 'oid', 'path', 'type'],
  GitObject: ['oid'],
  IssueComment: ['id', 'databaseId', 'fullDatabaseId', 'body', 'author', 'editor', 'lastEditedAt'],
  Node: ['id'],
  Label: ['id', 'name', 'color'],
  User: ['id', 'login', 'name'],
  Bot: ['id', 'login'],
  Milestone: ['number', 'title'],
  Labelable: ['labels', 'viewerCanLabel'],
  LabelConnection: ['totalCount', 'nodes', 'pageInfo'],
  UserConnection: ['totalCount', 'nodes', 'pageInfo'],
  PullRequestConnection: ['totalCount', 'nodes', 'pageInfo'],
  IssueCommentConnection: ['totalCount', 'nodes', 'pageInfo'],
  // The newest event an issue read asks for (src/read-issues.ts `LAST_EVENT`): its id, time and actor.
  IssueTimelineItemsConnection: ['totalCount', 'nodes', 'pageInfo'],
  PullRequestTimelineItemsConnection: ['totalCount', 'nodes', 'pageInfo'],
  ...Object.fromEntries(['ClosedEvent', 'ReopenedEvent', 'RenamedTitleEvent', 'LabeledEvent', 'UnlabeledEvent', 'AssignedEvent', 'UnassignedEvent', 'MilestonedEvent', 'DemilestonedEvent'].map((type) => [type, ['id', 'createdAt', 'actor']])),
  Actor: ['login'],
  PageInfo: ['hasNextPage', 'hasPreviousPage', 'endCursor', 'startCursor'],
  RevertPullRequestPayload: ['clientMutationId', 'pullRequest', 'revertPullRequest'],
  RemoveLabelsFromLabelablePayload: ['clientMutationId', 'labelable'],
  UpdateRefsPayload: ['clientMutationId'],
  // A person's issue transfer, which the simulator serves (src/simulator/relocations.ts).
  TransferIssuePayload: ['clientMutationId', 'issue'],
};

const [schemaPath, source = 'github.com/octokit/graphql-schema schema.graphql'] = process.argv.slice(2);
if (!schemaPath) throw new Error('usage: vendor-graphql.mjs path/to/schema.graphql "source note"');
// Descriptions ("""...""" and "...") first, then directives, so only declarations remain.
const schema = readFileSync(schemaPath, 'utf8').replace(/"""[\s\S]*?"""/g, '').replace(/^\s*"[^"\n]*"\s*$/gm, '');

const blocks = [];
for (const [type, wanted] of Object.entries(FIELDS)) {
  const start = schema.search(new RegExp(`^(?:type|interface) ${type}\\b[^{]*\\{`, 'm'));
  if (start < 0) throw new Error(`no type ${type} in ${schemaPath}`);
  const body = schema.slice(schema.indexOf('{', start) + 1, schema.indexOf('\n}', start));
  // One field per entry: a name, optional arguments over several lines, a type.
  const fields = new Map();
  for (const match of body.matchAll(/^ {2}(\w+)(\([\s\S]*?\n {2}\))?: ([^\n@]+)/gm)) {
    const args = (match[2] ?? '').replace(/@\w+(\([^)]*\))?/g, '').replace(/\s+/g, ' ').replace(/\( /, '(').replace(/ \)/, ')');
    fields.set(match[1], `  ${match[1]}${args}: ${match[3].trim()}`);
  }
  const missing = wanted.filter((field) => !fields.has(field));
  if (missing.length > 0) throw new Error(`type ${type} has no field ${missing.join(', ')}`);
  const kind = schema.slice(start, start + 10).startsWith('interface') ? 'interface' : 'type';
  blocks.push(`${kind} ${type} {\n${wanted.map((field) => fields.get(field)).join('\n')}\n}`);
}
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, '..', 'spec', 'github-graphql-subset.graphql'), `# GitHub's public GraphQL schema, the types and fields this package uses (from ${source}).\n# Regenerate: node packages/github/scripts/vendor-graphql.mjs path/to/schema.graphql "source note"\n\n${blocks.join('\n\n')}\n`);
