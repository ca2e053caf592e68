// How the deletion of the agent's branch reads GitHub's answers other than a plain yes. Its answer lost
// after GitHub deleted the branch: sent again, GitHub refuses (the branch is no longer at the tip), and
// the branch, read again, is gone: undone. Where GraphQL mutations are not served (404), the branch still
// at the tip the rollback checked is deleted through REST and read back. Read through a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { agentCreatesDocsBranch, deletesBranch, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

async function agentCreatesBranch() {
  environment = await startGithubRuntime();
  return { ...environment, session: await agentCreatesDocsBranch(environment) };
}

/** The branch's tip as a person reads it, or null where GitHub has none. */
async function tipOf(branch: string): Promise<string | null> {
  const { owner, repo, human } = environment!;
  try {
    return (await human.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

it('counts the branch undone when the answer to its deletion was lost and the retry is refused', async () => {
  const { runtime, session, simulator } = await agentCreatesBranch();
  simulator.faults.inject({ kind: 'drop-after-commit', when: deletesBranch('docs-pass') });

  const report = await runtime.rollback(session.id);

  expect(await tipOf('docs-pass')).toBeNull();
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
});

it('deletes the branch through REST where GraphQL mutations are not served', async () => {
  const { runtime, session, simulator } = await agentCreatesBranch();
  simulator.faults.inject({
    method: 'POST',
    path: '/graphql',
    when: (request) => /^\s*mutation\b/.test(String((request.body as { query?: unknown }).query)),
    kind: 'server-error',
    times: Infinity,
    respond: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }),
  });

  const report = await runtime.rollback(session.id);

  expect(await tipOf('docs-pass')).toBeNull();
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
});
