// What GitHub receives, counted at the simulator (its own request log, never the adapter): one call of
// each action costs exactly the minimum it declares, rolling it back what is listed below, and planning
// the rollback of 60 issues costs two reads (GraphQL, 50 issues a request), still telling a person's
// comment from the agent's work.
import { afterEach, expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { githubActions } from './github-adapter.js';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

it('declares a minimum for every action, and one call of each costs exactly that many requests', async () => {
  expect(githubActions.filter((action) => action.minimumRequests === undefined).map((action) => action.name)).toEqual([]);
  const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: githubConformanceCases });
  expect(Object.fromEntries(costs.map((cost) => [cost.action, cost.requests]))).toEqual(Object.fromEntries(costs.map((cost) => [cost.action, cost.minimum])));
  expect(Object.fromEntries(costs.map((cost) => [cost.action, cost.minimum]))).toMatchObject({
    'github.issue.create': 1,
    'github.issue.update': 2,
    'github.labels.add': 2,
  });
  // Rolling one call back: the planning read and the inverse's write, whose own answer is the state the
  // step is verified against (no read-back); 38 requests for these nine before (#19).
  expect(costs.every((cost) => cost.rollbackSteps === 1)).toBe(true);
  expect(Object.fromEntries(costs.map((cost) => [cost.action, cost.rollbackRequests]))).toEqual({
    'github.issue.create': 2,
    'github.issue.update': 2,
    'github.issue.comment.create': 2,
    'github.issue.comment.update': 2,
    // Both labels off in one GraphQL removeLabelsFromLabelable, whose payload's labelable lists the labels
    // left: verified by that answer.
    'github.labels.add': 2,
    // One GraphQL read (the default branch, the branch's tip, how far it is ahead: nothing, so no files to
    // compare), the branch's activity (whether a person deleted it and made their own under its name),
    // then the delete (6 before, then 4 with a REST comparison for the tip).
    'github.branch.create': 3,
    // The file written back over the agent's sha, without reading it first.
    'github.file.put': 2,
    // The pull request closed without reading it first.
    'github.pull.create': 2,
    // One GraphQL query plans it (the pull request's base, the reverts on it, and each changed file's blob
    // there, the paths from the staged inverse), and a revert is a mutation and a merge, whose answers
    // verify it (11 before, then 7, then 5 with the plan's reads through REST, one per file).
    'github.pull.merge': 3,
  });
}, 120_000);

it('plans the rollback of 60 created issues with two reads, and keeps the one a person commented on', async () => {
  // Pacing is not what this test is about: 60 creates and 59 closes would wait out GitHub's 80 a minute.
  environment = await startGithubRuntime({ limits: { secondaryContent: 1000 } });
  const { owner, repo, runtime, simulator, human } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const numbers: number[] = [];
  for (let index = 0; index < 60; index += 1) numbers.push((await session.run('github.issue.create', { owner, repo, title: `Flaky test ${index}` })).number);
  await session.end();
  const commented = numbers[42]!;
  await human.rest.issues.createComment({ owner, repo, issue_number: commented, body: 'I can reproduce this one.' });

  simulator.log.clear();
  const plan = await runtime.planRollback(session.id);
  const reads = simulator.log.entries();
  expect(reads.length).toBeLessThanOrEqual(2);
  expect(reads.every((entry) => entry.method === 'POST' && entry.path === '/graphql')).toBe(true);
  expect(plan.steps.filter((step) => step.status === 'conflict').map((step) => step.resource)).toEqual([`github.issue:${owner}/${repo}#${commented}`]);
  expect(plan.steps.filter((step) => step.status === 'undo')).toHaveLength(59);

  await runtime.rollback(session.id);
  const issues = simulator.inspect().issues;
  expect(numbers.filter((number) => issues.get(number)!.state === 'open')).toEqual([commented]);
}, 120_000);
