// The journal's integrity as the command center shows it, on a real journal file an agent wrote through
// the GitHub adapter against its simulator, then edited the way an attacker with write access to the file
// would: one entry's data changed in place. Every page says the journal is broken and where; the rollback
// buttons are disabled with that reason; and a rollback posted anyway is refused. What did not change is
// read around the command center: GitHub's state from the simulator's records, the journal through a
// read-only store of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, ENTRY_TYPES, type JournalEntry } from '@backspace/core';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { openJournalFile } from '@backspace/testkit';
import { createCommandCenterApp } from './app.js';
import { CSRF_FIELD } from './security.js';

const BASE = 'http://127.0.0.1:4477';
const HEADERS = { host: '127.0.0.1:4477' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * GitHub's simulator and a journal file holding one ended session: the agent retitled and closed the
 * seeded issue 1. Then a command center over the file with its own store, as `backspace serve` runs it.
 */
async function agentSessionOnFile() {
  const github: GithubSimulator = await createGithubSimulator();
  closers.push(() => github.close());
  const { owner, repo } = github.seed;
  const journalPath = join(mkdtempSync(join(tmpdir(), 'backspace-cc-integrity-')), 'journal.db');
  const agentJournal = createSqliteJournal({ path: journalPath });
  const agents = createRuntime({ journal: agentJournal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
  const session = await agents.startSession({ agentId: 'triage-bot', reason: 'close stale issues' });
  await session.run('github.issue.update', { owner, repo, issue_number: 1, title: 'Stale: closing', state: 'closed' }, { reasoning: 'no activity for 90 days' });
  await session.end();
  await agentJournal.close();
  const issue = () => github.inspect().issues.get(1)!;
  return { github, journalPath, sessionId: session.id, issue };
}

function commandCenterOn(github: GithubSimulator, journalPath: string) {
  const journal = createSqliteJournal({ path: journalPath });
  closers.push(() => journal.close());
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
  return createCommandCenterApp({ runtime, operator: 'dana@example.com' }, { host: '127.0.0.1' });
}

/** Someone with write access to the file changes what the agent's write left, as `backspace verify` would catch. */
function forgeCommittedWrite(journalPath: string): number {
  const raw = openJournalFile(journalPath);
  const edited = raw.prepare("SELECT seq FROM entries WHERE type = 'action.committed'").get() as { seq: number };
  raw.exec(`DROP TRIGGER entries_no_update; UPDATE entries SET data = json_set(data, '$.post.title', 'Nothing to see') WHERE seq = ${edited.seq}`);
  raw.close();
  return edited.seq;
}

/** Every entry in the file, read through a read-only store of its own (not the command center's). */
async function journalOnDisk(journalPath: string): Promise<JournalEntry[]> {
  const reader = createSqliteJournal({ path: journalPath, readOnly: true, create: false });
  try {
    return await reader.entriesOfType([...ENTRY_TYPES]);
  } finally {
    await reader.close();
  }
}

async function get(app: ReturnType<typeof commandCenterOn>['app'], path: string): Promise<string> {
  const response = await app.request(`${BASE}${path}`, { headers: HEADERS });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The integrity banner's words (tags dropped). */
function banner(page: string): string {
  const found = /<div class="banner[^"]*"[^>]*id="integrity">([\s\S]*?)<\/div>/.exec(page);
  expect(found, 'the page has no integrity banner').not.toBeNull();
  return words(found![1]!);
}

function words(markup: string): string {
  return markup.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** The plan page's Roll back button as rendered, and the words after it up to the end of its paragraph. */
function rollBackButton(page: string): { tag: string; after: string } {
  const found = /(<button type="submit" class="primary"[^>]*>Roll back[^<]*<\/button>)([\s\S]*?)<\/p>/.exec(page);
  expect(found, 'the plan page has no Roll back button').not.toBeNull();
  return { tag: found![1]!, after: words(found![2]!) };
}

/** The rollback form's fields as the browser would send them with no step ticked: its hidden inputs. */
function rollbackForm(page: string, sessionId: string): URLSearchParams {
  const form = new RegExp(`<form method="post" action="/sessions/${sessionId}/rollback"[^>]*>([\\s\\S]*?)</form>`).exec(page);
  expect(form, 'the plan page has no rollback form').not.toBeNull();
  const fields = new URLSearchParams();
  for (const [, name, value] of form![1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(name!, value!);
  expect(fields.get(CSRF_FIELD)).toBeTruthy();
  return fields;
}

async function postRollback(app: ReturnType<typeof commandCenterOn>['app'], sessionId: string, fields: URLSearchParams) {
  return app.request(`${BASE}/sessions/${sessionId}/rollback`, {
    method: 'POST',
    headers: { ...HEADERS, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
}

describe('command center: the journal integrity', () => {
  it('on a journal whose chain is broken, every page says so and where; rollback is disabled with the reason and refused when posted anyway', async () => {
    const { github, journalPath, sessionId, issue } = await agentSessionOnFile();
    const forged = forgeCommittedWrite(journalPath);
    const before = await journalOnDisk(journalPath);
    const { app, center } = commandCenterOn(github, journalPath);
    // `backspace serve` walks the chain once before the first page.
    await center.integrity.fresh();

    const where = `the journal's hash chain breaks at entry ${forged}`;
    for (const path of ['/', `/sessions/${sessionId}`, `/sessions/${sessionId}/plan`]) {
      const shown = banner(await get(app, path));
      expect(shown, path).toContain('journal broken');
      expect(shown, path).toContain(where);
      expect(shown, path).toContain('Rollback is blocked');
    }

    const sessionPage = await get(app, `/sessions/${sessionId}`);
    expect(sessionPage).toMatch(/<button type="button" disabled[^>]*>Plan the rollback<\/button>/);
    expect(sessionPage).not.toContain(`href="/sessions/${sessionId}/plan"`);

    const planPage = await get(app, `/sessions/${sessionId}/plan`);
    const button = rollBackButton(planPage);
    expect(button.tag).toMatch(/\sdisabled[\s>]/);
    expect(button.after).toContain(`blocked: ${where}`);

    // A request sent anyway, with the page's own CSRF token: refused, and nothing is done.
    const refused = await postRollback(app, sessionId, rollbackForm(planPage, sessionId));
    expect(refused.status).toBe(409);
    const refusal = words(await refused.text());
    expect(refusal).toContain('journal_tampered');
    expect(refusal).toContain(`${where}`);
    expect(refusal).toContain('refusing to roll back');

    expect(issue()).toMatchObject({ title: 'Stale: closing', state: 'closed' });
    const after = await journalOnDisk(journalPath);
    expect(after.map((entry) => entry.seq)).toEqual(before.map((entry) => entry.seq));
    expect(after.filter((entry) => entry.type.startsWith('rollback.') || entry.type.startsWith('compensation.'))).toEqual([]);
  }, 30_000);

  it('refuses a rollback confirmed from a plan read while the journal verified, once the file was edited since', async () => {
    const { github, journalPath, sessionId, issue } = await agentSessionOnFile();
    const { app, center } = commandCenterOn(github, journalPath);
    await center.integrity.fresh();

    // The operator reads the plan while the chain holds: the banner says so and the button is live.
    const planPage = await get(app, `/sessions/${sessionId}/plan`);
    expect(banner(planPage)).toMatch(/journal verified .*hash chain intact/);
    expect(rollBackButton(planPage).tag).not.toMatch(/\sdisabled[\s>]/);

    // Then someone edits the file, and the operator clicks: the chain is walked again before anything runs.
    const forged = forgeCommittedWrite(journalPath);
    const before = await journalOnDisk(journalPath);
    const refused = await postRollback(app, sessionId, rollbackForm(planPage, sessionId));
    expect(refused.status).toBe(409);
    expect(words(await refused.text())).toContain(`journal_tampered`);
    expect(issue()).toMatchObject({ title: 'Stale: closing', state: 'closed' });
    expect((await journalOnDisk(journalPath)).map((entry) => entry.seq)).toEqual(before.map((entry) => entry.seq));

    // The pages that follow say so, and the plan's button is now disabled with the reason.
    const replanned = await get(app, `/sessions/${sessionId}/plan`);
    expect(banner(replanned)).toContain(`breaks at entry ${forged}`);
    expect(rollBackButton(replanned).tag).toMatch(/\sdisabled[\s>]/);
  }, 30_000);
});
