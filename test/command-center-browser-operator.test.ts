// The command center's operator pages in a real browser (Debian's Chromium, headless), by keyboard: an
// incident of several sessions planned as one, rolled back and reported; a resource's history; approvals
// decided under the operator's name; the kill switch and resume; a session of thousands of actions a page
// at a time; Slack channels and people by name. Agents run in their own runtime over the same journal file,
// as they would in their own processes. What the pages did is read back around the command center: the
// journal through a store of its own, GitHub through Octokit, Slack through its WebClient, and names from the
// simulators' state. Screenshots go to test-output/command-center/.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createRuntime, requireApprovalAboveValue, type JournalStore, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { startCommandCenter, type RunningCommandCenter } from '@backspace/command-center';
import { chromiumPath, launchChromium, screenshotDirectory } from './browser/chromium.js';

const executablePath = chromiumPath();
if (!executablePath) console.warn('command center browser tests skipped: no chromium binary (apt-get install -y chromium; .ci/run does)');
const shots = screenshotDirectory('command-center');
const OPERATOR = 'dana@example.com';

describe.skipIf(!executablePath)('command center operator pages in Chromium', () => {
  let browser: Browser;
  let github: GithubSimulator;
  let slack: SlackSimulator;
  let journalPath: string;
  /** The agents' runtime: its own journal store on the same file. */
  let agents: Runtime;
  let agentJournal: JournalStore;
  /** The command center's own journal store and runtime. */
  let centerJournal: JournalStore;
  let center: RunningCommandCenter;
  let octokit: Octokit;
  let owner: string;
  let repo: string;

  beforeAll(async () => {
    journalPath = join(mkdtempSync(join(tmpdir(), 'backspace-cc-operator-')), 'journal.db');
    github = await createGithubSimulator();
    slack = await createSlackSimulator();
    ({ owner, repo } = github.seed);
    octokit = new Octokit({ auth: github.seed.tokens.human, baseUrl: github.url });
    const agentAdapters = () => [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url }), createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })];
    agentJournal = createSqliteJournal({ path: journalPath });
    agents = createRuntime({ journal: agentJournal, adapters: agentAdapters(), policy: [requireApprovalAboveValue(100)], killSwitchPollMs: 50 });
    centerJournal = createSqliteJournal({ path: journalPath });
    const centerRuntime = createRuntime({ journal: centerJournal, adapters: agentAdapters(), policy: [] });
    center = await startCommandCenter({
      runtime: centerRuntime,
      namingAdapters: [createGithubAdapter({ token: 'naming-only', baseUrl: github.url }), createSlackAdapter({ token: 'naming-only', baseUrl: slack.url })],
      // As `backspace serve` does with the tokens it has: only Slack looks names up.
      lookupAdapters: [createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })],
      operator: OPERATOR,
      port: 0,
      verifyMaxAgeMs: 0,
    });
    browser = await launchChromium(executablePath!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await center?.close();
    await agentJournal?.close();
    await centerJournal?.close();
    await github?.close();
    await slack?.close();
  });

  /** A page that fails the test on any script error and accepts the kill switch's confirmations. */
  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    (page as Page & { scriptErrors: string[] }).scriptErrors = errors;
    return page;
  }
  const scriptErrors = (page: Page) => (page as Page & { scriptErrors: string[] }).scriptErrors;
  const url = (path: string) => new URL(path, center.url).href;
  /** Presses Enter on the focused element and waits for the page it leads to (a new document, even at the same address). */
  const enterTo = async (page: Page, where: RegExp) => {
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(page.url()).toMatch(where);
  };
  /** The journal as a separate reader sees it: a read-only store of its own on the file. */
  async function readJournal<T>(read: (journal: JournalStore) => Promise<T>): Promise<T> {
    const reader = createSqliteJournal({ path: journalPath, readOnly: true });
    try {
      return await read(reader);
    } finally {
      await reader.close();
    }
  }
  const channelName = () => `#${slack.workspace.channels.get(slack.seed.channel)!.name}`;
  const personName = () => slack.workspace.members.get(slack.seed.humanUserId)!.realName;
  const openIssueTitles = async () => (await octokit.rest.issues.listForRepo({ owner, repo, state: 'open', per_page: 100 })).data.map((issue) => issue.title);

  it('names a Slack message\'s channel and the people in a plan\'s blast radius as Slack knows them', async () => {
    const session = await agents.startSession({ agentId: 'greeter', reason: 'welcome the new hire' });
    const posted = await session.run<{ ts: string; channel: string }>('slack.message.post', { channel: slack.seed.channel, text: 'Welcome aboard, Sam!' });
    await session.end();
    // A person replies in the thread: undoing the message touches her.
    await slack.client(slack.seed.tokens.human).chat.postMessage({ channel: posted.channel, thread_ts: posted.ts, text: 'Welcome!' });

    const page = await openPage();
    await page.goto(url(`/sessions/${session.id}`));
    const card = page.locator('article', { has: page.locator('.mono', { hasText: 'slack.message.post' }) });
    const label = (await card.locator('h3 a').first().textContent()) ?? '';
    expect(label).toBe(`message "Welcome aboard, Sam!" in ${channelName()} at ${posted.ts}`);

    await page.locator('a', { hasText: 'Plan the rollback' }).focus();
    await enterTo(page, /\/plan$/);
    await expect(page.locator('#blast-radius-people').textContent()).resolves.toBe(personName());
    expect(await page.locator('main').textContent()).not.toContain(slack.seed.humanUserId);
    await expect(page.locator(`#plan-${(await stepIds(session.id))[0]} td`).nth(3).textContent()).resolves.toContain(`in ${channelName()}`);
    await page.screenshot({ path: join(shots, '5-plan-names.png'), fullPage: true });
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('plans an incident of several sessions as one, rolls it back by keyboard with named live progress, and the providers and journal agree', async () => {
    const first = await agents.startSession({ agentId: 'triage', reason: 'file the flaky tests' });
    const flaky = await first.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Flaky checkout test', body: 'fails one run in five' });
    await first.end();
    const second = await agents.startSession({ agentId: 'triage', reason: 'file the timeouts' });
    const timeout = await second.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Checkout times out', body: 'over 30 s at peak' });
    await second.end();
    const announce = await agents.startSession({ agentId: 'announcer', reason: 'tell the channel' });
    const posted = await announce.run<{ ts: string; channel: string }>('slack.message.post', { channel: slack.seed.channel, text: 'Checkout is down, we are on it' });
    await announce.end();

    const page = await openPage();
    await page.goto(url('/incident'));
    await page.locator('input[name=agents]').focus();
    await page.keyboard.type('triage, announcer');
    await enterTo(page, /\/incident\?agents=/);
    await expect(page.locator('main h2').first().textContent()).resolves.toBe('Plan: 3 sessions');
    const planText = (await page.locator('main').textContent()) ?? '';
    expect(planText).toContain(`message "Checkout is down, we are on it" in ${channelName()}`);
    expect(planText).toContain(`issue ${owner}/${repo}#${flaky.number} "Flaky checkout test"`);
    await page.screenshot({ path: join(shots, '6-incident-plan.png'), fullPage: true });

    const button = page.locator('button.primary');
    await expect(button.textContent()).resolves.toMatch(/^Roll back 3 steps of the incident/);
    await button.focus();
    await enterTo(page, /\/rollbacks\//);
    await page.locator('#rollback-summary').waitFor({ timeout: 60_000 });
    const rows = page.locator('#rollback-steps tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    expect(await page.locator('#rollback-steps [data-outcome]').allTextContents()).toEqual(['verified', 'verified', 'verified']);
    // Each step's resource by its name, the raw key only beside it.
    const names = await page.locator('#rollback-steps tbody tr td:nth-child(3) a:first-child').allTextContents();
    expect(names).toContain(`message "Checkout is down, we are on it" in ${channelName()} at ${posted.ts}`);
    expect(names.filter((name) => name.startsWith(`issue ${owner}/${repo}#`)).sort()).toEqual([`issue ${owner}/${repo}#${timeout.number} "Checkout times out"`, `issue ${owner}/${repo}#${flaky.number} "Flaky checkout test"`].sort());
    expect(names.filter((name) => /^(github|slack)\./.test(name))).toEqual([]);
    await page.screenshot({ path: join(shots, '7-incident-report.png'), fullPage: true });
    expect(scriptErrors(page)).toEqual([]);
    await page.close();

    // Around the command center: GitHub through Octokit, Slack through its WebClient, the journal by a reader of its own.
    for (const number of [flaky.number, timeout.number]) expect((await octokit.rest.issues.get({ owner, repo, issue_number: number })).data.state).toBe('closed');
    const history = await slack.client(slack.seed.tokens.human).conversations.history({ channel: posted.channel, limit: 200 });
    expect((history.messages ?? []).map((message) => message.ts)).not.toContain(posted.ts);
    const finished = await readJournal(async (journal) => Promise.all([first, second, announce].map(async (session) => (await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'rollback.finished').length)));
    expect(finished).toEqual([1, 1, 1]);
  }, 120_000);

  it('shows every journaled state of one resource, found by keyboard, each linked to its action in its session', async () => {
    const session = await agents.startSession({ agentId: 'editor', reason: 'tidy titles' });
    const issue = await session.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Login page typo', body: 'it says Lgoin' });
    const update = await session.run<{ number: number }>('github.issue.update', { owner, repo, issue_number: issue.number, title: 'Login page typo: Lgoin' });
    expect(update.number).toBe(issue.number);
    await session.end();
    const key = `github.issue:${owner}/${repo}#${issue.number}`;

    const page = await openPage();
    await page.goto(url('/resources'));
    await page.locator('input[name=key]').focus();
    await page.keyboard.type(key);
    await enterTo(page, /\/resources\?key=/);
    await expect(page.locator('#resource-name a').first().textContent()).resolves.toBe(`issue ${owner}/${repo}#${issue.number} "Login page typo: Lgoin"`);
    const journaled = await readJournal((journal) => journal.resourceEntries(key));
    await expect(page.locator('main table tbody tr').count()).resolves.toBe(journaled.length);
    const shownTypes = await page.locator('main table tbody tr td:nth-child(2) .badge').allTextContents();
    expect(shownTypes).toEqual(journaled.map((entry) => entry.type));
    expect(await page.locator('main').textContent()).toContain('"title": "Login page typo: Lgoin"');
    await page.screenshot({ path: join(shots, '8-resource-history.png'), fullPage: true });

    // The update's row leads to that action in its session.
    const updateEntry = journaled.find((entry) => entry.type === 'action.committed' && entry.action === 'github.issue.update')!;
    await page.locator(`a[href*="action=${updateEntry.actionId}"]`).first().focus();
    await enterTo(page, new RegExp(`/sessions/${session.id}\\?action=`));
    await expect(page.locator(`#action-${updateEntry.actionId}`).count()).resolves.toBe(1);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows held calls, approves one and denies another under the operator\'s name, and the agent\'s retries obey', async () => {
    const session = await agents.startSession({ agentId: 'ops-bot', reason: 'housekeeping' });
    const held = (title: string, key: string) => session.run('github.issue.create', { owner, repo, title, body: '' }, { valueAtRisk: 500, idempotencyKey: key }).catch((error: unknown) => error);
    await expect(held('Rotate the deploy key', 'approve-me')).resolves.toMatchObject({ code: 'approval_required' });
    await expect(held('Archive the staging notes', 'deny-me')).resolves.toMatchObject({ code: 'approval_required' });

    const page = await openPage();
    await page.goto(url('/control'));
    const cards = page.locator('article[aria-label^="approval "]');
    await expect(cards.count()).resolves.toBe(2);
    const approveCard = cards.filter({ hasText: 'Rotate the deploy key' });
    await expect(approveCard.textContent()).resolves.toMatch(/github\.issue\.create.*by agent ops-bot/s);
    await expect(approveCard.locator('button', { hasText: `Approve as ${OPERATOR}` }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, '9-approvals.png'), fullPage: true });

    // Approve: type a note and press Enter, which submits that card's approve form.
    await approveCard.locator('input[name=note]').focus();
    await page.keyboard.type('checked with the on-call');
    await enterTo(page, /\/control/);
    await expect(cards.count()).resolves.toBe(1);
    await cards.first().locator('input[name=reason]').focus();
    await page.keyboard.type('not during the freeze');
    await enterTo(page, /\/control/);
    await expect(page.locator('#approvals + p').textContent()).resolves.toBe('No action is waiting for approval.');
    expect(scriptErrors(page)).toEqual([]);

    // The journal, read apart from the command center, says who decided and why.
    const decisions = await readJournal(async (journal) => [...(await journal.keyEntries('approve-me')), ...(await journal.keyEntries('deny-me'))].filter((entry) => entry.type.startsWith('approval.')));
    expect(decisions.map((entry) => ({ type: entry.type, data: entry.data }))).toEqual([
      { type: 'approval.granted', data: expect.objectContaining({ by: OPERATOR, note: 'checked with the on-call' }) },
      { type: 'approval.denied', data: expect.objectContaining({ by: OPERATOR, reason: 'not during the freeze' }) },
    ]);
    // The agent's retries: the approved call runs once, the denied one fails; GitHub shows just the one.
    await expect(held('Rotate the deploy key', 'approve-me')).resolves.toMatchObject({ number: expect.any(Number) });
    await expect(held('Archive the staging notes', 'deny-me')).resolves.toMatchObject({ code: 'approval_denied' });
    const titles = await openIssueTitles();
    expect(titles).toContain('Rotate the deploy key');
    expect(titles).not.toContain('Archive the staging notes');
    // The session's timeline shows the decision with the operator's name.
    await page.goto(url(`/sessions/${session.id}`));
    expect(await page.locator('main').textContent()).toContain(`approved by ${OPERATOR}`);
    await session.end();
    await page.close();
  }, 60_000);

  it('kills an agent and then one session by keyboard, lists each kill, and resumes; the agent is refused, then runs again', async () => {
    const session = await agents.startSession({ agentId: 'nightly', reason: 'nightly triage' });
    const page = await openPage();
    await page.goto(url('/control'));
    await expect(page.locator('#kills + p').textContent()).resolves.toContain('nothing is stopped');
    await page.locator('input[name=scope][value=agent]').focus();
    await page.keyboard.press('Space');
    await page.locator('input[name=target]').focus();
    await page.keyboard.type('nightly');
    await page.locator('input[name=reason]').first().focus();
    await page.keyboard.type('runaway loop');
    await enterTo(page, /\/control/);
    const kills = page.locator('#kills + table tbody tr');
    await expect(kills.count()).resolves.toBe(1);
    await expect(kills.first().textContent()).resolves.toMatch(new RegExp(`killed agent nightly.*runaway loop.*${OPERATOR.replace('.', '\\.')}`, 's'));
    await page.screenshot({ path: join(shots, '10-kill-switch.png'), fullPage: true });

    const killEntry = await readJournal(async (journal) => (await journal.entriesOfType(['kill'])).at(-1));
    expect(killEntry?.data).toMatchObject({ scope: { agentId: 'nightly' }, reason: 'runaway loop', by: OPERATOR });
    // The agent, in its own runtime, is refused before anything reaches GitHub. Waits without writing until
    // its kill switch's poll has seen the kill: a call made before would run.
    const killSeen = () => expect.poll(async () => (await agents.checkPolicy(session, 'github.issue.create', { owner, repo, title: 'x', body: '' })).code, { timeout: 10_000 }).toBe('killed');
    await killSeen();
    await expect(session.run('github.issue.create', { owner, repo, title: 'Nightly report', body: '' }, { idempotencyKey: 'nightly-1' }).catch((error: unknown) => (error as { code?: string }).code)).resolves.toBe('killed');
    expect(await openIssueTitles()).not.toContain('Nightly report');

    await page.locator('button', { hasText: 'Resume agent nightly' }).focus();
    await enterTo(page, /\/control/);
    await expect(page.locator('#kills + p').textContent()).resolves.toContain('nothing is stopped');
    const resumeEntry = await readJournal(async (journal) => (await journal.entriesOfType(['resume'])).at(-1));
    expect(resumeEntry?.data).toMatchObject({ scope: { agentId: 'nightly' }, by: OPERATOR });
    await expect.poll(async () => (await session.run<{ title: string }>('github.issue.create', { owner, repo, title: 'Nightly report', body: '' }, { idempotencyKey: 'nightly-2' }).catch(() => null))?.title, { timeout: 5_000 }).toBe('Nightly report');
    expect(await openIssueTitles()).toContain('Nightly report');

    // One session, from its own page: the kill goes back there, the control page lists it, and resume frees it.
    await page.goto(url(`/sessions/${session.id}`));
    await page.locator('button', { hasText: 'Kill this session' }).focus();
    await enterTo(page, new RegExp(`/sessions/${session.id}$`));
    await page.goto(url('/control'));
    await expect(kills.first().textContent()).resolves.toContain(`killed session ${session.id}`);
    const sessionKill = await readJournal(async (journal) => (await journal.entriesOfType(['kill'])).at(-1));
    expect(sessionKill?.data).toMatchObject({ scope: { sessionId: session.id }, by: OPERATOR });
    await killSeen();
    await expect(session.run('github.issue.create', { owner, repo, title: 'Nightly follow-up', body: '' }, { idempotencyKey: 'nightly-3' }).catch((error: unknown) => (error as { code?: string }).code)).resolves.toBe('killed');
    await page.locator('button', { hasText: `Resume session ${session.id}` }).focus();
    await enterTo(page, /\/control/);
    await expect(page.locator('#kills + p').textContent()).resolves.toContain('nothing is stopped');
    await expect.poll(async () => (await session.run<{ title: string }>('github.issue.create', { owner, repo, title: 'Nightly follow-up', body: '' }, { idempotencyKey: 'nightly-4' }).catch(() => null))?.title, { timeout: 5_000 }).toBe('Nightly follow-up');
    await session.end();
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows a session of thousands of actions a page at a time, with earlier and later pages by keyboard', async () => {
    // 2,500 actions journaled as an agent's runtime would (intent, then commit), straight into the store.
    const sessionId = 'bulk-session-0001';
    const actionIds: string[] = [];
    await agentJournal.append({ type: 'session.started', sessionId, agentId: 'bulk-agent', data: { reason: 'rename every note' } });
    for (let step = 0; step < 2_500; step += 1) {
      const actionId = `bulk-a${String(step).padStart(4, '0')}`;
      actionIds.push(actionId);
      const base = { sessionId, agentId: 'bulk-agent', actionId, action: 'notes.note.update', idempotencyKey: `bulk:${step}`, resource: `notes.note:n${step}` };
      await agentJournal.append({ ...base, type: 'action.intent', data: { input: { id: `n${step}`, title: `after ${step}` }, pre: { title: `before ${step}` } } });
      await agentJournal.append({ ...base, type: 'action.committed', data: { result: { id: `n${step}` }, post: { title: `after ${step}` } } });
    }
    await agentJournal.append({ type: 'session.ended', sessionId, data: {} });
    const committed = await readJournal(async (journal) => (await journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'action.committed').length);
    expect(committed).toBe(2_500);

    const page = await openPage();
    const articles = page.locator('article.action');
    const pager = page.locator('nav[aria-label="Timeline pages"]').first();
    // The timeline's items: the session's start, its 2,500 actions, its end.
    const items = committed + 2;
    await page.goto(url(`/sessions/${sessionId}`));
    await expect(pager.textContent()).resolves.toMatch(new RegExp(`Page 1 of 26: items 1–100 of ${items}`));
    await expect(articles.count()).resolves.toBe(99);
    expect(await articles.first().getAttribute('id')).toBe(`action-${actionIds[0]}`);
    await page.screenshot({ path: join(shots, '11-session-paged.png') });

    await pager.locator('a[rel=next]').focus();
    await enterTo(page, /page=2/);
    await expect(pager.textContent()).resolves.toMatch(new RegExp(`Page 2 of 26: items 101–200 of ${items}`));
    expect(await articles.first().getAttribute('id')).toBe(`action-${actionIds[99]}`);
    await expect(articles.count()).resolves.toBe(100);

    await pager.locator('a', { hasText: 'Last' }).focus();
    await enterTo(page, /page=26/);
    expect(await articles.last().getAttribute('id')).toBe(`action-${actionIds[2_499]}`);
    await expect(pager.locator('a[rel=next]').count()).resolves.toBe(0);
    await pager.locator('a[rel=prev]').focus();
    await enterTo(page, /page=25/);
    expect(await articles.first().getAttribute('id')).toBe(`action-${actionIds[2_399]}`);
    await expect(pager.locator('a[rel=next]').count()).resolves.toBe(1);

    // A link to one action (from a resource's history) opens the page that holds it.
    await page.goto(url(`/sessions/${sessionId}?action=${actionIds[1_234]}`));
    await expect(pager.textContent()).resolves.toMatch(/Page 13 of 26/);
    await expect(page.locator(`#action-${actionIds[1_234]}`).count()).resolves.toBe(1);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  /** The action ids of a session's steps, read from the journal apart from the command center. */
  async function stepIds(sessionId: string): Promise<string[]> {
    return readJournal(async (journal) => (await journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'action.committed').map((entry) => entry.actionId!));
  }
});
