// github.file.put: create or update a file with a commit (repos.createOrUpdateFileContents). Inverse:
// delete the created file or write the old content back, only while the file is still at the agent's sha.
import { z } from 'zod';
import { defineAction, type Compensation } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { branchRef, fileRef, repoInput } from '../resources.js';
import { readFile } from '../read.js';

const input = z.object({
  ...repoInput,
  path: z.string().min(1).max(1024).refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'a relative path inside the repository'),
  message: z.string().min(1),
  content: z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64-encoded file content'),
  sha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  branch: z.string().min(1).optional(),
});

type Input = z.infer<typeof input>;

export interface PutFile {
  path: string;
  /** The blob sha the file now has. */
  sha: string;
  commit: { sha: string };
  created: boolean;
}

export const filePut = defineAction<Input, PutFile, GithubClient>({
  name: 'github.file.put',
  reversibility: 'compensatable',
  description: 'Create or update a file with a commit; undone by a commit that deletes it or writes the old content back, while the file is still at the agent’s sha',
  input,
  target: ({ owner, repo, branch, path }) => fileRef(owner, repo, branch, path),
  snapshot: ({ owner, repo, branch, path }, { client }) => readFile(client, owner, repo, branch ?? '', path),
  execute: async (fields, { client }) => {
    const written = (await client.rest.repos.createOrUpdateFileContents(fields)).data;
    return { path: fields.path, sha: written.content!.sha!, commit: { sha: written.commit.sha! }, created: fields.sha === undefined };
  },
  // The natural precondition: the file already holds exactly the agent's content.
  lookup: async ({ owner, repo, branch, path, content, sha }, { client }) => {
    const current = await readFile(client, owner, repo, branch ?? '', path);
    if (!current || current.content !== Buffer.from(content, 'base64').toString('utf8')) return undefined;
    // The branch's tip is the agent's commit unless someone pushed since; the blob sha is what rollback guards.
    const tip = branch ? (await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha : '';
    return { path, sha: String(current.sha), commit: { sha: tip }, created: sha === undefined };
  },
  resource: ({ owner, repo, branch, path }) => fileRef(owner, repo, branch, path),
  post: ({ content }, result) => ({ sha: result.sha, content: Buffer.from(content, 'base64').toString('utf8') }),
  compensation: ({ input: { owner, repo, branch, path }, result, resource, pre, post }): Compensation => {
    const where = `${path} on ${branch ?? 'the default branch'} of ${owner}/${repo}`;
    // Runs before the branch's own compensation, so the branch is still there to commit to.
    const dependsOn = branch ? [branchRef(owner, repo, branch)] : [];
    const common = { resource, strategy: 'guarded' as const, fields: ['sha'], pre, post, dependsOn };
    if (!pre) {
      return {
        ...common,
        operation: 'github.file.delete',
        input: { owner, repo, path, ...(branch ? { branch } : {}), sha: result.sha },
        expect: { absent: true },
        residue: `a commit deleting ${where} stays in the history`,
        description: `delete ${where}`,
      };
    }
    return {
      ...common,
      operation: 'github.file.restore',
      input: { owner, repo, path, ...(branch ? { branch } : {}), sha: result.sha, content: Buffer.from(String(pre.content), 'utf8').toString('base64'), restoredSha: pre.sha ?? null },
      expect: { fields: { sha: pre.sha ?? null } },
      residue: `a commit restoring ${where} stays in the history`,
      description: `write the earlier content of ${where} back`,
    };
  },
});
