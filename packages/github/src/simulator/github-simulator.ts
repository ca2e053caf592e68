// createGithubSimulator: a stateful GitHub API (REST, GraphQL queries and the mutations the adapter sends) on loopback,
// seeded with one repository, that Octokit talks to unchanged through `baseUrl`.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@backspace/core';
import { createRouter, startSimulatorServer, toIsoSeconds, toSimulatorHandle, type RateLimiter, type SimulatorHandle } from '@backspace/simulator-kit';
import { withGithubHeaders } from './response-headers.js';
import type { GitActor } from './git.js';
import { addGitRoutes, commitOnBranch } from './routes-git.js';
import { addGraphqlRoutes } from './routes-graphql.js';
import { addIssueRoutes } from './routes-issues.js';
import { addPullRoutes } from './routes-pulls.js';
import { addRepoRoutes } from './routes-repos.js';
import { addActivityRoutes, moveRef } from './activity.js';
import { settlePullsOfDeletedBranch } from './routes-pulls.js';
import { githubRateLimits } from './rate-limits.js';
import { createRepoState, nextId, type RepoState } from './state.js';
import type { RouteContext } from './context.js';
import { inspectGithub } from './inspect-resource.js';
import { addRelocationRoutes, createRepository } from './relocations.js';

export interface GithubSeed {
  owner: string;
  repo: string;
  defaultBranch: string;
  /** Files on the default branch at the start, path → content. */
  files: Record<string, string>;
  /** The open issue the repository starts with. */
  issueNumber: number;
  /** An open milestone issues can be put in. */
  milestoneNumber: number;
  labels: string[];
  /** `app` is a GitHub App installation token (`ghs_`): it acts as the app's bot, `logins.app`. */
  tokens: { agent: string; human: string; readOnly: string; app: string };
  logins: { agent: string; human: string; readOnly: string; app: string };
  /** The profile names commits carry as author name (a bot's is its login). */
  names: { agent: string; human: string; readOnly: string; app: string };
}

export interface GithubSimulatorOptions {
  clock?: Clock;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  files?: Record<string, string>;
  /** Lower limits for tests; default GitHub's documented 5,000/hour and 80 content writes/minute. */
  limits?: { primary?: number; secondaryContent?: number };
}

export interface GithubSimulator extends SimulatorHandle<GithubSeed, RepoState> {
  readonly rateLimits: RateLimiter;
  /** A file's content on a branch, read from the git store (never through the API); null when absent. */
  fileContent(path: string, branch?: string): string | null;
  /** A file's bytes on a branch, exactly as stored (never through the API); null when absent. */
  fileBytes(path: string, branch?: string): Buffer | null;
  /** A commit straight onto a branch by a login, bypassing the API (a `git push`). */
  push(branch: string, files: Record<string, string | Uint8Array | null>, message: string, login?: string): string;
  /** A branch made straight in the git store (never through the API), at `from`'s tip, by a login (a person's by default). */
  createBranch(name: string, from?: string, login?: string): string;
  /**
   * A person renames a branch in GitHub's interface (never through the API): the branch takes the new
   * name (the default branch too, if it was), open pull requests into it follow it, and those from it are
   * closed, as GitHub documents. The old name is free: nothing answers to it any more.
   */
  renameBranch(from: string, to: string, login?: string): void;
  /**
   * A person makes another repository of the same owner in GitHub's interface (empty, with GitHub's
   * default labels): somewhere to transfer an issue to (GraphQL `transferIssue`). Its state, read
   * straight from the records (never through the API).
   */
  createRepository(name: string): RepoState;
  /** A repository's state by its name now (the seeded one under any name it had), never through the API. */
  inspectRepository(name: string): RepoState | undefined;
}

export const DEFAULT_FILES: Record<string, string> = {
  'README.md': '# widgets\n\nThe widget shop.\n',
  'src/pricing.js': 'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n',
  'src/cart.js': 'export function addItem(cart, item) {\n  return [...cart, item];\n}\n',
  'docs/setup.md': '# Setup\n\nRun `npm install`.\n',
};

/** The open issue the repository starts with (number 1). */
export const SEED_ISSUE = { title: 'Checkout total is wrong for discounted items', body: 'Totals ignore the discount column.', labels: ['bug'] } as const;

