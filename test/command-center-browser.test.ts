// The command center in a real browser (Debian's Chromium, headless): `backspace demo --serve` opened on
// the demo's session, the diff read, the rollback planned and run with one click (by keyboard), every
// step's outcome seen live, and the providers read back through their official SDKs. A second test has an
// agent write hostile titles and scripts and checks that nothing runs and no token shows. Screenshots of
// the main pages go to test-output/command-center/.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { startCommandCenter } from '@backspace/command-center';
import { openJournalFile } from '@backspace/testkit';
import { chromiumPath, launchChromium, screenshotDirectory } from './browser/chromium.js';
import { BIN } from './support/cli.js';

const executablePath = chromiumPath();
if (!executablePath) console.warn('command center browser tests skipped: no chromium binary (apt-get install -y chromium; .ci/run does)');
const shots = screenshotDirectory('command-center');

describe.skipIf(!executablePath)('command center in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the demo session, shows the diff, rolls it back with one click, and the providers agree', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'backspace-cc-demo-')), 'demo.db');
    const demo = spawn(process.execPath, [BIN, '--json', '--journal', journal, 'demo', '--serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    demo.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => demo.on('close', resolve));
    try {
      await expect.poll(() => stdout, { timeout: 90_000, interval: 200 }).toMatch(/"url"/);
      const served = JSON.parse(stdout) as { url: string; sessionId: string; envFile: string; config: string };
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const scriptErrors: string[] = [];
      page.on('pageerror', (error) => scriptErrors.push(error.message));

      await page.goto(served.url);
      await expect.poll(() => page.locator('h1').textContent()).toContain(`Session ${served.sessionId.slice(0, 8)}`);
      await expect(page.locator('#integrity').textContent()).resolves.toMatch(/journal verified.*hash chain intact/s);
      // The diff of the agent's pricing change: the file's content before and what the agent left.
      const fileCard = page.locator('article', { has: page.locator('.mono', { hasText: 'github.file.put' }) }).first();
      await expect(fileCard.locator('table.diff').first().textContent()).resolves.toMatch(/before the agent.*what the agent left/s);
      await expect(fileCard.textContent()).resolves.toMatch(/changed/);
      // The agent's Slack note names its channel as Slack does (asked of Slack here over its Web API, around Backspace).
      const channelName = await slackChannelName({ journal, config: served.config }, readFileSync(served.envFile, 'utf8'));
      const noteCard = page.locator('article', { has: page.locator('.mono', { hasText: 'slack.message.post' }) }).first();
      await expect(noteCard.locator('h3 a').first().textContent()).resolves.toContain(` in #${channelName} at `);
      await page.screenshot({ path: join(shots, '1-session.png'), fullPage: true });

      // The session list shows it, with its status in words.
      await page.goto(new URL('/', served.url).href);
      await expect(page.locator(`a[href="/sessions/${served.sessionId}"]`).count()).resolves.toBe(1);
      await expect(page.locator('tbody tr').first().textContent()).resolves.toMatch(/triage-agent.*ended/s);
      await page.screenshot({ path: join(shots, '0-sessions.png'), fullPage: true });

      // Plan, by keyboard: focus the link and press Enter.
      await page.goto(served.url);
      await page.locator('a', { hasText: 'Plan the rollback' }).focus();
      await Promise.all([page.waitForURL(/\/plan$/), page.keyboard.press('Enter')]);
      const button = page.locator('button.primary');
      await expect(button.textContent()).resolves.toMatch(/^Roll back \d+ steps of session/);
      await expect(page.locator('tbody').first().textContent()).resolves.toMatch(/undo/);
      // Residue lines name what they leave as people know it (ENG-5), not by its key (linear.issue:<uuid>).
      const residue = await page.locator('h2:has-text("Residue") + ul').textContent();
      expect(residue).toMatch(/on issue ENG-\d+ "/);
      expect(residue).not.toMatch(/linear\.issue:/);
      await page.screenshot({ path: join(shots, '2-plan.png'), fullPage: true });

      // One click (Enter on the focused button), then live progress until the report is in.
      const events: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/events')) events.push(request.url());
      });
      await button.focus();
      await Promise.all([page.waitForURL(/\/rollbacks\//), page.keyboard.press('Enter')]);
      await page.locator('#rollback-summary').waitFor({ timeout: 60_000 });
      const outcomes = await page.locator('#rollback-steps [data-outcome]').allTextContents();
      expect(outcomes.length).toBeGreaterThan(10);
      expect(outcomes.filter((outcome) => outcome === 'verified').length).toBeGreaterThan(10);
      expect(outcomes.filter((outcome) => ['failed', 'unreachable', 'waiting', 'started'].includes(outcome))).toEqual([]);
      await expect(page.locator('#rollback-summary').textContent()).resolves.toMatch(/undone and verified/);
      await page.screenshot({ path: join(shots, '3-rollback-report.png'), fullPage: true });
      expect(scriptErrors).toEqual([]);
      console.log(`command center: ${outcomes.length} steps shown, live event streams opened: ${events.length}`);

      // GitHub read through Octokit, around Backspace: the agent's merge is reverted, the person's commit kept.
      const token = /^GITHUB_TOKEN=(.*)$/m.exec(readFileSync(served.envFile, 'utf8'))![1]!;
      const baseUrl = (JSON.parse(readFileSync(served.config, 'utf8')) as { adapters: { github: { baseUrl: string } } }).adapters.github.baseUrl;
      const octokit = new Octokit({ auth: token, baseUrl });
      const { owner, repo } = githubRepoOf(journal);
      const file = async (path: string) => {
        const found = await octokit.rest.repos.getContent({ owner, repo, path });
        return Buffer.from((found.data as { content: string }).content, 'base64').toString('utf8');
      };
      expect(await file('src/pricing.js')).not.toMatch(/count items instead of summing prices/);
      expect(await file('docs/release-notes.md')).toMatch(/Release notes/);
      await expect(octokit.rest.git.getRef({ owner, repo, ref: 'heads/agent/fix-discounts' })).rejects.toMatchObject({ status: 404 });
      await page.close();
    } finally {
      demo.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
    }
  }, 180_000);

  it('shows hostile titles and scripts an agent wrote as text: nothing executes, no token shows', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-cc-hostile-'));
    const journal = createSqliteJournal({ path: join(directory, 'journal.db') });
    const simulator = await createGithubSimulator();
    const { owner, repo, tokens } = simulator.seed;
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })] });
    const hostile = {
      reason: '<script>window.__pwned = "reason"</script>',
      title: '<img src=x onerror="window.__pwned = \'title\'">"><svg onload="window.__pwned=1">',
      reasoning: '</textarea></pre><script>alert(1)</script><a href="javascript:window.__pwned=2">click</a>',
      agentId: 'agent"><script>window.__pwned=3</script>',
    };
    const session = await runtime.startSession({ agentId: hostile.agentId, reason: hostile.reason });
    const issue = await session.run('github.issue.create', { owner, repo, title: hostile.title, body: hostile.reasoning }, { reasoning: hostile.reasoning, confidence: 0.4 });
    await session.run('github.issue.update', { owner, repo, issue_number: issue.number, title: `${hostile.title} (edited)` }, { reasoning: hostile.reasoning });
    await session.end();
    const center = await startCommandCenter({ runtime, namingAdapters: [createGithubAdapter({ token: 'naming-only', baseUrl: simulator.url })], operator: '<b>dana</b>', port: 0 });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      const pages = [
        `${center.url}`,
        `${center.url}sessions/${session.id}`,
        `${center.url}sessions/${session.id}/plan`,
        `${center.url}resources?key=${encodeURIComponent(`github.issue:${owner}/${repo}#${issue.number}`)}`,
        `${center.url}control`,
      ];
      for (const [index, url] of pages.entries()) {
        await page.goto(url);
        const content = await page.content();
        expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), url).toBeUndefined();
        expect(await page.locator('script:not([src])').count(), url).toBe(0);
        expect(await page.locator('main img, main svg, main a[href^="javascript:"]').count(), url).toBe(0);
        expect(content, url).not.toContain(tokens.agent);
        expect(content, url).not.toContain(tokens.human);
        if (index === 1) {
          await page.screenshot({ path: join(shots, '4-hostile-session.png'), fullPage: true });
          // The hostile text is there, as text a person can read.
          const text = (await page.locator('main').textContent()) ?? '';
          expect(text).toContain(hostile.reason);
          expect(text).toContain('<img src=x onerror=');
          expect(text).toContain('</textarea></pre><script>alert(1)</script>');
        }
      }
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
      await center.close();
      await journal.close();
      await simulator.close();
    }
  }, 120_000);
});

