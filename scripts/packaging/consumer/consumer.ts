// A project outside the workspace that installed the packed tarballs: it must compile under strict
// settings against the published declarations (entry-points.ts, written by check-consumer.mjs, imports
// every other package's exports), then run one agent session against the GitHub simulator and roll it
// back. It prints one JSON line for scripts/packaging/check-consumer.mjs.
import { createRuntime, BackspaceError, type RollbackReport } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { Octokit } from '@octokit/rest';

const simulator = await createGithubSimulator();
try {
  const { owner, repo, tokens } = simulator.seed;
  const runtime = createRuntime({
    journal: createSqliteJournal({ path: ':memory:' }),
    adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })],
    policy: [],
  });
  const session = await runtime.startSession({ agentId: 'consumer-check', reason: 'installed from tarballs' });
  // Typed by the adapters the runtime was given, from the published declarations: the answer is the
  // created issue, and a misspelt action name does not compile.
  const created = await session.run('github.issue.create', { owner, repo, title: 'Filed by an agent' }, { idempotencyKey: 'call-1' });
  // @ts-expect-error: github.issue.creat is no action of the GitHub adapter
  const misspelt = (): Promise<unknown> => session.run('github.issue.creat', { owner, repo, title: 'never sent' });
  void misspelt;
  await session.end();
  const report: RollbackReport = await runtime.rollback(session.id);

  // Read back as a person would, with their own token through the official SDK.
  const person = new Octokit({ auth: tokens.human, baseUrl: simulator.url });
  const issue = (await person.rest.issues.get({ owner, repo, issue_number: created.number })).data;
  let refused: string | undefined;
  try {
    await session.run('github.issue.create', { owner, repo, title: 'after the end' });
  } catch (error) {
    if (BackspaceError.isInstance(error)) refused = error.code;
  }
  process.stdout.write(`${JSON.stringify({ created: created.number, issueState: issue.state, executed: report.executed, summary: report.summary, refusedAfterEnd: refused })}\n`);
} finally {
  await simulator.close();
}
