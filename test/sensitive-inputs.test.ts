// Fields an action marks sensitive never reach the journal's copy of its input or result, and a rollback
// still works without them: after a normal run, and for a write whose outcome was lost and that planning
// settles from the journal alone (its lookup and inverse then see the redacted input). The text remains
// only in post-state snapshots, which a rollback compares to see others' edits (content protection
// seals or redacts those). Checked through each simulator's own state.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter, type Json, type JournalEntry, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator } from '@backspace/linear/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator } from '@backspace/slack/simulator';
import type { FaultInjector, RequestMatcher, RequestPredicate } from '@backspace/testkit';

const SECRET = 'Payroll for Q3 is in sheet 7F2A';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

/** One provider's sensitive action: how to run it, how its write and its lookup's reads are faulted, and whether the text is still there. */
interface Case {
  action: string;
  start(): Promise<{ adapter: Adapter; faults: FaultInjector; input: Json; write: RequestMatcher; lookupReads: RequestMatcher; present(): boolean }>;
}

const isQuery: RequestPredicate = (request) => !String((request.body as { query?: unknown })?.query).trimStart().startsWith('mutation');
const isMutation = (field: string): RequestPredicate => (request) => String((request.body as { query?: unknown })?.query).includes(`${field}(`);

const cases: Case[] = [
  {
    action: 'slack.message.post',
    async start() {
      const simulator = await createSlackSimulator();
      open.push(simulator);
      const present = () => [...simulator.workspace.messages.values()].some((message) => !message.tombstone && message.text.includes(SECRET));
      return {
        adapter: createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }),
        faults: simulator.faults,
        input: { channel: simulator.seed.channel, text: SECRET, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: SECRET } }] },
        write: { method: 'POST', path: '/api/chat.postMessage' },
        lookupReads: { method: 'POST', path: '/api/conversations.history' },
        present,
      };
    },
  },
  {
    action: 'github.issue.comment.create',
    async start() {
      const simulator = await createGithubSimulator();
      open.push(simulator);
      const { owner, repo, issueNumber, tokens } = simulator.seed;
      return {
        adapter: createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url }),
        faults: simulator.faults,
        input: { owner, repo, issue_number: issueNumber, body: SECRET },
        write: { method: 'POST', path: '/repos/:owner/:repo/issues/:issue_number/comments' },
        lookupReads: { method: 'GET', path: '/repos/:owner/:repo/issues/:issue_number/comments' },
        present: () => [...simulator.inspect().comments.values()].some((comment) => String(comment.body).includes(SECRET)),
      };
    },
  },
  {
    action: 'linear.comment.create',
    async start() {
      const simulator = await createLinearSimulator();
      open.push(simulator);
      return {
        adapter: createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }),
        faults: simulator.faults,
        input: { issueId: simulator.seed.issues['ENG-1']!, body: SECRET },
        write: { method: 'POST', path: '/graphql', when: isMutation('commentCreate') },
        lookupReads: { method: 'POST', path: '/graphql', when: isQuery },
        present: () => [...simulator.state.comments.values()].some((comment) => comment.body.includes(SECRET)),
      };
    },
  },
  {
    action: 'linear.issue.create',
    async start() {
      const simulator = await createLinearSimulator();
      open.push(simulator);
      return {
        adapter: createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }),
        faults: simulator.faults,
        input: { teamId: simulator.seed.teamId, title: 'Payroll follow-up', description: SECRET },
        write: { method: 'POST', path: '/graphql', when: isMutation('issueCreate') },
        lookupReads: { method: 'POST', path: '/graphql', when: isQuery },
        // Undone is archived: the issue stays, out of everyone's lists.
        present: () => [...simulator.state.issues.values()].some((issue) => issue.description?.includes(SECRET) && issue.archivedAt === null),
      };
    },
  },
  {
    action: 'github.pull.create',
    async start() {
      const simulator = await createGithubSimulator();
      open.push(simulator);
      const { owner, repo, tokens } = simulator.seed;
      const adapter = createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url });
      // A branch with a commit of its own to open the pull request from, made straight through the SDK.
      const { rest } = adapter.client;
      const main = (await rest.git.getRef({ owner, repo, ref: 'heads/main' })).data.object.sha;
      await rest.git.createRef({ owner, repo, ref: 'refs/heads/payroll', sha: main });
      await rest.repos.createOrUpdateFileContents({ owner, repo, path: 'payroll.md', branch: 'payroll', message: 'Add payroll notes', content: Buffer.from('notes\n').toString('base64') });
      return {
        adapter,
        faults: simulator.faults,
        input: { owner, repo, title: 'Payroll notes', head: 'payroll', base: 'main', body: SECRET },
        write: { method: 'POST', path: '/repos/:owner/:repo/pulls' },
        lookupReads: { method: 'GET', path: '/repos/:owner/:repo/pulls' },
        // Undone is closed: the pull request stays listed as closed.
        present: () => [...simulator.inspect().issues.values()].some((issue) => String(issue.body).includes(SECRET) && issue.state === 'open'),
      };
    },
  },
];

