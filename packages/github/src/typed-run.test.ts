// session.run is typed from the adapters a runtime was given: an action name the GitHub adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

it('an issue opened through a typed session comes back typed, and a wrong name or input is refused', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });

  const issue = await session.run('github.issue.create', { owner, repo, title: 'Flaky checkout test', labels: ['bug'] });
  const number: number = issue.number;
  expect([...simulator.inspect().issues.values()].find((candidate) => candidate.title === 'Flaky checkout test')?.number).toBe(number);

  // @ts-expect-error: no such action (a typo of github.issue.create)
  await expect(session.run('github.issue.creat', { owner, repo, title: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: the title is required, and `titel` is no field of github.issue.create
  await expect(session.run('github.issue.create', { owner, repo, titel: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: issue_number is a number
  await expect(session.run('github.issue.update', { owner, repo, issue_number: '1', title: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect([...simulator.inspect().issues.values()].map((candidate) => candidate.title)).not.toContain('x');
});
