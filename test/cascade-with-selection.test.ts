// A selection with cascades included: the plan shown is what the rollback runs. Session A opens an issue
// and posts a Slack message; a later session B of another agent renames A's issue (so it is a cascade)
// and posts a Slack message of its own. Rolling back A's GitHub part with cascades included takes B in
// whole, as the plan lists it: B's rename and B's message are undone, A's message (left out by the
// selection) stays. Read back through a person's Octokit and a person's Slack WebClient.
import { Octokit } from '@octokit/rest';
import { afterEach, expect, it } from 'vitest';
import { githubAndSlack } from './support/github-and-slack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function rig() {
  const { github, slack, runtime, journal } = await githubAndSlack(open);
  const person = new Octokit({ auth: github.seed.tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  return { runtime, person, personOnSlack: slack.client(), owner: github.seed.owner, repo: github.seed.repo, channel: slack.seed.channel };
}

it('runs exactly the steps its plan lists when a selection and included cascades combine', async () => {
  const { runtime, person, personOnSlack, owner, repo, channel } = await rig();
  const target = await runtime.startSession({ agentId: 'triage-bot' });
  const issue = await target.run('github.issue.create', { owner, repo, title: 'Login fails' });
  const announced = await target.run('slack.message.post', { channel, text: 'Filed the login bug' });
  await target.end();
  const later = await runtime.startSession({ agentId: 'docs-bot' });
  await later.run('github.issue.update', { owner, repo, issue_number: issue.number, title: 'Login fails on Safari' });
  const own = await later.run('slack.message.post', { channel, text: 'Docs updated for the Safari login bug' });
  await later.end();

  const options = { select: { providers: ['github'] }, cascades: 'include' as const };
  const plan = await runtime.planRollback(target.id, options);
  expect(plan.sessions).toEqual([target.id, later.id]);
  // The plan: the later session whole (its rename and its own message), then A's issue; A's message left out.
  expect(plan.steps.map((step) => [step.sessionId, step.action, step.status])).toEqual([
    [later.id, 'slack.message.post', 'undo'],
    [later.id, 'github.issue.update', 'undo'],
    [target.id, 'github.issue.create', 'undo'],
  ]);
  expect(plan.leftOut!.map((step) => [step.sessionId, step.action])).toEqual([[target.id, 'slack.message.post']]);

  await runtime.rollback(target.id, options);
  const now = (await person.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect({ title: now.title, state: now.state }).toEqual({ title: 'Login fails', state: 'closed' });
  const messages = ((await personOnSlack.conversations.history({ channel })).messages ?? []).map((message) => message.ts);
  // Planned, so undone: the later session's own message is gone.
  expect(messages).not.toContain(own.ts);
  // Left out by the selection: A's message stays.
  expect(messages).toContain(announced.ts);
});
