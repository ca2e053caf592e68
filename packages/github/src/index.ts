// @backspace/github: the Backspace adapter for GitHub (issues, comments, labels, branches, files, pull requests, merges).
export { createGithubAdapter, githubActions, GITHUB_TOKEN_VARIABLE, type GithubAdapter, type GithubAdapterSettings } from './github-adapter.js';
export { createGithubClient, type GithubClient } from './client.js';
export { toProviderError } from './errors.js';
export { readResource } from './read.js';
export { issueRef, commentRef, branchRef, fileRef, pullRef, mergeRef, parseRef, marker } from './resources.js';
export { connector } from './connector.js';
