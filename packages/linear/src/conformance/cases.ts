// The conformance cases for every Linear action, written against a workspace so the same cases run on
// the simulator, live against a sandbox team, and replayed from a recording of a live run.
import { expect } from 'vitest';
import type { Json } from '@backspace/core';
import type { ConformanceCase, ConformanceEnvironment } from '@backspace/testkit';
import { resourceOf } from '../actions/issue-input.js';
import { SEED_ISSUES } from '../simulator/seed.js';
import { mutation } from '../test-support.js';
import { missing, workspaceOf, type WriteCounts } from './workspace.js';

const write = (field: string) => ({ method: 'POST', path: '/graphql', when: mutation(field) });
const countsOf = (environment: ConformanceEnvironment): WriteCounts => workspaceOf(environment).counts ?? missing('only the simulator counts writes');
const committed = (field: string) => (environment: ConformanceEnvironment) => countsOf(environment).committed(field);
const stored = (kind: 'issues' | 'comments' | 'relations') => (environment: ConformanceEnvironment) => countsOf(environment).stored(kind);
const firstIssue = (environment: ConformanceEnvironment) => workspaceOf(environment).seededIssue(0);
const labelId = (environment: ConformanceEnvironment, name: string) => workspaceOf(environment).labelId(name);
const HUMAN_NOTE = 'Human: still seen on Safari 17 after the last deploy.';

/** The human raises the priority of an issue with their own key; the check is that it stays. */
async function humanSetsPriority(environment: ConformanceEnvironment, issueId: string) {
  await workspaceOf(environment).human.updateIssue(issueId, { priority: 1 });
  return (state: Json | null) => expect(state).toMatchObject({ priority: 1 });
}

/** The human comments on an issue; the check is that the comment is still on it. */
async function humanComments(environment: ConformanceEnvironment, issueId: string) {
  await workspaceOf(environment).human.createComment({ issueId, body: HUMAN_NOTE });
  return async () => {
    const issue = (await workspaceOf(environment).inspect(resourceOf('issue', issueId))) as { comments: Array<{ body: string }> } | null;
    expect(issue?.comments.map((comment) => comment.body)).toContain(HUMAN_NOTE);
  };
}

export const linearConformanceCases: ConformanceCase[] = [
  {
    action: 'linear.issue.create',
    arrange: async (environment) => ({
      teamId: workspaceOf(environment).teamId(),
      title: workspaceOf(environment).uniqueTitle('Conformance: flaky login on Safari'),
      labelIds: [labelId(environment, 'Bug')],
    }),
    invalidInput: { teamId: '', title: '   ' },
    write: write('issueCreate'),
    countWrites: stored('issues'),
    humanEdit: async (environment, resource) => {
      const survived = await humanComments(environment, resource.id);
      return async (state) => {
        await survived();
        // Others built on it: rollback leaves it open rather than archive a discussed issue.
        expect(state).toMatchObject({ archived: false });
      };
    },
    // The title carries the run's id in a live sandbox.
    residue: (after) => expect(after).toMatchObject({ archived: true, trashed: false, title: expect.stringMatching(/^Conformance: flaky login on Safari/) }),
  },
  {
    action: 'linear.issue.update',
    arrange: async (environment) => ({ id: await firstIssue(environment), title: 'Renamed by the agent', stateId: workspaceOf(environment).stateId('Done') }),
    invalidInput: { id: 'some-issue' },
    write: write('issueUpdate'),
    countWrites: committed('issueUpdate'),
    humanEdit: async (environment, resource) => {
      const survived = await humanSetsPriority(environment, resource.id);
      return (state) => {
        survived(state);
        expect(state).toMatchObject({ title: SEED_ISSUES[0]!.title, stateId: workspaceOf(environment).stateId(SEED_ISSUES[0]!.state) });
      };
    },
  },
  {
    action: 'linear.issue.archive',
    arrange: async (environment) => ({ id: await firstIssue(environment) }),
    invalidInput: {},
    write: write('issueArchive'),
    countWrites: committed('issueArchive'),
    humanEdit: async (environment, resource) => {
      const survived = await humanSetsPriority(environment, resource.id);
      return (state) => {
        survived(state);
        expect(state).toMatchObject({ archived: false });
      };
    },
  },
  {
    action: 'linear.issue.delete',
    arrange: async (environment) => ({ id: await firstIssue(environment) }),
    invalidInput: { id: '' },
    write: write('issueDelete'),
    countWrites: committed('issueDelete'),
    humanEdit: async (environment, resource) => {
      const survived = await humanSetsPriority(environment, resource.id);
      return (state) => {
        survived(state);
        expect(state).toMatchObject({ archived: false, trashed: false });
      };
    },
  },
  {
    action: 'linear.comment.create',
    arrange: async (environment) => ({ issueId: await firstIssue(environment), body: 'The agent thinks this is fixed.' }),
    invalidInput: { issueId: 'x', body: '' },
    write: write('commentCreate'),
    countWrites: stored('comments'),
    humanEdit: async (environment, _resource, result) => humanComments(environment, (result as { issueId: string }).issueId),
    residue: (after) => expect(after).toBeNull(),
  },
  {
    action: 'linear.relation.create',
    arrange: async (environment) => ({ issueId: await firstIssue(environment), relatedIssueId: await workspaceOf(environment).seededIssue(1), type: 'blocks' }),
    invalidInput: { issueId: 'a', relatedIssueId: 'b', type: 'parent' },
    write: write('issueRelationCreate'),
    countWrites: stored('relations'),
    humanEdit: async (environment) => humanComments(environment, await firstIssue(environment)),
  },
  {
    action: 'linear.label.add',
    arrange: async (environment) => ({ id: await firstIssue(environment), labelId: labelId(environment, 'Feature') }),
    invalidInput: { id: 'x' },
    write: write('issueAddLabel'),
    countWrites: committed('issueAddLabel'),
    humanEdit: async (environment, resource) => {
      await workspaceOf(environment).human.issueAddLabel(resource.id, labelId(environment, 'Improvement'));
      return (state) => expect((state as { labelIds: string[] }).labelIds.sort()).toEqual([labelId(environment, 'Bug'), labelId(environment, 'Improvement')].sort());
    },
  },
  {
    action: 'linear.label.remove',
    arrange: async (environment) => ({ id: await firstIssue(environment), labelId: labelId(environment, 'Bug') }),
    invalidInput: { labelId: 'x' },
    write: write('issueRemoveLabel'),
    countWrites: committed('issueRemoveLabel'),
    humanEdit: async (environment, resource) => {
      await workspaceOf(environment).human.issueAddLabel(resource.id, labelId(environment, 'Feature'));
      return (state) => expect((state as { labelIds: string[] }).labelIds.sort()).toEqual([labelId(environment, 'Bug'), labelId(environment, 'Feature')].sort());
    },
  },
];
