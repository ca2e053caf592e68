// Two agents write the same issue, and an operator rolls them back one at a time, the older first. Agent
// A retitles a person's issue; agent B, later, retitles it again. A's rollback finds B's title there and
// keeps it (B's to keep, and named as B's). B's rollback then puts back what B found: A's title, an effect
// of a session already rolled back. It restores the title the person had instead, the value A's rollback
// would have put back had B not been in the way, and says so. Fields A's rollback kept for a person stay
// the person's. And where agent A opened the issue that B retitled, A's rollback keeps the issue (B built
// on it); B's rollback then finishes what A's had to leave, closing A's issue, in A's session, and tells it.
// Read back through the person's Octokit, never through the runtime.
import { Octokit } from '@octokit/rest';
import { afterEach, expect, it } from 'vitest';
import { createRuntime, scaledClock, type JournalStore } from '@backspace/core';
import { createGithubAdapter } from '@backspace/github';
import { SEED_ISSUE } from '@backspace/github/simulator';
import { githubAndSlack } from './support/github-and-slack.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function twoAgentsRetitle(alsoBody = false) {
  const { github, runtime, journal, owner, repo } = await githubAndSlack(open);
  const person = new Octokit({ auth: github.seed.tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const issue_number = github.seed.issueNumber;
  const a = await runtime.startSession({ agentId: 'triage-bot' });
  await a.run('github.issue.update', { owner, repo, issue_number, title: 'Discount totals (triaged)', ...(alsoBody ? { body: 'Triaged by the bot.' } : {}) });
  await a.end();
  const b = await runtime.startSession({ agentId: 'docs-bot' });
  await b.run('github.issue.update', { owner, repo, issue_number, title: 'Discount totals: see the docs' });
  await b.end();
  const issue = async () => (await person.rest.issues.get({ owner, repo, issue_number })).data;
  return { github, journal, runtime, person, owner, repo, issue_number, a, b, issue };
}

it("puts back the person's title when the older agent was rolled back first, and names the newer session in the older one's report", async () => {
  const { runtime, a, b, issue } = await twoAgentsRetitle();

  const first = await runtime.rollback(a.id);
  expect(first.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect(first.steps[0]!.reason).toContain(`session ${b.id}`);
  expect((await issue()).title).toBe('Discount totals: see the docs');

  const second = await runtime.rollback(b.id);
  expect((await issue()).title).toBe(SEED_ISSUE.title);
  expect(second.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(second.steps[0]!.reason).toContain(`session ${a.id}`);
  // Rolling A back again finds nothing of A's left to undo, and changes nothing.
  await runtime.rollback(a.id);
  expect((await issue()).title).toBe(SEED_ISSUE.title);
});

it('does the same where the older rollback undid part of the write (the body) and kept the title', async () => {
  const { runtime, a, b, issue } = await twoAgentsRetitle(true);

  const first = await runtime.rollback(a.id);
  expect(first.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect([(await issue()).title, (await issue()).body]).toEqual(['Discount totals: see the docs', SEED_ISSUE.body]);

  await runtime.rollback(b.id);
  expect([(await issue()).title, (await issue()).body]).toEqual([SEED_ISSUE.title, SEED_ISSUE.body]);
});

it("keeps a person's title that the newer agent overwrote, when the older agent's rollback had kept it for the person", async () => {
  const { runtime, person, owner, repo, issue_number, a, b, issue } = await twoAgentsRetitle();
  // Before any rollback, after both agents: the person retitles, then rolls back neither agent by hand.
  await person.rest.issues.update({ owner, repo, issue_number, title: 'Discounts: checkout total (person)' });
  await runtime.rollback(a.id);
  await runtime.rollback(b.id);
  expect((await issue()).title).toBe('Discounts: checkout total (person)');
});

it('restores what the newer agent found when the older agent was never rolled back', async () => {
  const { runtime, b, issue } = await twoAgentsRetitle();
  await runtime.rollback(b.id);
  expect((await issue()).title).toBe('Discount totals (triaged)');
});

/** Agent A opens an issue, agent B (a later session) retitles it. */
async function oneOpensTheOtherRetitles() {
  const { github, runtime, journal, owner, repo } = await githubAndSlack(open);
  const person = new Octokit({ auth: github.seed.tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const a = await runtime.startSession({ agentId: 'triage-bot' });
  const { number } = await a.run('github.issue.create', { owner, repo, title: 'Login fails' });
  await a.end();
  const b = await runtime.startSession({ agentId: 'docs-bot' });
  await b.run('github.issue.update', { owner, repo, issue_number: number, title: 'Login fails on Safari' });
  await b.end();
  return { runtime, journal, person, owner, repo, number, a, b };
}

it("closes the older agent's issue once the newer agent's edit of it is undone, and tells it in the report", async () => {
  const { runtime, person, owner, repo, number, a, b } = await oneOpensTheOtherRetitles();
  const issue = async () => (await person.rest.issues.get({ owner, repo, issue_number: number })).data;

  const first = await runtime.rollback(a.id);
  expect(first.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect((await issue()).state).toBe('open');

  // The plan shows what the rollback will do: B's step, then A's kept one.
  const plan = await runtime.planRollback(b.id);
  expect(plan.owed?.map((step) => [step.sessionId, step.action])).toEqual([[a.id, 'github.issue.create']]);
  const second = await runtime.rollback(b.id);
  const now = await issue();
  expect([now.state, now.title]).toEqual(['closed', 'Login fails']);
  expect(second.sessions).toEqual([b.id, a.id]);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'github.issue.update', 'verified'],
    [a.id, 'github.issue.create', 'verified'],
  ]);
  expect(second.summary).toContain(`session ${a.id}`);
});

it("leaves the older agent's issue open when a person commented on it too", async () => {
  const { runtime, person, owner, repo, number, a, b } = await oneOpensTheOtherRetitles();
  await person.rest.issues.createComment({ owner, repo, issue_number: number, body: 'Seen on Safari 19 too.' });

  await runtime.rollback(a.id);
  const second = await runtime.rollback(b.id);
  const now = (await person.rest.issues.get({ owner, repo, issue_number: number })).data;
  expect([now.state, now.title]).toEqual(['open', 'Login fails']);
  expect(second.steps.find((step) => step.sessionId === a.id)?.outcome).toBe('conflict');
});

it("names the older agent's issue it could not close while that session's rollback was locked elsewhere, and closes it when rolled back again", async () => {
  const { runtime, journal, person, owner, repo, number, a, b } = await oneOpensTheOtherRetitles();
  const state = async () => (await person.rest.issues.get({ owner, repo, issue_number: number })).data.state;
  await runtime.rollback(a.id);

  // Another engine holds A's rollback lock while B is rolled back.
  const held = await journal.lockRollback!(a.id, 'another engine');
  const second = await runtime.rollback(b.id);
  expect(await state()).toBe('open');
  expect(second.residue.join('\n')).toContain(`session ${a.id}`);
  await held!.release();

  const third = await runtime.rollback(b.id);
  expect(await state()).toBe('closed');
  expect(third.steps.map((step) => [step.sessionId, step.outcome])).toEqual([
    [b.id, 'skipped'],
    [a.id, 'verified'],
  ]);
});

it("takes over a rollback that died after its write put the person's title back, and finds it done", async () => {
  const { github, journal, runtime, a, b, issue } = await twoAgentsRetitle();
  await runtime.rollback(a.id);
  // The engine dies once its write has landed: nothing it records after that reaches the journal.
  let landed = false;
  const dyingJournal: JournalStore = {
    ...journal,
    append: async (entry) => {
      if (landed) throw new Error('the rollback process was killed');
      if (entry.type === 'compensation.intent') landed = true;
      return journal.append(entry);
    },
  };
  // Backoffs and the wait for the dead engine's request in flight run 100x fast on the runtime clock.
  const engineOn = (store: JournalStore) => createRuntime({ journal: store, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [], clock: scaledClock(100) });
  expect(await engineOn(dyingJournal).rollback(b.id).then(() => 'finished', () => 'died')).toBe('died');
  expect((await issue()).title).toBe(SEED_ISSUE.title);

  const report = await engineOn(journal).rollback(b.id);
  expect(report.steps.map((step) => [step.status, step.outcome])).toEqual([['already-undone', 'skipped']]);
  expect((await issue()).title).toBe(SEED_ISSUE.title);
  expect(report.residue.join('\n')).not.toContain('check');
});
