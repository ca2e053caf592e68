// github.branch.create: create a branch (git.createRef). Inverse: delete the ref while its head is still
// a commit of the agent's (or where it was created); once someone else pushed to it, that is a conflict.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { isStatus } from '../errors.js';
import { branchRef, repoInput } from '../resources.js';

const input = z.object({
  ...repoInput,
  ref: z.string().regex(/^refs\/heads\/[^\s:~^?*[\\]+$/, 'a full branch ref such as refs/heads/my-branch'),
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character commit sha'),
});

const branchOf = (ref: string) => ref.slice('refs/heads/'.length);

export const branchCreate = defineAction<z.infer<typeof input>, { ref: string; sha: string }, GithubClient>({
  name: 'github.branch.create',
  reversibility: 'reversible',
  description: 'Create a branch; undone by deleting it while nobody else pushed to it',
  input,
  target: ({ owner, repo, ref }) => branchRef(owner, repo, branchOf(ref)),
  execute: async (fields, { client }) => {
    const created = (await client.rest.git.createRef(fields)).data;
    return { ref: created.ref, sha: created.object.sha };
  },
  // The natural precondition: the ref exists and points where the agent asked.
  lookup: async ({ owner, repo, ref, sha }, { client }) => {
    try {
      const found = (await client.rest.git.getRef({ owner, repo, ref: ref.slice('refs/'.length) })).data;
      return found.object.sha === sha ? { ref: found.ref, sha } : undefined;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  },
  resource: ({ owner, repo, ref }) => branchRef(owner, repo, branchOf(ref)),
  compensation: ({ input: { owner, repo, ref }, resource, post }) => ({
    operation: 'github.ref.delete',
    resource,
    input: { owner, repo, branch: branchOf(ref) },
    strategy: 'guarded',
    // The agent's own later commits (and their undoing) keep it the agent's branch; another author's do not.
    fields: ['base_commit'],
    pre: null,
    post,
    expect: { absent: true },
    description: `delete branch ${branchOf(ref)} in ${owner}/${repo}`,
  }),
});
