// The plan page names the steps an earlier rollback kept that this rollback will finish: agent A opened
// an issue, agent B retitled it, A was rolled back first and kept its issue (B built on it). B's plan
// lists A's issue to be closed once B's title is undone, linking A's session, so the page an operator
// reads before the button is what the rollback runs.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createCommandCenterApp } from './app.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

it("lists the older agent's kept step on the newer agent's plan page", async () => {
  const github = await createGithubSimulator();
  closers.push(() => github.close());
  const journal = createSqliteJournal({ path: ':memory:' });
  closers.push(() => journal.close());
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
  const { owner, repo } = github.seed;
  const a = await runtime.startSession({ agentId: 'triage-bot' });
  const { number } = await a.run('github.issue.create', { owner, repo, title: 'Login fails' });
  await a.end();
  const b = await runtime.startSession({ agentId: 'docs-bot' });
  await b.run('github.issue.update', { owner, repo, issue_number: number, title: 'Login fails on Safari' });
  await b.end();
  await runtime.rollback(a.id);

  const { app } = createCommandCenterApp({ runtime, operator: 'dana@example.com' }, { host: '127.0.0.1' });
  const response = await app.request(`http://127.0.0.1:4477/sessions/${b.id}/plan`, { headers: { host: '127.0.0.1:4477' } });
  expect(response.status).toBe(200);
  const notice = /<div class="notice"><strong>Then, steps earlier rollbacks kept[\s\S]*?<\/div>/.exec(await response.text())?.[0] ?? '';
  expect(notice).toContain(`href="/sessions/${a.id}"`);
  expect(notice).toContain('github.issue.create');
  // Only planned: A's issue is still open.
  expect(github.inspect().issues.get(number)!.state).toBe('open');
});
