// session.run is typed from the adapters a runtime was given: an action name the Linear adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { startLinearRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

it('an issue opened through a typed session comes back typed, and a wrong name or input is refused', async () => {
  environment = await startLinearRuntime();
  const { simulator, runtime } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const teamId = simulator.seed.teamId;

  const issue = await session.run('linear.issue.create', { teamId, title: 'Flaky checkout test' });
  const identifier: string = issue.identifier;
  const stored = simulator.state.issues.get(issue.id)!;
  expect(stored.title).toBe('Flaky checkout test');
  expect(simulator.state.identifier(stored)).toBe(identifier);

  // @ts-expect-error: no such action (a typo of linear.issue.create)
  await expect(session.run('linear.issue.creat', { teamId, title: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: the title is required, and `titel` is no field of linear.issue.create
  await expect(session.run('linear.issue.create', { teamId, titel: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: priority is a number
  await expect(session.run('linear.issue.update', { id: issue.id, priority: 'high' })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect([...simulator.state.issues.values()].map((candidate) => candidate.title)).not.toContain('x');
});
