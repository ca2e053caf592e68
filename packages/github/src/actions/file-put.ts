// github.file.put: create or update a file with a commit (repos.createOrUpdateFileContents). Inverse:
// delete the created file or write the old bytes back, only while the file is still at the agent's sha.
import { createHash } from 'node:crypto';
import { defineGithubAction } from './define-action.js';
import { z } from 'zod';
import { doneWhenGone, guardedUndo, type CompensationReport, type Json } from '@backspace/core/adapter-kit';
import type { GithubClient } from '../client.js';
import { isNotFound, isStatus } from '../errors.js';
import { blobOrCommitSha, branchName, branchRef, fileRef, filePath, repoInput } from '../resources.js';
import { branchState } from '../branch-history.js';
import { defaultBranch, normalizeBase64, readFile } from '../read.js';

const input = z.strictObject({
  ...repoInput,
  path: z
    .string()
    .min(1)
    .max(1024)
    .refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'a relative path inside the repository')
    .describe('The file path inside the repository, relative to its root with no leading slash, e.g. "docs/setup.md".'),
  message: z.string().min(1).describe('The commit message for this change, e.g. "Update setup instructions".'),
  content: z
    .string()
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64-encoded file content')
    .describe('The complete new file content, base64-encoded (e.g. "SGVsbG8K" for "Hello\\n"). It replaces the whole file.'),
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional()
    .describe('To update an existing file: the 40-character blob sha of the file as it is now. Leave out to create a new file.'),
  branch: z.string().min(1).optional().describe('The branch to commit to, by name (e.g. "fix-login"). Leave out for the repository\'s default branch.'),
});

type Input = z.infer<typeof input>;

