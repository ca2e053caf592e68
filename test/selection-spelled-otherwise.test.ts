// A selection naming a resource spelled otherwise than the journal holds it (GitHub's owner in the case
// GitHub shows it, a Notion id without dashes as Notion's links give it, a provider capitalised, a
// Linear identifier) selected nothing, and the rollback reported "nothing to undo" while the agent's
// change stayed. Now refused, naming the key and the spellings the journal holds; or undone.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter, type RollbackReport } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createNotionAdapter } from '@backspace/notion';
import { createNotionSimulator } from '@backspace/notion/simulator';
import { createNotionClient } from '../packages/notion/src/notion-api.js';
import { startLinearRuntime } from '../packages/linear/src/test-support.js';

// Results typed by hand (the runtime's typed overloads leave a named action's result generic).
type Run = <T>(action: string, input: unknown) => Promise<T>;

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

type Outcome = { report: RollbackReport } | { error: { code?: string; message?: string } };
const attempt = (run: Promise<RollbackReport>): Promise<Outcome> => run.then((report) => ({ report }), (error) => ({ error }));

/** A runtime on a fresh in-memory journal with the one adapter, closed after the test. */
function onJournal(adapter: Adapter) {
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  return { journal, runtime: createRuntime({ journal, adapters: [adapter], policy: [], retry: { baseDelayMs: 1 } }) };
}

describe('selection by a resource key spelled differently', () => {
  it('GitHub: the repository named as GitHub shows it (Octo-Org) either refuses or undoes the issue, never "nothing to undo"', async () => {
    const github = await createGithubSimulator({ owner: 'Octo-Org' });
    open.push(github);
    const { journal, runtime } = onJournal(createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url }));
    const { owner, repo } = github.seed;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await (session.run as Run)<{ number: number }>('github.issue.create', { owner, repo, title: 'Spam issue' });
    await session.run('github.issue.update', { owner, repo, issue_number: issue.number, title: 'Spam issue (edited)' });
    await session.end();
    const journaled = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!.resource!;

    // The operator types the key as the repository is named on GitHub (owner and repo as given to the agent).
    const given = `github.issue:${owner}/${repo}#${issue.number}`;
    expect(given).not.toBe(journaled);
    const outcome = await attempt(runtime.rollback(session.id, { select: { resources: [given] } }));
    if ('report' in outcome) {
      const { summary, counts, steps } = outcome.report;
      const state = github.inspect().issues.get(issue.number)!;
      expect({ summary, undone: counts.undone, steps: steps.length, state: state.state, title: state.title }, `selection ${given} (journal: ${journaled}) reported "${summary}"`).toEqual({
        summary: expect.any(String),
        undone: 2,
        steps: 2,
        state: 'closed',
        title: 'Spam issue',
      });
    } else {
      expect(outcome.error.message).toContain(given);
    }
  });

  it('Notion: a page id without dashes (as Notion links give it) either refuses or undoes the page update', async () => {
    const notion = await createNotionSimulator();
    open.push(notion);
    const { journal, runtime } = onJournal(createNotionAdapter({ token: notion.tokens.agent, baseUrl: notion.url }));
    const pageId = notion.seed.parentPageId;
    const human = createNotionClient(notion.tokens.human, notion.url);
    const iconOf = async () => ((await human.pages.retrieve({ page_id: pageId })) as unknown as { icon: unknown }).icon;
    const before = await iconOf();
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await session.run('notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '🔥' } });
    await session.end();
    const journaled = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!.resource!;

    const given = `notion.page:${pageId.replace(/-/g, '')}`;
    expect(given).not.toBe(journaled);
    const outcome = await attempt(runtime.rollback(session.id, { select: { resources: [given] } }));
    if ('report' in outcome) {
      const icon = await iconOf();
      expect({ summary: outcome.report.summary, undone: outcome.report.counts.undone, icon }, `selection ${given} (journal: ${journaled}) reported "${outcome.report.summary}"`).toEqual({ summary: expect.any(String), undone: 1, icon: before });
    } else {
      expect(outcome.error.message).toContain(given);
    }
  });

  it('a provider named with a capital (GitHub) either refuses or undoes the GitHub steps', async () => {
    const github = await createGithubSimulator();
    open.push(github);
    const { runtime } = onJournal(createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url }));
    const { owner, repo } = github.seed;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await (session.run as Run)<{ number: number }>('github.issue.create', { owner, repo, title: 'Spam issue' });
    await session.end();
    const outcome = await attempt(runtime.rollback(session.id, { select: { providers: ['GitHub'] } }));
    if ('report' in outcome) {
      expect({ summary: outcome.report.summary, state: github.inspect().issues.get(issue.number)!.state }, `providers ['GitHub'] reported "${outcome.report.summary}"`).toEqual({ summary: expect.any(String), state: 'closed' });
    } else {
      expect(outcome.error.message).toContain('GitHub');
    }
  });

  it('Linear: the issue named by its identifier (ENG-2, as the agent\'s input and Linear\'s UI name it) either refuses or undoes the update', async () => {
    const linear = await startLinearRuntime({ retry: { baseDelayMs: 1 } });
    open.push(linear);
    const { runtime, simulator, journal } = linear;
    const id = simulator.seed.issues['ENG-2']!;
    const before = simulator.state.issues.get(id)!.title;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.issue.update', { id: 'ENG-2', title: 'Agent title' });
    await session.end();
    const journaled = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!.resource!;

    const given = 'linear.issue:ENG-2';
    expect(given).not.toBe(journaled);
    const outcome = await attempt(runtime.rollback(session.id, { select: { resources: [given] } }));
    if ('report' in outcome) {
      const title = simulator.state.issues.get(id)!.title;
      expect({ summary: outcome.report.summary, undone: outcome.report.counts.undone, title }, `selection ${given} (journal: ${journaled}) reported "${outcome.report.summary}"`).toEqual({ summary: expect.any(String), undone: 1, title: before });
    } else {
      expect(outcome.error.message).toContain(given);
    }
  });
});