export async function createGithubSimulator(options: GithubSimulatorOptions = {}): Promise<GithubSimulator> {
  const clock = options.clock ?? systemClock;
  const owner = options.owner ?? 'octo-org';
  const name = options.repo ?? 'widgets';
  const defaultBranch = options.defaultBranch ?? 'main';
  const suffix = randomBytes(12).toString('hex');
  const tokens = { agent: `ghp_agent${suffix}`, human: `ghp_human${suffix}`, readOnly: `ghp_readonly${suffix}`, app: `ghs_app${suffix}` };
  const logins = { agent: 'backspace-agent', human: 'octo-human', readOnly: 'octo-reader', app: 'backspace-app[bot]' };
  const names = { agent: 'Backspace Agent', human: 'Octo Human', readOnly: 'Octo Reader', app: logins.app };
  const repo = createRepoState(owner, name, defaultBranch, toIsoSeconds(clock.now()));
  const profiles = new Map((Object.keys(logins) as (keyof typeof logins)[]).map((who) => [logins[who], names[who]]));
  const context: RouteContext = { repo, repos: [repo], urls: { api: '' }, now: () => toIsoSeconds(clock.now()), profiles };

  const files = options.files ?? DEFAULT_FILES;
  const founder: GitActor = repo.owner;
  const tree = Object.fromEntries(Object.entries(files).map(([path, content]) => [path, repo.git.writeBlob(content)]));
  repo.git.refs.set(`refs/heads/${defaultBranch}`, repo.git.commit(tree, [], 'Initial commit', founder, context.now()).sha);
  const labels = ['bug', 'enhancement', 'documentation'];
  const colors = ['d73a4a', 'a2eeef', '0075ca'];
  labels.forEach((label, index) => repo.labels.set(label, { id: nextId(repo), name: label, color: colors[index]!, description: null, default: true }));
  const now = context.now();
  const humanActor: GitActor = { login: logins.human, id: 1002, name: names.human };
  repo.issues.set(1, {
    number: 1, id: nextId(repo), title: SEED_ISSUE.title, body: SEED_ISSUE.body, state: 'open', state_reason: null,
    labels: [...SEED_ISSUE.labels], assignees: [], milestone: null, user: humanActor, created_at: now, updated_at: now, closed_at: null, closed_by: null, editor: null, last_edited_at: null, locked: false, isPull: false,
  });
  repo.nextNumber = 2;
  repo.milestones.set(1, { number: 1, id: nextId(repo), title: 'v2.4', state: 'open', created_at: now });
  repo.readOnly.add(logins.readOnly);

  const router = withGithubHeaders(createRouter(), () => server?.rateLimits);
  addIssueRoutes(router, context);
  addGitRoutes(router, context);
  addPullRoutes(router, context);
  addGraphqlRoutes(router, context);
  addRepoRoutes(router, context);
  addActivityRoutes(router, context);
  addRelocationRoutes(router, context);

  let server: Awaited<ReturnType<typeof startSimulatorServer>> | undefined;
  server = await startSimulatorServer({
    router,
    clock,
    users: {
      [tokens.agent]: { id: '1001', name: logins.agent },
      [tokens.human]: { id: '1002', name: logins.human },
      [tokens.readOnly]: { id: '1003', name: logins.readOnly },
      [tokens.app]: { id: '4001', name: logins.app },
    },
    createUser: (_token, ordinal) => ({ id: String(2000 + ordinal), name: `octo-user-${ordinal}` }),
    rateLimits: githubRateLimits(options.limits),
  });
  context.urls.api = server.url;
  const seed: GithubSeed = { owner, repo: name, defaultBranch, files: { ...files }, issueNumber: 1, milestoneNumber: 1, labels, tokens, logins, names };
  const handle = toSimulatorHandle(server, seed, () => repo, { tokens: { agent: tokens.agent, human: tokens.human }, inspectResource: (resource) => inspectGithub(simulator, resource) });
  const rateLimits = server.rateLimits;

  const actorOf = (login: string): GitActor => (login === logins.human ? humanActor : { login, id: 3000, name: profiles.get(login) ?? login });
  const simulator: GithubSimulator = {
    ...handle,
    rateLimits,
    fileContent(path, branch = defaultBranch) {
      const tip = repo.git.refs.get(`refs/heads/${branch}`);
      const blob = tip ? repo.git.getCommit(tip)!.tree[path] : undefined;
      return blob ? (repo.git.blobText(blob) ?? null) : null;
    },
    fileBytes(path, branch = defaultBranch) {
      const tip = repo.git.refs.get(`refs/heads/${branch}`);
      const blob = tip ? repo.git.getCommit(tip)!.tree[path] : undefined;
      return blob ? (repo.git.blobs.get(blob) ?? null) : null;
    },
    createBranch(branchName, from = defaultBranch, login = logins.human) {
      const sha = repo.git.refs.get(`refs/heads/${from}`);
      if (!sha) throw new Error(`no branch ${from}`);
      moveRef(repo, `refs/heads/${branchName}`, sha, actorOf(login), context.now());
      return sha;
    },
    renameBranch(from, to, login = logins.human) {
      const sha = repo.git.refs.get(`refs/heads/${from}`);
      if (!sha) throw new Error(`no branch ${from}`);
      if (repo.git.refs.has(`refs/heads/${to}`)) throw new Error(`branch ${to} exists already`);
      // GitHub's repository activity has no kind of its own for a rename: none is recorded.
      repo.git.refs.delete(`refs/heads/${from}`);
      repo.git.refs.set(`refs/heads/${to}`, sha);
      if (repo.defaultBranch === from) repo.defaultBranch = to;
      for (const pull of repo.pulls.values()) if (pull.base === from && repo.issues.get(pull.number)!.state === 'open') pull.base = to;
      // Only those from it are left to close: the ones into it follow it now.
      settlePullsOfDeletedBranch(repo, from, actorOf(login), context.now());
    },
    createRepository: (repoName) => createRepository(context, repoName),
    inspectRepository: (repoName) => context.repos.find((candidate) => candidate.name.toLowerCase() === repoName.toLowerCase()),
    push(branch, changes, message, login = logins.human) {
      const tip = repo.git.refs.get(`refs/heads/${branch}`);
      const next = { ...(tip ? repo.git.getCommit(tip)!.tree : {}) };
      for (const [path, content] of Object.entries(changes)) {
        if (content === null) delete next[path];
        else next[path] = repo.git.writeBlob(content);
      }
      return commitOnBranch(repo, branch, next, message, actorOf(login), context.now()).sha;
    },
  };
  return simulator;
}
