// The conformance cases for every GitHub action, written against a workspace so the same cases run on
// the simulator, live against a sandbox repository, and replayed from a recording of a live run.
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceEnvironment } from '@backspace/testkit';
import { SEED_ISSUE } from '../simulator/index.js';
import { toBase64 } from '../test-support.js';
import { workspaceOf } from './workspace.js';

const where = (environment: ConformanceEnvironment) => ({ owner: workspaceOf(environment).owner, repo: workspaceOf(environment).repo });

/** A branch with one commit on it and an open pull request for it, made by the human. */
async function openHumanPull(environment: ConformanceEnvironment) {
  const workspace = workspaceOf(environment);
  const branch = workspace.uniqueBranch('feature');
  await workspace.createBranch(branch);
  await workspace.push(branch, { 'src/pricing.js': 'export function total() { return 0; }\n' }, 'Simplify total', 'human');
  const pull = await workspace.human.rest.pulls.create({ ...where(environment), head: branch, base: 'main', title: 'Simplify pricing' });
  return pull.data.number;
}

export const githubConformanceCases: ConformanceCase[] = [
  {
    action: 'github.issue.create',
    arrange: async (environment) => ({ ...where(environment), title: 'Flaky checkout test', body: 'Seen twice today.' }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', title: '' },
    write: { method: 'POST', path: '/repos/:owner/:repo/issues' },
    residue: (after) => expect(after).toMatchObject({ state: 'closed', state_reason: 'not_planned' }),
    humanEdit: async (environment, _resource, result) => {
      await workspaceOf(environment).human.rest.issues.createComment({ ...where(environment), issue_number: (result as { number: number }).number, body: 'I can reproduce this.' });
      return (state) => expect(state).toMatchObject({ state: 'open', comments: ['I can reproduce this.'] });
    },
  },
  {
    action: 'github.issue.update',
    arrange: async (environment) => ({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), title: 'Totals are wrong (agent triage)' }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', issue_number: 1 },
    write: { method: 'PATCH', path: '/repos/:owner/:repo/issues/:number' },
    humanEdit: async (environment) => {
      await workspaceOf(environment).human.rest.issues.update({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), body: 'Discounts are ignored since v2.3.' });
      return (state) => expect(state).toMatchObject({ title: SEED_ISSUE.title, body: 'Discounts are ignored since v2.3.' });
    },
  },
  {
    action: 'github.issue.comment.create',
    arrange: async (environment) => ({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), body: 'Closing as duplicate.' }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', issue_number: 1, body: '' },
    write: { method: 'POST', path: '/repos/:owner/:repo/issues/:number/comments' },
    residue: (after) => expect(after).toBeNull(),
    humanEdit: async (environment, resource) => {
      // The repository owner edits the agent's comment (owners can): deleting it would lose that.
      const commentId = Number(resource.id.split('#comment-')[1]);
      await workspaceOf(environment).human.rest.issues.updateComment({ ...where(environment), comment_id: commentId, body: 'Not a duplicate: see #1.' });
      return (state) => expect(state).toMatchObject({ body: 'Not a duplicate: see #1.' });
    },
  },
  {
    action: 'github.issue.comment.update',
    arrange: async (environment) => {
      const comment = await workspaceOf(environment).human.rest.issues.createComment({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), body: 'Repro: add a 10% coupon.' });
      return { ...where(environment), comment_id: comment.data.id, body: 'Repro: add a 10% coupon. (agent: confirmed)' };
    },
    invalidInput: { owner: 'octo-org', repo: 'widgets', comment_id: -1, body: 'x' },
    write: { method: 'PATCH', path: '/repos/:owner/:repo/issues/comments/:id' },
    humanEdit: async (environment, resource) => {
      const commentId = Number(resource.id.split('#comment-')[1]);
      await workspaceOf(environment).human.rest.issues.updateComment({ ...where(environment), comment_id: commentId, body: 'Repro: any coupon.' });
      return (state) => expect(state).toMatchObject({ body: 'Repro: any coupon.' });
    },
  },
  {
    action: 'github.labels.add',
    arrange: async (environment) => ({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), labels: ['enhancement', 'needs-triage'] }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', issue_number: 1, labels: [] },
    write: { method: 'POST', path: '/repos/:owner/:repo/issues/:number/labels' },
    humanEdit: async (environment) => {
      await workspaceOf(environment).human.rest.issues.addLabels({ ...where(environment), issue_number: workspaceOf(environment).issueNumber(), labels: ['documentation'] });
      return (state) => expect((state as { labels: string[] }).labels).toEqual(['bug', 'documentation']);
    },
  },
  {
    action: 'github.branch.create',
    arrange: async (environment) => ({ ...where(environment), ref: `refs/heads/${workspaceOf(environment).uniqueBranch('agent')}`, sha: await workspaceOf(environment).mainSha() }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', ref: 'main', sha: 'abc' },
    write: { method: 'POST', path: '/repos/:owner/:repo/git/refs' },
    humanEdit: async (environment, resource) => {
      const branch = resource.id.split(':')[1]!;
      const sha = await workspaceOf(environment).push(branch, { 'notes.md': 'human notes\n' }, 'Add notes', 'human');
      return (state) => expect(state).toMatchObject({ sha });
    },
  },
  {
    action: 'github.file.put',
    arrange: async (environment) => {
      const current = await workspaceOf(environment).human.rest.repos.getContent({ ...where(environment), path: 'src/pricing.js' });
      return { ...where(environment), path: 'src/pricing.js', message: 'Apply discounts', content: toBase64('export function total() { return 42; }\n'), sha: (current.data as { sha: string }).sha, branch: 'main' };
    },
    invalidInput: { owner: 'octo-org', repo: 'widgets', path: '../etc/passwd', message: 'x', content: 'not base64!' },
    write: { method: 'PUT', path: '/repos/:owner/:repo/contents/*path' },
    // The restoring commit stays in history; the file itself is back as it was.
    residue: (after, before) => expect(after).toEqual(before),
    humanEdit: async (environment) => {
      await workspaceOf(environment).push('main', { 'src/pricing.js': 'export const total = (items) => 0; // human fix\n' }, 'Human fix', 'human');
      return (state) => expect(state).toBe('export const total = (items) => 0; // human fix\n');
    },
  },
  {
    action: 'github.pull.create',
    arrange: async (environment) => {
      const branch = workspaceOf(environment).uniqueBranch('agent-pr');
      await workspaceOf(environment).createBranch(branch);
      await workspaceOf(environment).push(branch, { 'src/cart.js': 'export const addItem = (cart, item) => cart.concat(item);\n' }, 'Refactor cart', 'agent');
      return { ...where(environment), title: 'Refactor cart', head: branch, base: 'main', body: 'Shorter.' };
    },
    invalidInput: { owner: 'octo-org', repo: 'widgets', title: 'x', head: '', base: 'main' },
    write: { method: 'POST', path: '/repos/:owner/:repo/pulls' },
    residue: (after) => expect(after).toMatchObject({ state: 'closed', merged: false }),
    humanEdit: async (environment, resource) => {
      const number = Number(resource.id.split('#')[1]);
      await workspaceOf(environment).human.rest.pulls.update({ ...where(environment), pull_number: number, title: 'Refactor cart (reviewed)' });
      return (state) => expect(state).toMatchObject({ title: 'Refactor cart (reviewed)' });
    },
  },
  {
    action: 'github.pull.merge',
    arrange: async (environment) => ({ ...where(environment), pull_number: await openHumanPull(environment), merge_method: 'merge' }),
    invalidInput: { owner: 'octo-org', repo: 'widgets', pull_number: 0 },
    write: { method: 'PUT', path: '/repos/:owner/:repo/pulls/:number/merge' },
    // The revert commit stays in history; every file on the base is back as before the merge.
    residue: (after, before) => expect((after as { files: unknown }).files).toEqual((before as { files: unknown }).files),
    humanEdit: async (environment) => {
      await workspaceOf(environment).push('main', { 'CHANGELOG.md': '# Changelog\n' }, 'Start a changelog', 'human');
      return (state) => {
        const files = (state as { files: Record<string, string> }).files;
        expect(files['CHANGELOG.md']).toBe('# Changelog\n');
        expect(files['src/pricing.js']).toContain('item.price * item.quantity');
      };
    },
  },
];