/** An entry's data without the post-state snapshots (the post, and the post each inverse carries). */
function withoutPostStates(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withoutPostStates);
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'post').map(([key, child]) => [key, withoutPostStates(child as Json)]));
}

const copiesOutsidePostStates = (entries: JournalEntry[]) => entries.filter((entry) => JSON.stringify(withoutPostStates(entry.data as Json)).includes(SECRET)).map((entry) => entry.type);

function runtimeFor(adapter: Adapter): Runtime {
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  return createRuntime({ journal, adapters: [adapter], policy: [], retry: { baseDelayMs: 1 } });
}

describe.each(cases)('$action: sensitive fields', ({ action, start }) => {
  it('are redacted from the journaled input and result; the rollback still undoes the write', async () => {
    const { adapter, input, present } = await start();
    const runtime = runtimeFor(adapter);
    const session = await runtime.startSession({ agentId: 'payroll-bot' });
    await session.run(action, input);
    await session.end();
    const entries = await runtime.journal.sessionEntries(session.id);
    expect(JSON.stringify((entries.find((entry) => entry.type === 'action.intent')!.data as { input: Json }).input)).toContain('[redacted]');
    expect(copiesOutsidePostStates(entries)).toEqual([]);
    expect(present()).toBe(true);

    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
    expect(present()).toBe(false);
  });

  it('a write whose answer was lost is settled at planning from the redacted input, and undone', async () => {
    const { adapter, faults, input, write, lookupReads, present } = await start();
    const runtime = runtimeFor(adapter);
    const session = await runtime.startSession({ agentId: 'payroll-bot' });
    // The lookup's reads fail only once the write went out (the pre-state read before it must not).
    let written = false;
    const matches = (matcher: RequestMatcher): RequestPredicate => (request) => matcher.when?.(request) ?? true;
    const theWrite: RequestPredicate = (request) => {
      if (matches(write)(request)) written = true;
      return matches(write)(request);
    };
    faults.inject({ ...write, when: theWrite, kind: 'drop-after-commit' });
    faults.inject({ ...lookupReads, when: (request) => written && matches(lookupReads)(request), kind: 'server-error', status: 503, times: 50 });
    await expect(session.run(action, input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    faults.clear();
    expect(present()).toBe(true);

    const plan = await runtime.planRollback(session.id);
    expect(plan.unsettled).toEqual([]);
    expect(plan.steps.map((step) => step.status)).toEqual(['undo']);
    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
    expect(present()).toBe(false);
    const entries = await runtime.journal.sessionEntries(session.id);
    expect(entries.filter((entry) => entry.type === 'action.committed').map((entry) => (entry.data as { reconciled?: boolean }).reconciled)).toEqual([true]);
    expect(copiesOutsidePostStates(entries)).toEqual([]);
  });
});
