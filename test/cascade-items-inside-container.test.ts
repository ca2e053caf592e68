// Cascades of items put inside a container: session A opens a GitHub issue or starts a Slack thread,
// and a later session B of another agent comments on that issue or replies in that thread. B's item
// sits inside A's container without touching the container itself, yet B built on A's effect: a plan
// with cascades names B, including cascades undoes B's item before A's container, and without them A's
// container stays, the report naming B. Read back through a person's Octokit and a person's Slack
// WebClient, never through the adapters.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { githubAndSlack } from './support/github-and-slack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function rig() {
  const { github, slack, runtime, journal } = await githubAndSlack(open);
  const person = new Octokit({ auth: github.seed.tokens.human, baseUrl: github.url, log: quiet });
  return { runtime, person, personOnSlack: slack.client(), owner: github.seed.owner, repo: github.seed.repo, channel: slack.seed.channel };
}

type Rig = Awaited<ReturnType<typeof rig>>;

/** A (triage-bot) opens an issue; B (docs-bot), later, comments on it. */
async function commentedIssue({ runtime, owner, repo }: Rig) {
  const target = await runtime.startSession({ agentId: 'triage-bot' });
  const issue = await target.run('github.issue.create', { owner, repo, title: 'Login fails' });
  await target.end();
  const later = await runtime.startSession({ agentId: 'docs-bot' });
  await later.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'Repro: Safari 17, private window' });
  await later.end();
  return { target, later, number: issue.number };
}

/** A (triage-bot) posts a message; B (docs-bot), later, replies in its thread. */
async function repliedThread({ runtime, channel }: Rig) {
  const target = await runtime.startSession({ agentId: 'triage-bot' });
  const posted = await target.run('slack.message.post', { channel, text: 'Deploying the login fix now' });
  await target.end();
  const later = await runtime.startSession({ agentId: 'docs-bot' });
  const reply = await later.run('slack.message.post', { channel, text: 'Release notes updated', thread_ts: posted.ts });
  await later.end();
  return { target, later, ts: posted.ts, replyTs: reply.ts };
}

async function issueNow({ person, owner, repo }: Rig, issue_number: number) {
  const { data } = await person.rest.issues.get({ owner, repo, issue_number });
  const comments = (await person.rest.issues.listComments({ owner, repo, issue_number })).data;
  return { state: data.state, state_reason: data.state_reason, comments: comments.map((comment) => comment.body ?? '') };
}

/** The channel's messages a person sees, as text by ts (the thread's replies included). */
async function visible({ personOnSlack, channel }: Rig, ts: string) {
  const history = (await personOnSlack.conversations.history({ channel })).messages ?? [];
  const replies = history.some((message) => message.ts === ts) ? ((await personOnSlack.conversations.replies({ channel, ts })).messages ?? []) : [];
  return new Map([...history, ...replies].map((message) => [message.ts!, message.text ?? '']));
}

describe('a later session that put an item inside the container a session made', () => {
  it('GitHub: a comment on the issue makes its session a cascade, listed with the issue it built on', async () => {
    const world = await rig();
    const { target, later, number } = await commentedIssue(world);
    const plan = await world.runtime.planRollback(target.id, { cascades: 'list' });
    expect(plan.cascades).toEqual([expect.objectContaining({ sessionId: later.id, agentId: 'docs-bot', resources: [expect.stringContaining(`#${number}`)], inside: [expect.stringContaining('comment')] })]);
    expect(plan.sessions).toEqual([target.id]);
    expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
  });

  it('GitHub: with cascades included, the comment is deleted first, then the issue closed', async () => {
    const world = await rig();
    const { target, later, number } = await commentedIssue(world);
    const included = await world.runtime.planRollback(target.id, { cascades: 'include' });
    expect(included.sessions).toEqual([target.id, later.id]);
    expect(included.steps.map((step) => [step.sessionId, step.action, step.status])).toEqual([
      [later.id, 'github.issue.comment.create', 'undo'],
      [target.id, 'github.issue.create', 'undo'],
    ]);

    await world.runtime.rollback(target.id, { cascades: 'include' });
    expect(await issueNow(world, number)).toEqual({ state: 'closed', state_reason: 'not_planned', comments: [] });
  });

  it('GitHub: without cascades, the issue stays open under the comment, and the report names the session that wrote it', async () => {
    const world = await rig();
    const { target, later, number } = await commentedIssue(world);
    const report = await world.runtime.rollback(target.id);
    expect(await issueNow(world, number)).toEqual({ state: 'open', state_reason: null, comments: [expect.stringContaining('Repro: Safari 17')] });
    const step = report.steps.find((candidate) => candidate.action === 'github.issue.create')!;
    expect(step.outcome).toBe('conflict');
    expect(step.reason).toContain(`session ${later.id} (agent docs-bot)`);
  });

  it('Slack: a reply in the thread makes its session a cascade, listed with the message it replied to', async () => {
    const world = await rig();
    const { target, later, ts, replyTs } = await repliedThread(world);
    const plan = await world.runtime.planRollback(target.id, { cascades: 'list' });
    expect(plan.cascades).toEqual([expect.objectContaining({ sessionId: later.id, agentId: 'docs-bot', resources: [expect.stringContaining(ts)], inside: [expect.stringContaining(replyTs)] })]);
  });

  it('Slack: with cascades included, the reply is deleted first, then the message it replied to', async () => {
    const world = await rig();
    const { target, ts, replyTs } = await repliedThread(world);
    await world.runtime.rollback(target.id, { cascades: 'include' });
    const now = await visible(world, ts);
    expect(now.has(ts)).toBe(false);
    expect(now.has(replyTs)).toBe(false);
  });

  it('Slack: without cascades, the message stays (corrected, not deleted) with the reply under it, and the report names the replier', async () => {
    const world = await rig();
    const { target, later, ts, replyTs } = await repliedThread(world);
    const report = await world.runtime.rollback(target.id);
    const now = await visible(world, ts);
    expect(now.get(replyTs)).toBe('Release notes updated');
    expect(now.get(ts)).not.toBe('Deploying the login fix now');
    expect(report.steps.map((step) => step.outcome)).toEqual(['corrected']);
    expect(report.steps[0]!.reason).toContain(`session ${later.id} (agent docs-bot)`);
  });
});
