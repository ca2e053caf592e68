// A session's timeline shows what happened around the agent's actions, each with who and why: a call
// held for approval and approved by the operator from the command center, the supervisor's finding on
// the agent's write and its pause of the agent (a kill), and the operator's resume. The agent, the
// supervisor and the command center each have their own store on one journal file, as their processes
// would; the agent's calls go through the GitHub adapter to its simulator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, requireApprovalAboveValue, type JournalStore, type Runtime } from '@backspace/core';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createCommandCenterApp } from './app.js';
import { CSRF_FIELD } from './security.js';

const BASE = 'http://127.0.0.1:4477';
const HEADERS = { host: '127.0.0.1:4477' };
const OPERATOR = 'dana@example.com';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function storeOn(journalPath: string): JournalStore {
  const journal = createSqliteJournal({ path: journalPath });
  closers.push(() => journal.close());
  return journal;
}

async function post(app: ReturnType<typeof createCommandCenterApp>['app'], path: string, fields: Record<string, string>, csrf: string): Promise<Response> {
  return app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { ...HEADERS, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, [CSRF_FIELD]: csrf }).toString(),
  });
}

async function get(app: ReturnType<typeof createCommandCenterApp>['app'], path: string): Promise<string> {
  const response = await app.request(`${BASE}${path}`, { headers: HEADERS });
  expect(response.status, path).toBe(200);
  return response.text();
}

function words(markup: string): string {
  return markup.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** The timeline's items, each as the words a person reads, in the page's order. */
function timelineItems(page: string): string[] {
  const list = /<ol class="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(page);
  expect(list, 'the session page has no timeline').not.toBeNull();
  return [...list![1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item]) => words(item!));
}

/** The agent's next call's error code, or `ran`. */
const outcome = (call: Promise<unknown>) => call.then(() => 'ran', (error: unknown) => (error as { code?: string }).code ?? String(error));

