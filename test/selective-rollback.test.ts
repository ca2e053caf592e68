// Rollbacks of part of a session, of an incident across sessions, and of later sessions built on the
// same resources (cascades), on the real GitHub and Slack adapters; checked in the simulators' state.
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import type { GithubSimulator } from '@backspace/github/simulator';
import type { SlackSimulator } from '@backspace/slack/simulator';
import { githubAndSlack } from './support/github-and-slack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const toBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rig() {
  const { github, slack, runtime, journal } = await githubAndSlack(open);
  return { github, slack, runtime, journal, owner: github.seed.owner, repo: github.seed.repo, channel: slack.seed.channel };
}

type Rig = Awaited<ReturnType<typeof rig>>;

/** One session: a branch with a file on it, an issue renamed after it was filed, a Slack message. */
async function agentSession({ runtime, github, owner, repo, channel }: Rig, agentId = 'release-bot') {
  // Any action by name, as the steps below give them.
  const session: Session = await runtime.startSession({ agentId });
  const ids: Record<string, string> = {};
  const step = async <T,>(name: string, action: string, input: unknown): Promise<T> => {
    const result = await session.run<T>(action, input);
    const entries = await runtime.journal.sessionEntries(session.id);
    ids[name] = entries.filter((entry) => entry.type === 'action.committed').at(-1)!.actionId!;
    return result;
  };
  await step('branch', 'github.branch.create', { owner, repo, ref: 'refs/heads/fix-docs', sha: github.inspect().git.refs.get('refs/heads/main')! });
  await step('file', 'github.file.put', { owner, repo, path: 'docs/fix.md', branch: 'fix-docs', message: 'Add fix notes', content: toBase64('notes\n') });
  await pause(30);
  const between = new Date().toISOString();
  await pause(30);
  const issue = await step<{ number: number }>('issue', 'github.issue.create', { owner, repo, title: 'Docs are wrong' });
  await step('rename', 'github.issue.update', { owner, repo, issue_number: issue.number, title: 'Docs are very wrong' });
  const posted = await step<{ ts: string }>('message', 'slack.message.post', { channel, text: 'Fixing the docs' });
  await session.end();
  return { session, ids, issue: issue.number, posted, between };
}

const branchExists = (github: GithubSimulator, name: string) => github.inspect().git.refs.has(`refs/heads/${name}`);
const issueOf = (github: GithubSimulator, number: number) => github.inspect().issues.get(number)!;
const messageThere = (slack: SlackSimulator, channel: string, ts: string) =>
  ((slack.inspect().channels[channel] as { messages: { ts: string; tombstone: boolean }[] }).messages ?? []).some((message) => message.ts === ts && !message.tombstone);

