// An operator kills an agent with `rollback: true` while that agent is in the middle of a call, reading
// its pre-state before its intent is journaled. The kill was checked before that read only, so the
// kill's rollback reported and then the agent's write landed. The kill switch is read again from the
// journal once the intent is in it: the journal orders the two. Read back through the GitHub simulator.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { tempJournalPath } from './support/rig.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rig() {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  const path = tempJournalPath();
  const runtimeOn = () => {
    const journal = createSqliteJournal({ path });
    open.push(journal);
    return createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], retry: { baseDelayMs: 1 }, killSwitchPollMs: 50 });
  };
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const first = (await person.rest.issues.create({ owner, repo, title: 'Checkout fails' })).data.number;
  const second = (await person.rest.issues.create({ owner, repo, title: 'Login loops' })).data.number;
  await pause(1100);
  const title = (issue: number) => github.inspect().issues.get(issue)!.title;
  return { github, runtimeOn, person, owner, repo, first, second, title };
}

describe('a kill with rollback that arrives while the agent is mid-call', () => {
  for (const where of ['the same runtime', 'another runtime on the same journal file'] as const) {
    it(`leaves no write of the agent's standing after the kill's rollback reported (operator on ${where})`, async () => {
      const { github, runtimeOn, owner, repo, first, second, title } = await rig();
      const agentRuntime = runtimeOn();
      const operator = where === 'the same runtime' ? agentRuntime : runtimeOn();
      const session = await agentRuntime.startSession({ agentId: 'triage-bot' });
      await session.run('github.issue.update', { owner, repo, issue_number: first, title: 'Agent title 1' });

      // The agent's next call reads its pre-state first; that read is slow at GitHub (1.5 s), and the
      // operator pulls the kill switch, with rollback, right then.
      let reading!: () => void;
      const atGithub = new Promise<void>((resolve) => (reading = resolve));
      // (GitHub's adapter reads an issue's pre-state through GraphQL: the next such request is this one.)
      github.faults.inject({ method: 'POST', path: '/graphql', kind: 'delay', ms: 1_500, when: () => (reading(), true) });
      const call = session.run('github.issue.update', { owner, repo, issue_number: second, title: 'Agent title 2' }).then(
        (value) => ({ ok: true as const, value }),
        (error: { code?: string }) => ({ ok: false as const, code: error.code }),
      );
      await atGithub;
      const { rolledBack } = await operator.kill({ scope: { agentId: 'triage-bot' }, reason: 'runaway renames', by: 'oncall', rollback: true });
      const outcome = await call;
      await pause(300);

      const detail = JSON.stringify({ call: outcome, reports: rolledBack.map((report) => report.summary), titles: [title(first), title(second)] });
      expect(title(first), detail).toBe('Checkout fails');
      // The kill was in force before the agent's write was sent: the write must be refused, or undone.
      expect(title(second), detail).toBe('Login loops');
    });
  }
});
