// github.issue.comment.update: edit a comment (issues.updateComment). Inverse: restore the previous body
// while the comment still holds the agent's text.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { graphqlData } from '../graphql-data.js';
import { sameLogin } from '../issue-events.js';
import { isNotFound } from '../errors.js';
import { movedWithIssue, readComment, whereCommentWent } from '../read.js';
import { commentRef, keepingMarkers, positiveId, repoInput } from '../resources.js';

const input = z.strictObject({ ...repoInput, comment_id: z.number().int().positive().describe('The numeric id of the comment (from the comment\'s URL after #issuecomment-, or as returned when it was created), not the issue number.'),
  body: z.string().min(1).max(65_000).describe('The new comment text in GitHub Markdown; it replaces the whole body.'),
});

/**
 * The inverse's input: the comment, the issue it is on (absent in older journals: it is found where a
 * person transferred that issue), and (added by the engine at rollback) its earlier body.
 */
const restoreInput = z.object({ ...repoInput, comment_id: positiveId, issue_number: positiveId.optional(), values: z.object({ body: z.string().nullable() }).partial().strict().optional() }).strict();

/** The edited comment as GitHub answered: its body and author are the post-state, with no read-back. */
export interface EditedComment {
  id: number;
  html_url: string;
  body: string | null;
  author: string | null;
}

const compact = (comment: { id: number; html_url: string; body?: string | null; user: { login: string } | null }): EditedComment => ({ id: comment.id, html_url: comment.html_url, body: comment.body ?? null, author: comment.user?.login ?? null });

export const issueCommentUpdate = defineGithubAction({
  name: 'github.issue.comment.update',
  reversibility: 'reversible',
  description: "Edit a comment's body; undone by restoring the earlier body unless someone edited it since",
  input,
  target: ({ owner, repo, comment_id }) => commentRef(owner, repo, comment_id),
  snapshot: ({ owner, repo, comment_id }, { client }) => readComment(client, owner, repo, comment_id),
  // The keys hidden in the body it replaces stay (`keepingMarkers`): a comment whose create answer was
  // lost is still found by its key after this edit.
  execute: async ({ body, ...where }, { client, pre }) => compact((await client.rest.issues.updateComment({ ...where, body: keepingMarkers(body, pre?.body) })).data),
  // The comment holds the body the edit sends, and the token's own login edited it last: a person who
  // made the same edit by hand after the agent's never landed made theirs, and a rollback must keep it.
  // Where GraphQL is not served the editor cannot be asked, and the body alone decides, as before.
  lookup: async ({ owner, repo, comment_id, body }, { client, pre }) => {
    const comment = (await client.rest.issues.getComment({ owner, repo, comment_id })).data;
    if (comment.body !== keepingMarkers(body, pre?.body)) return undefined;
    const editor = await lastCommentEditor(client, comment.node_id);
    if (editor !== undefined && editor !== null && !sameLogin(editor, await client.login())) return undefined;
    return compact(comment);
  },
  post: (_input, comment) => ({ body: comment.body, author: comment.author }),
  // The pre-state read and the write.
  minimumRequests: 2,
  compensation: (args) => {
    const { owner, repo, comment_id } = args.input;
    // The issue it is on, as its pre-state read names it (absent in older journals).
    const issue_number = typeof args.pre?.issue_number === 'number' ? args.pre.issue_number : undefined;
    // The issue it is on rides along (`moved_to:#N`, never restored): a comment a person's transfer of
    // that issue took along is found there, as a comment's create finds it (see `readComment`).
    const fields = issue_number === undefined ? ['body'] : ['body', movedWithIssue(issue_number)];
    return restoreFields(args, { operation: 'github.comment.restore', input: { owner, repo, comment_id, ...(issue_number === undefined ? {} : { issue_number }) }, fields, description: `restore the earlier body of comment ${comment_id} in ${owner}/${repo}` });
  },
  inverses: {
    'github.comment.restore': {
      input: restoreInput,
      run: async ({ owner, repo, comment_id, issue_number, values }: z.infer<typeof restoreInput>, { client }) => {
        if (typeof values?.body !== 'string') return;
        const body = values.body;
        const update = (where: { owner: string; repo: string }) => client.rest.issues.updateComment({ ...where, comment_id, body });
        // A 404 where it was written: moved with its issue, which a person transferred; restored there.
        const updated = await update({ owner, repo }).catch(async (error: unknown) => {
          const went = isNotFound(error) && issue_number !== undefined ? await whereCommentWent(client, owner, repo, comment_id, issue_number) : null;
          if (!went?.comment) throw error;
          return update(went);
        });
        // Wherever it was restored, it was found: it names no place it could not be found (`moved_to:#N`).
        const where = issue_number === undefined ? {} : { [movedWithIssue(issue_number)]: null };
        return { observed: { body: updated.data.body ?? null, author: updated.data.user?.login ?? null, ...where } };
      },
    },
  },
});

/** The document asking who last edited a comment, by its global id (REST's `node_id`). */
export function commentEditorDocument(node_id: string): string {
  return `query BackspaceCommentEditor { node(id: ${JSON.stringify(node_id)}) { ... on IssueComment { editor { login } lastEditedAt } } }`;
}

/**
 * The login that last edited the comment's body (null: never edited; "ghost": an account deleted since);
 * undefined where GraphQL is not served.
 */
async function lastCommentEditor(client: GithubClient, node_id: string): Promise<string | null | undefined> {
  type Answer = { node: { editor: { login: string } | null; lastEditedAt: string | null } | null };
  const answer = await graphqlData<Answer>(client, commentEditorDocument(node_id), { otherErrors: 'throw' });
  const comment = answer?.node;
  if (!comment) return undefined;
  return comment.editor?.login ?? (comment.lastEditedAt ? 'ghost' : null);
}
