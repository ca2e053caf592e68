// A merge whose revert cannot be made: GraphQL `revertPullRequest` is refused and a revert by hand would
// be partial (the pull request changed more files than GitHub lists). No revert pull request is opened,
// and the report must say that: every line naming a revert pull request either tells it was not made or
// speaks of it only once made, whether the rollback planned the revert or, others having changed one of
// the files since, the revert left open for review. Read back through the simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

/** A person's pull request of 3001 generated files, merged by the agent in a session that ends; GraphQL mutations refused. */
async function agentMergesTooManyFiles() {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, human, runtime } = environment;
  simulator.createBranch('generated-clients');
  const files = Object.fromEntries(Array.from({ length: 3001 }, (_, index) => [`clients/client-${String(index).padStart(4, '0')}.ts`, `export const id = ${index};\n`]));
  simulator.push('generated-clients', files, 'Generate API clients');
  const pull = (await human.rest.pulls.create({ owner, repo, title: 'Generated clients', head: 'generated-clients', base: 'main' })).data.number;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull, merge_method: 'merge' });
  await session.end();
  // GitHub Enterprise Server without the revert mutation: refused as GitHub refuses an unknown field.
  simulator.faults.inject({
    method: 'POST',
    path: '/graphql',
    when: (request) => /^\s*mutation\b/.test(String((request.body as { query?: unknown }).query)),
    kind: 'server-error',
    status: 404,
    times: Infinity,
    respond: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }),
  });
  return { session, pull, files: Object.keys(files) };
}

/** Pull requests and branches GitHub holds for a revert of `pull`, as the simulator has them. */
function revertsOf(pull: number) {
  const { owner, repo, simulator } = environment!;
  const state = simulator.inspect();
  const pulls = [...state.pulls.values()].filter((candidate) => state.issues.get(candidate.number)!.body === `Reverts ${owner}/${repo}#${pull}`);
  return { pulls, branches: [...state.git.refs.keys()].filter((ref) => ref.includes('revert')) };
}

/** Residue lines that speak of a revert pull request as made: neither "once made/opened" nor "none was opened". */
const claimsARevert = (lines: string[]) => lines.filter((line) => /revert pull request/.test(line) && !/none was opened/.test(line));

for (const how of ['planned to revert and merge', 'planned to leave the revert open (a person changed a file since)'] as const) {
  it(`no revert pull request made, none told as made in the report: ${how}`, async () => {
    const { session, pull, files } = await agentMergesTooManyFiles();
    const { simulator, runtime } = environment!;
    if (how !== 'planned to revert and merge') simulator.push('main', { [files[0]!]: 'export const id = -1;\n' }, 'Renumber the first client');

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(revertsOf(pull)).toEqual({ pulls: [], branches: [] });
    expect(files.slice(1).every((path) => simulator.fileContent(path) !== null)).toBe(true);
    expect(claimsARevert(report.residue)).toEqual([]);
    // What remains is named: the whole merge, and no revert of it.
    expect(report.residue.join('\n')).toMatch(/none was opened \(no revert pull request, no revert commit\) and the whole merge stays on main/);
  }, 120_000);
}