describe('command center: a session timeline with approvals, kills and supervisor findings', () => {
  let github: GithubSimulator;

  it('shows the approval with who approved it and why it was asked, the supervisor\'s finding and pause, and the operator\'s resume', async () => {
    github = await createGithubSimulator();
    closers.push(() => github.close());
    const { owner, repo } = github.seed;
    const journalPath = join(mkdtempSync(join(tmpdir(), 'backspace-cc-timeline-')), 'journal.db');
    const adapters = () => [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })];
    const agents: Runtime = createRuntime({ journal: storeOn(journalPath), adapters: adapters(), policy: [requireApprovalAboveValue(100)], killSwitchPollMs: 20 });
    const supervisor: Runtime = createRuntime({ journal: storeOn(journalPath), adapters: [], policy: [] });
    const centerRuntime = createRuntime({ journal: storeOn(journalPath), adapters: adapters(), policy: [] });
    const { app, center } = createCommandCenterApp({ runtime: centerRuntime, operator: OPERATOR }, { host: '127.0.0.1' });
    const csrf = center.csrfToken;

    // The agent's call is held: it declares $500 at risk, above the policy's $100.
    const session = await agents.startSession({ agentId: 'billing-bot', reason: 'refund duplicate charges' });
    const announce = () => session.run<{ number: number }>('github.issue.create', { owner, repo, title: 'Refund issued to ACME', body: '' }, { valueAtRisk: 500, idempotencyKey: 'refund-acme', reasoning: 'ACME was charged twice' });
    await expect(outcome(announce())).resolves.toBe('approval_required');

    // The operator approves it from the control page, with a note.
    const control = await get(app, '/control');
    const approveAction = /action="(\/control\/approvals\/[^"]+\/approve)"/.exec(control)?.[1];
    expect(approveAction, 'the control page offers no approval').toBeDefined();
    expect((await post(app, approveAction!, { note: 'checked the double charge in Stripe' }, csrf)).status).toBe(303);
    const created = await announce();
    expect(github.inspect().issues.get(created.number)?.title).toBe('Refund issued to ACME');

    // The supervisor audits that write, finds it breaks a rule, journals the finding and pauses the agent,
    // as its policy trigger does (packages/supervisor: recordAndRespond).
    const committed = (await supervisor.journal.keyEntries('refund-acme')).find((entry) => entry.type === 'action.committed')!;
    const { finding } = await supervisor.supervision.recordFinding({
      trigger: 'policy',
      subject: `action:${committed.actionId}:policy`,
      verdict: 'fail',
      summary: 'no-public-refunds: a refund was announced in a public repository',
      evidence: { breaches: [{ rule: 'no-public-refunds', reason: 'a refund was announced in a public repository' }] },
      response: 'pause',
      agentId: 'billing-bot',
      sessionId: session.id,
      auditedActionId: committed.actionId,
      action: committed.action,
      resource: committed.resource,
    });
    const findingLine = `supervisor finding ${finding.findingId} (policy, fail): ${finding.summary}`;
    await supervisor.kill({ scope: { agentId: 'billing-bot' }, reason: findingLine, by: 'supervisor' });
    await supervisor.supervision.recordResponse(finding.findingId, { kind: 'pause', paused: { agentId: 'billing-bot' }, notified: [] });
    const closing = { owner, repo, issue_number: created.number, state: 'closed' };
    const followUp = () => session.run('github.issue.update', closing, { idempotencyKey: 'close-refund' });
    // Waits, without writing, until the agent's runtime sees the kill switch as `seen` (its poll runs every
    // 20 ms): a call made before would run, and its key would then answer with that result for good.
    const killSwitchSays = (seen: 'killed' | 'allow') => expect.poll(async () => {
      const check = await agents.checkPolicy(session, 'github.issue.update', closing, { idempotencyKey: 'close-refund' });
      return check.decision === 'block' ? check.code : check.decision;
    }, { timeout: 10_000 }).toBe(seen);
    await killSwitchSays('killed');
    await expect(outcome(followUp())).resolves.toBe('killed');

    // The operator resumes the agent from the control page; its next call runs.
    expect((await post(app, '/control/resume', { scope: 'agent', target: 'billing-bot' }, csrf)).status).toBe(303);
    await killSwitchSays('allow');
    await expect(outcome(followUp())).resolves.toBe('ran');
    expect(github.inspect().issues.get(created.number)?.state).toBe('closed');
    await session.end();

    const items = timelineItems(await get(app, `/sessions/${session.id}`));
    const at = (pattern: RegExp) => {
      const index = items.findIndex((item) => pattern.test(item));
      expect(index, `no timeline item matches ${pattern}:\n${items.join('\n')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    // The held call: why it was held, who approved it and their note.
    const approval = at(/github\.issue\.create.*approval asked \(approval-above-value\) approved by dana@example\.com .*: checked the double charge in Stripe/);
    expect(items[approval]).toContain('value at risk 500 exceeds 100');
    // The supervisor's finding and what it did, the kill it made (who and why), the operator's resume.
    const found = at(new RegExp(`supervisor finding ${finding.findingId.slice(0, 8)} \\(policy, fail\\): no-public-refunds: a refund was announced in a public repository`));
    const answered = at(new RegExp(`supervisor answered finding ${finding.findingId.slice(0, 8)}: pause`));
    const killed = at(/killed by supervisor: supervisor finding .*no-public-refunds/);
    expect(items[killed]).toContain('agent billing-bot');
    const resumed = at(/resumed by dana@example\.com/);
    expect(items[resumed]).toContain('agent billing-bot');
    // The agent's call the kill refused says why; the same call after the resume ran.
    const refused = at(/^blocked github\.issue\.update .*why supervisor finding .*no-public-refunds/);
    const closed = at(/^committed github\.issue\.update/);
    expect(approval).toBeLessThan(found);
    expect(found).toBeLessThan(killed);
    expect(killed).toBeLessThan(answered);
    expect(killed).toBeLessThan(refused);
    expect(refused).toBeLessThan(resumed);
    expect(answered).toBeLessThan(resumed);
    expect(resumed).toBeLessThan(closed);
  }, 30_000);
});
