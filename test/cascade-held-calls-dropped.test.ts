// A selection with cascades included runs the cascade sessions whole, so it drops what they held too.
// Session A opens an issue; a later session B of another agent renames A's issue (a cascade) and has a
// Slack post held for review (a deferred effect). Rolling back A's GitHub part with cascades included
// undoes B's rename: B's held post must be dropped with it, never sent when someone later releases B.
// Read back through a person's Slack WebClient.
import { createContentKey, type PolicyRule } from '@backspace/core';
import { afterEach, expect, it } from 'vitest';
import { githubAndSlack } from './support/github-and-slack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const holdPosts: PolicyRule = { name: 'hold-posts', evaluate: ({ action }) => (action === 'slack.message.post' ? { kind: 'defer', reason: 'posts wait for review' } : { kind: 'allow' }) };

it('drops the held calls of the cascade sessions a selection includes', async () => {
  const content = { mode: 'encrypt' as const, current: 'k1', keys: { k1: createContentKey() } };
  const { runtime, slack, owner, repo, channel } = await githubAndSlack(open, { policy: [holdPosts], content });
  const target = await runtime.startSession({ agentId: 'triage-bot' });
  const issue = await target.run('github.issue.create', { owner, repo, title: 'Login fails' });
  await target.end();
  const later = await runtime.startSession({ agentId: 'docs-bot' });
  await later.run('github.issue.update', { owner, repo, issue_number: issue.number, title: 'Login fails on Safari' });
  expect(await later.run('slack.message.post', { channel, text: 'Safari login bug: docs updated' })).toMatchObject({ deferred: true });
  await later.end();

  const report = await runtime.rollback(target.id, { select: { providers: ['github'] }, cascades: 'include' });
  expect(report.sessions).toEqual([target.id, later.id]);
  expect(report.dropped.map((held) => held.action)).toEqual(['slack.message.post']);

  // Someone releases B afterwards: nothing of B's is sent, its session having been rolled back.
  await runtime.outbox.release(later.id, { by: 'dana' });
  const texts = ((await slack.client().conversations.history({ channel })).messages ?? []).map((message) => message.text);
  expect(texts).not.toContain('Safari login bug: docs updated');
});
