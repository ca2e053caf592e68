// @backspace/github/simulator: the GitHub API simulator and this provider's part of `backspace demo`.
export { createGithubSimulator, DEFAULT_FILES, SEED_ISSUE, type GithubSeed, type GithubSimulator, type GithubSimulatorOptions } from './github-simulator.js';
export type { RepoState, IssueRecord, CommentRecord, LabelRecord, PullRecord } from './state.js';
export { githubRateLimits, PRIMARY_LIMIT, SECONDARY_CONTENT_LIMIT } from './rate-limits.js';
export { createGithubDemo } from './demo.js';