/** What the inverses name: the file, and the agent's blob sha (the precondition of the commit that undoes it). */
const fileInput = { ...repoInput, path: filePath, branch: branchName.optional(), sha: blobOrCommitSha.nullable() };
const deleteInput = z.object(fileInput).strict();
/** As deleteInput, with the earlier bytes (base64) to write back and their blob sha. */
const restoreInput = z.object({ ...fileInput, content: z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64 file content'), restoredSha: blobOrCommitSha.nullable() }).strict();

export interface PutFile {
  path: string;
  /** The branch written to, by name (the default branch resolved when the input left it out). */
  branch?: string;
  /** The blob sha the file now has. */
  sha: string;
  commit: { sha: string };
  created: boolean;
}

/** Git's blob id of the bytes: what GitHub reports as the file's sha once it holds them. */
function blobSha(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The branch by name, so the default branch left implicit and named are one resource. */
const branchOf = (client: GithubClient, { owner, repo, branch }: Input) => (branch ? Promise.resolve(branch) : defaultBranch(client, owner, repo));

/** Why an inverse meeting GitHub's 404 for the branch (not the file) changed nothing. */
const branchGone = (owner: string, repo: string, branch: string, path: string) =>
  `branch ${branch} of ${owner}/${repo} no longer exists by that name (renamed or deleted since the rollback was planned): the agent's ${path} may live on under another name`;

export const filePut = defineGithubAction({
  name: 'github.file.put',
  reversibility: 'compensatable',
  description: 'Create or update a file with a commit; undone by a commit that deletes it or writes the old content back, while the file is still at the agent’s sha',
  modelDescription:
    'Use this to write one whole file in a GitHub repository as a commit on a branch: a new file, or a new version of an existing one (then give its current blob sha). The content is base64 and replaces the file entirely. It can be undone if this session is rolled back by a further commit that deletes the file or writes the old content back, while nobody changed the file since; both commits stay in history.',
  input,
  // Policy sees the input's name (an empty branch in the key when it leaves the default implicit).
  target: ({ owner, repo, branch, path }) => fileRef(owner, repo, branch, path),
  // The intent names the branch too, so the default branch left implicit and named are one resource
  // from the first entry on (a lost put's rollback and the next put on it see each other).
  canonicalTarget: async (fields, _pre, { client }) => fileRef(fields.owner, fields.repo, await branchOf(client, fields), fields.path),
  snapshot: ({ owner, repo, branch, path }, { client }) => readFile(client, owner, repo, branch ?? '', path),
  execute: async (fields, { client }) => {
    const branch = await branchOf(client, fields);
    const written = (await client.rest.repos.createOrUpdateFileContents({ ...fields, branch })).data;
    return { path: fields.path, branch, sha: written.content!.sha!, commit: { sha: written.commit.sha! }, created: fields.sha === undefined };
  },
  // The natural precondition: the file holds exactly the agent's bytes. One that held them before the
  // attempt has the same sha in the pre-state, and the inverse then has nothing to undo.
  lookup: async (fields, { client }) => {
    const branch = await branchOf(client, fields);
    const current = await readFile(client, fields.owner, fields.repo, branch, fields.path);
    if (!current || current.sha !== blobSha(fields.content)) return undefined;
    // The same bytes committed by someone else (a person who did by hand what the write failed to do) are
    // theirs: the last commit that changed the file must be the token's own. (The agent's commits through
    // the API are always linked to its account; one linked to none is someone's push, never the agent's.)
    const [last] = (await client.rest.repos.listCommits({ owner: fields.owner, repo: fields.repo, sha: branch, path: fields.path, per_page: 1 })).data;
    if (last && (last.author?.login ?? last.commit.author?.name) !== (await client.login())) return undefined;
    // The branch's tip is the agent's commit unless someone pushed since; the blob sha is what rollback guards.
    const tip = (await client.rest.git.getRef({ owner: fields.owner, repo: fields.repo, ref: `heads/${branch}` })).data.object.sha;
    return { path: fields.path, branch, sha: String(current.sha), commit: { sha: tip }, created: fields.sha === undefined };
  },
  resource: ({ owner, repo, branch, path }, result) => fileRef(owner, repo, result.branch ?? branch, path),
  post: ({ content }, result) => ({ sha: result.sha, content_base64: normalizeBase64(content) }),
  // The file's pre-state and the write (one more to name the default branch when the input leaves it out).
  minimumRequests: 2,
  compensation: (args) => {
    const { input: { owner, repo, path, branch: named }, result, pre } = args;
    // `result` is absent only while the inverse is staged before the write: then the branch the input
    // names is the one written to (only the default branch, left implicit, is not known yet).
    const branch = result?.branch ?? named ?? '';
    const where = `${path} on ${branch || 'the default branch'} of ${owner}/${repo}`;
    // Runs before the branch's own compensation, so the branch is still there to commit to.
    const dependsOn = branch ? [branchRef(owner, repo, branch)] : [];
    const on: { branch?: string } = branch ? { branch } : {};
    if (!pre) {
      return guardedUndo(args, {
        operation: 'github.file.delete',
        input: { owner, repo, path, ...on, sha: result?.sha ?? null },
        fields: ['sha'],
        dependsOn,
        expect: { absent: true },
        residue: `a commit deleting ${where} stays in the history`,
        description: `delete ${where}`,
      });
    }
    return guardedUndo(args, {
      operation: 'github.file.restore',
      // The earlier bytes as GitHub gave them (base64), never through text: binary files survive.
      input: { owner, repo, path, ...on, sha: result?.sha ?? null, content: String(pre.content_base64 ?? ''), restoredSha: pre.sha ?? null } as Json,
      fields: ['sha'],
      dependsOn,
      expect: { fields: { sha: pre.sha ?? null } },
      residue: `a commit restoring ${where} stays in the history`,
      description: `write the earlier content of ${where} back`,
    });
  },
  inverses: {
    'github.file.delete': {
      input: deleteInput,
      // One request: the agent's sha is the precondition (GitHub answers 409 if someone changed the file
      // since); a 404 means it is gone already (a retry after a lost answer), but only while the branch is
      // there: GitHub answers 404 for a branch gone by its name too (renamed since the plan, the agent's
      // file living on under the new name), which is kept as a conflict, never counted as done.
      run: async ({ owner, repo, path, branch, sha }: z.infer<typeof deleteInput>, { client }): Promise<CompensationReport> => {
        let gone = false;
        await doneWhenGone(() => client.rest.repos.deleteFile({ owner, repo, path, sha: sha!, message: `Backspace: remove ${path} (undo an agent's commit)`, ...(branch ? { branch } : {}) }), (error) => (gone = isNotFound(error)));
        if (gone && branch && (await branchState(client, owner, repo, branch)) === 'elsewhere') return { keptBecause: branchGone(owner, repo, branch, path) };
        return { observed: null };
      },
    },
    'github.file.restore': {
      input: restoreInput,
      // One request: the earlier bytes written over the agent's sha. A 409 (the file is no longer at the
      // agent's sha) is done only when it already holds the earlier bytes (a retry after a lost answer). A
      // 404 for a branch gone by its name since the plan is kept as a conflict, as the delete's is.
      run: async ({ owner, repo, path, branch, sha, content, restoredSha }: z.infer<typeof restoreInput>, { client }): Promise<CompensationReport> => {
        try {
          const written = await client.rest.repos.createOrUpdateFileContents({ owner, repo, path, content, sha: sha!, message: `Backspace: restore ${path} (undo an agent's commit)`, ...(branch ? { branch } : {}) });
          return { observed: { sha: written.data.content?.sha ?? null } };
        } catch (error) {
          if (isNotFound(error) && branch && (await branchState(client, owner, repo, branch)) === 'elsewhere') return { keptBecause: branchGone(owner, repo, branch, path) };
          const found = isStatus(error, 409) ? await readFile(client, owner, repo, branch ?? '', path) : undefined;
          if (found?.sha !== restoredSha) throw error;
          return { observed: found };
        }
      },
    },
  },
});