/** The channel the demo's agent posted in, named by the Slack simulator's conversations.info (its Web API, not Backspace). */
async function slackChannelName(served: { journal: string; config: string }, env: string): Promise<string> {
  const token = /^SLACK_BOT_TOKEN=(.*)$/m.exec(env)![1]!;
  const baseUrl = (JSON.parse(readFileSync(served.config, 'utf8')) as { adapters: { slack: { baseUrl: string } } }).adapters.slack.baseUrl;
  const db = openJournalFile(served.journal, { readOnly: true });
  let channel: string;
  try {
    const row = db.prepare("SELECT data FROM entries WHERE type = 'action.intent' AND action = 'slack.message.post' LIMIT 1").get() as { data: string };
    channel = (JSON.parse(row.data) as { input: { channel: string } }).input.channel;
  } finally {
    db.close();
  }
  // The config names the simulator's root; its Web API answers under /api/ as Slack's does.
  const apiRoot = /\/api\/?$/.test(baseUrl) ? baseUrl.replace(/\/?$/, '/') : `${baseUrl.replace(/\/$/, '')}/api/`;
  const response = await fetch(new URL('conversations.info', apiRoot), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ channel }) });
  const answer = (await response.json()) as { ok: boolean; channel?: { name: string } };
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  return answer.channel!.name;
}

/** The demo's repository, from the journal file read directly (not through Backspace). */
function githubRepoOf(path: string): { owner: string; repo: string } {
  const db = openJournalFile(path, { readOnly: true });
  try {
    const row = db.prepare("SELECT data FROM entries WHERE type = 'action.intent' AND action = 'github.file.put' LIMIT 1").get() as { data: string };
    const { input } = JSON.parse(row.data) as { input: { owner: string; repo: string } };
    return { owner: input.owner, repo: input.repo };
  } finally {
    db.close();
  }
}
