// A lookup settles a write whose answer was lost by what the provider holds. A contributor's lookup that
// takes the newest match may find another session's identical write, which the journal records as that
// session's: the runtime never adopts it, and never takes that for "this write never landed" either (the
// agent's own may be there, behind it). A call again with the same key sends nothing and stays unknown;
// a rollback names the write instead of passing over it in silence. Read back through the GitHub
// simulator's records: a connector of a contributor's own, on Octokit, posting issue comments.
import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { actionsFor, guardedUndo, type Adapter, type Snapshot } from '@backspace/core/adapter-kit';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotesAdapter } from '@backspace/testkit';
import { AGENT_TOKEN, createRig } from './support/rig.js';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const commentInput = z.object({ owner: z.string(), repo: z.string(), issue_number: z.number().int(), body: z.string() }).strict();
const deleteInput = z.object({ owner: z.string(), repo: z.string(), id: z.number().int() }).strict();
type Comment = { id: number; body?: string; user?: { login: string } | null };

/** A contributor's connector: one keyless action whose lookup takes the newest comment of the token's user with the same body. */
function commentsAdapter(github: GithubSimulator): Adapter<Octokit> {
  const octokit = new Octokit({ auth: github.seed.tokens.agent, baseUrl: github.url, log: quiet, request: { retries: 0 } });
  const { owner, repo } = github.seed;
  const snapshot = (comment: Comment): Snapshot => ({ body: comment.body ?? '' });
  const post = actionsFor<Octokit>()({
    name: 'comments.comment.post',
    reversibility: 'compensatable',
    description: 'Comment on an issue; undone by deleting the comment',
    input: commentInput,
    execute: async (input, { client }) => (await client.rest.issues.createComment(input)).data as Comment,
    lookup: async ({ issue_number, body }, { client }) => {
      const login = (await client.rest.users.getAuthenticated()).data.login;
      const comments = (await client.rest.issues.listComments({ owner, repo, issue_number, per_page: 100 })).data as Comment[];
      return comments.filter((comment) => comment.user?.login === login && comment.body === body).at(-1);
    },
    resource: (_input, comment) => ({ provider: 'comments', type: 'comment', id: String(comment.id) }),
    post: (_input, comment) => snapshot(comment),
    compensation: (args) => guardedUndo(args, { operation: 'comments.comment.delete', input: { owner, repo, id: Number(args.resource.id) }, fields: ['body'], expect: { absent: true }, description: `delete comment ${args.resource.id}` }),
    inverses: {
      'comments.comment.delete': { input: deleteInput, run: async ({ id }: z.infer<typeof deleteInput>, { client }) => { await client.rest.issues.deleteComment({ owner, repo, comment_id: id }); } },
    },
  });
  return {
    provider: 'comments',
    client: octokit,
    actions: [post],
    read: async (resource) => {
      try {
        return snapshot((await octokit.rest.issues.getComment({ owner, repo, comment_id: Number(resource.id) })).data as Comment);
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
  };
}

async function rig() {
  const github = await createGithubSimulator();
  open.push(github);
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [commentsAdapter(github)], policy: [], retry: { maxAttempts: 1 } });
  const { owner, repo } = github.seed;
  const issue_number = [...github.inspect().issues.keys()][0]!;
  const comments = () => [...github.inspect().comments.values()].filter((comment) => comment.issue_number === issue_number).map((comment) => comment.id);
  const input = { owner, repo, issue_number, body: 'Status: green' };
  // The agent's comment lands and its answer is lost; then another session of the agent posts the same words.
  const first = await runtime.startSession({ agentId: 'reporter' });
  github.faults.inject({ method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', kind: 'drop-after-commit' });
  await expect(first.run('comments.comment.post', input, { idempotencyKey: 'tool-call-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
  const agents = comments().at(-1)!;
  const second = await runtime.startSession({ agentId: 'reporter' });
  const others = (await second.run<Comment>('comments.comment.post', input)).id;
  await second.end();
  return { runtime, first, input, comments, agents, others };
}

describe('a lookup that finds only another action’s write', () => {
  it('leaves a call again with the same key unknown, and sends nothing', async () => {
    const { first, input, comments, agents, others } = await rig();
    await expect(first.run('comments.comment.post', input, { idempotencyKey: 'tool-call-1' })).rejects.toMatchObject({ code: 'outcome_unknown', message: expect.stringContaining('another action') });
    expect(comments().filter((id) => id === agents || id === others)).toHaveLength(2);
    expect(comments()).toHaveLength(new Set(comments()).size);
  });

  it('is named by the rollback, which removes nothing of the other session', async () => {
    const { runtime, first, comments, agents, others } = await rig();
    await first.end();
    const report = await runtime.rollback(first.id);
    expect(report.residue.join('\n')).toContain('another action');
    expect(comments()).toEqual(expect.arrayContaining([agents, others]));
  });

  it('is never adopted when it is older than the attempt either: a 5xx is not sent again, and stays unknown', async () => {
    const { service, path } = createRig();
    const notes = createNotesAdapter({ service, token: AGENT_TOKEN });
    // A careless lookup: the newest note with the same title, whoever wrote it.
    const careless = {
      ...notes,
      actions: notes.actions.map((action) =>
        action.name === 'notes.note.create' ? { ...action, lookup: async (input: { title: string }) => service.inspect().filter((note) => note.title === input.title).at(-1) } : action,
      ),
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [careless], policy: [], retry: { baseDelayMs: 1 } });
    const first = await runtime.startSession({ agentId: 'a' });
    const original = await first.run('notes.note.create', { title: 'Weekly report' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'a' });
    service.injectFaults('server-error');
    // Found only the first session's note, the lookup cannot tell whether this write landed behind it:
    // nothing is sent again, and the outcome stays unknown rather than taken for "never landed".
    await expect(second.run('notes.note.create', { title: 'Weekly report' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await second.end();
    expect(service.inspect().map((note) => note.id)).toEqual([original.id]);
    const report = await runtime.rollback(second.id);
    expect(report.residue.join('\n')).toContain('found only what another action of the journal wrote');
    expect(service.inspect().map((note) => note.id)).toEqual([original.id]);
  });
});
