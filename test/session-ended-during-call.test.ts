// An operator ends a running agent's session from another process (`backspace end`, here a second runtime
// over the same journal) while one of its calls reads its pre-state. The call passed the check made before
// it started; the end is in the journal before its intent, so it must not be sent: the operator's rollback,
// planned on an ended session, would never see it. Read back from the GitHub simulator.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';

let github: GithubSimulator;
let journal: JournalStore;
afterEach(async () => {
  await journal.close();
  await github.close();
});

it('a call whose session was ended elsewhere while it read its pre-state is not sent', async () => {
  github = await createGithubSimulator();
  journal = createSqliteJournal({ path: ':memory:' });
  const runtimeOver = () => createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
  const agent = runtimeOver();
  const operator = runtimeOver();
  const { owner, repo, issueNumber } = github.seed;
  const issue = () => (github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.get(issueNumber)!;
  const titleBefore = issue().title;
  const session = await agent.startSession({ agentId: 'triage-bot' });

  // The operator ends the session while the agent's pre-state read is on its way.
  let ended: Promise<unknown> | undefined;
  github.faults.inject({ method: 'POST', path: '/graphql', kind: 'delay', ms: 300, when: () => !ended && Boolean((ended = operator.endSession(session.id, { by: 'ops', reason: 'bad triage' }))) });
  const answer = await session.run('github.issue.update', { owner, repo, issue_number: issueNumber, title: 'Renamed while ended' }).then(
    () => 'sent',
    (error: { code?: string }) => error.code,
  );
  await ended;

  expect(ended, 'the pre-state read was not delayed: the test did not reach its moment').toBeDefined();
  expect(answer).toBe('session_ended');
  expect(issue().title).toBe(titleBefore);
  const entries = await journal.sessionEntries(session.id);
  expect(entries.filter((entry) => entry.type === 'action.committed')).toHaveLength(0);
  expect(entries.find((entry) => entry.type === 'action.failed')?.data).toMatchObject({ error: { code: 'session_ended' } });
});
