// A rollback step can wait long before it lands: GitHub answered the branch's deletion 429 (its secondary
// limit), and the engine sends it again after `Retry-After`. A person who pushed a commit onto the
// agent's branch meanwhile built on it: the retried deletion must see their commit and keep the branch,
// never delete it with their work. The person's push lands as the first delete arrives (a fault's
// predicate runs it), which GitHub then refuses. Read back from the simulator's git store.
import { afterEach, expect, it } from 'vitest';
import { agentCreatesDocsBranch, deletesBranch, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

it("keeps the agent's branch a person pushed to while its deletion waited out a rate limit", async () => {
  environment = await startGithubRuntime();
  const { runtime, simulator } = environment;
  const session = await agentCreatesDocsBranch(environment);

  let pushed: string | undefined;
  simulator.faults.inject({
    kind: 'rate-limit',
    retryAfterSeconds: 0,
    when: (request) => {
      if (!deletesBranch('docs-pass')(request)) return false;
      pushed = simulator.push('docs-pass', { 'docs/person.md': 'my notes\n' }, 'Notes of mine');
      return true;
    },
  });
  const report = await runtime.rollback(session.id);

  expect(pushed).toBeDefined();
  expect(simulator.inspect().git.refs.get('refs/heads/docs-pass')).toBe(pushed);
  expect(simulator.fileContent('docs/person.md', 'docs-pass')).toBe('my notes\n');
  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
});
