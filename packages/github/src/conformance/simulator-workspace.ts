// The conformance workspace over the simulator: arranging and reading straight in its records.
import { Octokit } from '@octokit/rest';
import type { GithubSimulator } from '../simulator/index.js';
import { inspectGithub, quiet } from '../test-support.js';
import type { GithubWorkspace } from './workspace.js';

export function simulatorWorkspace(simulator: GithubSimulator): GithubWorkspace {
  const { owner, repo, defaultBranch, issueNumber, tokens, logins } = simulator.seed;
  let branches = 0;
  return {
    owner,
    repo,
    issueNumber: () => issueNumber,
    human: new Octokit({ auth: tokens.human, baseUrl: simulator.url, log: quiet }),
    mainSha: async () => simulator.inspect().git.refs.get(`refs/heads/${defaultBranch}`)!,
    uniqueBranch: (prefix) => `${prefix}-${++branches}`,
    createBranch: async (name) => void simulator.createBranch(name),
    push: async (branch, files, message, as) => simulator.push(branch, files, message, as === 'agent' ? logins.agent : logins.human),
    inspect: async (resource) => inspectGithub(simulator, resource),
  };
}