describe('selective rollback', () => {
  it('undoes the chosen branch with the file on it, leaves the rest, and a later full rollback undoes the rest once', async () => {
    const world = await rig();
    const { github, slack, runtime, channel } = world;
    const { session, ids, issue, posted } = await agentSession(world);

    const plan = await runtime.planRollback(session.id, { select: { actions: [ids.branch!.slice(0, 8)] } });
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
      ['github.file.put', 'undo'],
      ['github.branch.create', 'undo'],
    ]);
    expect(plan.steps[0]!.pulledIn).toMatch(/sits on github\.branch:.*fix-docs, which github\.branch\.create .* takes away/);
    expect(plan.steps[1]!.pulledIn).toBeUndefined();
    expect(plan.leftOut!.map((step) => step.action).sort()).toEqual(['github.issue.create', 'github.issue.update', 'slack.message.post']);

    const report = await runtime.rollback(session.id, { select: { actions: [ids.branch!] } });
    expect(report.counts).toMatchObject({ undone: 2, failed: 0, conflicts: 0 });
    expect(branchExists(github, 'fix-docs')).toBe(false);
    // Left out: still as the agent left them.
    expect(issueOf(github, issue)).toMatchObject({ state: 'open', title: 'Docs are very wrong' });
    expect(messageThere(slack, channel, posted.ts)).toBe(true);

    const full = await runtime.rollback(session.id);
    expect(full.steps.filter((step) => step.outcome === 'verified').map((step) => step.action).sort()).toEqual(['github.issue.create', 'github.issue.update', 'slack.message.post']);
    expect(full.steps.filter((step) => step.status === 'already-undone').map((step) => step.action).sort()).toEqual(['github.branch.create', 'github.file.put']);
    expect(issueOf(github, issue)).toMatchObject({ state: 'closed', title: 'Docs are wrong' });
    expect(messageThere(slack, channel, posted.ts)).toBe(false);
    // Exactly once: one compensation per action across the two rollbacks.
    const compensated = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'compensation.committed').map((entry) => entry.actionId);
    expect(compensated.sort()).toEqual(Object.values(ids).sort());
  });

  it('chooses by provider, by resource (pulling in the newer write on it) and by time window', async () => {
    const world = await rig();
    const { github, slack, runtime, channel, owner, repo } = world;
    const { session, ids, issue, posted, between } = await agentSession(world);

    const bySlack = await runtime.planRollback(session.id, { select: { providers: ['slack'] } });
    expect(bySlack.steps.map((step) => step.action)).toEqual(['slack.message.post']);

    // The issue's creation alone cannot be undone under the rename made after it: the rename comes too.
    const byResource = await runtime.planRollback(session.id, { select: { actions: [ids.issue!] } });
    expect(byResource.steps.map((step) => [step.action, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
      ['github.issue.update', 'pulled in'],
      ['github.issue.create', 'chosen'],
    ]);
    expect(byResource.steps[0]!.pulledIn).toMatch(new RegExp(`newer write on github\\.issue:${owner}/${repo}#${issue}`.toLowerCase()));

    const byTime = await runtime.planRollback(session.id, { select: { until: between } });
    expect(byTime.steps.map((step) => step.action)).toEqual(['github.file.put', 'github.branch.create']);
    const late = await runtime.rollback(session.id, { select: { since: between, providers: ['github'] } });
    expect(late.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'verified'],
    ]);
    expect(issueOf(github, issue).state).toBe('closed');
    expect(branchExists(github, 'fix-docs')).toBe(true);
    expect(messageThere(slack, channel, posted.ts)).toBe(true);
  });

  it('refuses a selection naming no action of the session, or an ambiguous prefix', async () => {
    const world = await rig();
    const { session } = await agentSession(world);
    await expect(world.runtime.planRollback(session.id, { select: { actions: ['ffffffff-none'] } })).rejects.toMatchObject({ code: 'action_not_found' });
    await expect(world.runtime.planRollback(session.id, { select: {} })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('incident rollback', () => {
  it('plans every session of an agent as one, newest first across sessions, and rolls them back with one report', async () => {
    const world = await rig();
    const { github, runtime, owner, repo, slack, channel } = world;
    const first = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-7' });
    const filed = await first.run('github.issue.create', { owner, repo, title: 'Crash on save' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-7' });
    await second.run('github.issue.update', { owner, repo, issue_number: filed.number, title: 'Crash on save (dup)' });
    await second.end();
    const bystander = await runtime.startSession({ agentId: 'notify-bot' });
    const note = await bystander.run('slack.message.post', { channel, text: 'unrelated' });
    await bystander.end();

    const plan = await runtime.planIncident({ agents: ['triage-bot'] });
    expect(plan.sessions).toEqual([second.id, first.id]);
    // As one plan, the first session's create is undone after the second's rename, not in conflict with it.
    expect(plan.steps.map((step) => [step.sessionId, step.action, step.status])).toEqual([
      [second.id, 'github.issue.update', 'undo'],
      [first.id, 'github.issue.create', 'undo'],
    ]);

    const report = await runtime.rollbackIncident({ correlationId: 'INC-7' });
    expect(report.sessions.sort()).toEqual([first.id, second.id].sort());
    expect(report.counts).toMatchObject({ undone: 2, conflicts: 0, failed: 0 });
    expect(issueOf(github, filed.number)).toMatchObject({ state: 'closed', title: 'Crash on save' });
    expect(messageThere(slack, channel, note.ts)).toBe(true);
    for (const session of [first, second]) {
      const types = (await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type);
      expect(types.filter((type) => type === 'rollback.started' || type === 'rollback.finished')).toEqual(['rollback.started', 'rollback.finished']);
    }
  });

  it('refuses to start while another engine holds one of its sessions, and runs nothing', async () => {
    const world = await rig();
    const { github, runtime, owner, repo, journal } = world;
    const first = await runtime.startSession({ agentId: 'triage-bot' });
    const one = await first.run('github.issue.create', { owner, repo, title: 'One' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'triage-bot' });
    const two = await second.run('github.issue.create', { owner, repo, title: 'Two' });
    await second.end();

    const held = await journal.lockRollback!(first.id, 'another-engine');
    await expect(runtime.rollbackIncident({ agents: ['triage-bot'] })).rejects.toMatchObject({ code: 'rollback_in_progress' });
    expect([issueOf(github, one.number).state, issueOf(github, two.number).state]).toEqual(['open', 'open']);
    await held!.release();
    const report = await runtime.rollbackIncident({ agents: ['triage-bot'] });
    expect(report.counts.undone).toBe(2);
    expect([issueOf(github, one.number).state, issueOf(github, two.number).state]).toEqual(['closed', 'closed']);
  });

  it('names an incident that matches no session', async () => {
    const world = await rig();
    await expect(world.runtime.planIncident({ agents: ['nobody'] })).rejects.toMatchObject({ code: 'session_not_found' });
    await expect(world.runtime.planIncident({ since: new Date().toISOString() })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(world.runtime.planIncident({ sessions: [] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(world.runtime.planIncident({ sessions: ['no-such-session'] })).rejects.toMatchObject({ code: 'session_not_found', message: expect.stringContaining('no-such-session') });
  });

  it('takes the sessions it is given by id (a supervisor’s finding names them), and no other', async () => {
    const world = await rig();
    const { github, runtime, owner, repo } = world;
    const named = await Promise.all([0, 1, 2].map(async (index) => {
      const session = await runtime.startSession({ agentId: 'triage-bot' });
      const issue = await session.run('github.issue.create', { owner, repo, title: `Issue ${index}` });
      await session.end();
      return { session, issue };
    }));
    const report = await runtime.rollbackIncident({ sessions: [named[0]!.session.id, named[2]!.session.id] });
    expect(report.sessions.sort()).toEqual([named[0]!.session.id, named[2]!.session.id].sort());
    expect(named.map(({ issue }) => issueOf(github, issue.number).state)).toEqual(['closed', 'open', 'closed']);
  });
});

describe('cascades', () => {
  async function builtOn(world: Rig) {
    const { runtime, owner, repo } = world;
    const target = await runtime.startSession({ agentId: 'triage-bot' });
    const filed = await target.run('github.issue.create', { owner, repo, title: 'Login fails' });
    await target.end();
    const later = await runtime.startSession({ agentId: 'docs-bot' });
    await later.run('github.issue.update', { owner, repo, issue_number: filed.number, title: 'Login fails on Safari' });
    await later.end();
    return { target, later, number: filed.number };
  }

  it('lists later sessions of other agents that changed the same resources, without planning them', async () => {
    const world = await rig();
    const { target, later, number } = await builtOn(world);
    const plan = await world.runtime.planRollback(target.id, { cascades: 'list' });
    expect(plan.cascades).toEqual([expect.objectContaining({ sessionId: later.id, agentId: 'docs-bot', actions: 1, resources: [expect.stringContaining(`#${number}`)] })]);
    expect(plan.sessions).toEqual([target.id]);
    expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
  });

  it('includes them on request: planned as one, the later rename undone before the create', async () => {
    const world = await rig();
    const { target, later, number } = await builtOn(world);
    const plan = await world.runtime.planRollback(target.id, { cascades: 'include' });
    expect(plan.sessions).toEqual([target.id, later.id]);
    expect(plan.cascades).toEqual([]);
    expect(plan.steps.map((step) => [step.sessionId, step.action, step.status])).toEqual([
      [later.id, 'github.issue.update', 'undo'],
      [target.id, 'github.issue.create', 'undo'],
    ]);
    const report = await world.runtime.rollback(target.id, { cascades: 'include' });
    expect(report.counts).toMatchObject({ undone: 2, conflicts: 0 });
    expect(issueOf(world.github, number)).toMatchObject({ state: 'closed', title: 'Login fails' });
    const laterTypes = (await world.runtime.journal.sessionEntries(later.id)).map((entry) => entry.type);
    expect(laterTypes).toContain('compensation.committed');
  });
});
