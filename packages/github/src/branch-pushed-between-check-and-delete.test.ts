// The rollback checks that nobody else pushed to the agent's branch, then deletes it. A person whose push
// lands after that check and before the deletion reaches GitHub (no retry in between, nothing read
// again) must not lose their commit: the deletion is held to the tip the rollback checked, GitHub refuses
// it, and the report keeps the branch as a conflict. The push lands as the deletion arrives (a fault's
// predicate runs it, whichever request deletes the branch, then lets the request through). Read back
// through the person's own Octokit client.
import { afterEach, expect, it } from 'vitest';
import { agentCreatesDocsBranch, deletesBranch, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

it("keeps the agent's branch a person pushed to just after the rollback checked it", async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, simulator, human } = environment;
  const session = await agentCreatesDocsBranch(environment);

  let pushed: string | undefined;
  simulator.faults.inject({
    kind: 'server-error',
    when: (request) => {
      if (!deletesBranch('docs-pass')(request)) return false;
      pushed ??= simulator.push('docs-pass', { 'docs/person.md': 'my notes\n' }, 'Notes of mine');
      // Not a fault: the deletion goes on to GitHub, which now holds the person's commit.
      return false;
    },
  });
  const report = await runtime.rollback(session.id);

  expect(pushed).toBeDefined();
  const branch = (await human.rest.git.getRef({ owner, repo, ref: 'heads/docs-pass' })).data;
  expect(branch.object.sha).toBe(pushed);
  const file = (await human.rest.repos.getContent({ owner, repo, path: 'docs/person.md', ref: 'docs-pass' })).data as { content: string };
  expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('my notes\n');
  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect(report.steps[0]!.residue?.join(' ')).toMatch(/docs-pass .*is kept: someone pushed to it or moved it after the rollback checked it/);
});
