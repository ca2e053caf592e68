// The conformance workspace over GitHub's public REST API only: what the live mode uses against a
// sandbox repository on api.github.com (or GitHub Enterprise), with the agent's token and a second
// user's. A live repository keeps what earlier runs did, so `prepare` puts back the files the cases
// expect and opens a fresh issue for each check, and branch names carry the run's id.
import { Octokit } from '@octokit/rest';
import type { Json, ResourceRef } from '@backspace/core';
import { parseRef } from '../resources.js';
import { DEFAULT_FILES, SEED_ISSUE } from '../simulator/index.js';
import { quiet, toBase64 } from '../test-support.js';
import type { GithubWorkspace } from './workspace.js';

export interface ApiWorkspaceOptions {
  baseUrl: string;
  owner: string;
  repo: string;
  agentToken: string;
  /** The second user; the agent's token when none was given (the human-edit checks are then skipped). */
  humanToken: string;
  /** Makes this run's branch names its own. */
  runId: string;
  defaultBranch?: string;
}

export function apiWorkspace(options: ApiWorkspaceOptions): GithubWorkspace & { prepare(): Promise<void> } {
  const { owner, repo } = options;
  const main = options.defaultBranch ?? 'main';
  const octokit = (token: string) => new Octokit({ auth: token, baseUrl: options.baseUrl, log: quiet, request: { retries: 0 } });
  const agent = octokit(options.agentToken);
  const human = octokit(options.humanToken);
  let issueNumber: number | undefined;
  let branches = 0;

  const fileOn = async (path: string, ref: string): Promise<{ sha: string; content: string } | null> => {
    try {
      const { data } = await human.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data) || data.type !== 'file') return null;
      return { sha: data.sha, content: Buffer.from((data as { content: string }).content, 'base64').toString('utf8') };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };

  const push = async (branch: string, files: Record<string, string>, message: string, as: 'agent' | 'human') => {
    let commit = '';
    for (const [path, content] of Object.entries(files)) {
      const existing = await fileOn(path, branch);
      const { data } = await (as === 'agent' ? agent : human).rest.repos.createOrUpdateFileContents({ owner, repo, path, branch, message, content: toBase64(content), ...(existing ? { sha: existing.sha } : {}) });
      commit = data.commit.sha!;
    }
    return commit;
  };

  /** Every file on a ref, walking the contents API's directory listings. */
  const filesOn = async (ref: string, directory = ''): Promise<Record<string, string | null>> => {
    const { data } = directory === ''
      ? await human.request('GET /repos/{owner}/{repo}/contents', { owner, repo, ref })
      : await human.rest.repos.getContent({ owner, repo, path: directory, ref });
    const files: Record<string, string | null> = {};
    for (const item of data as { type: string; path: string }[]) {
      if (item.type === 'dir') Object.assign(files, await filesOn(ref, item.path));
      else if (item.type === 'file') files[item.path] = (await fileOn(item.path, ref))?.content ?? null;
    }
    return files;
  };

  const inspect = async (resource: ResourceRef): Promise<Json | null> => {
    const { number, branch, path } = parseRef(resource);
    try {
      switch (resource.type) {
        case 'issue': {
          const { data: issue } = await human.rest.issues.get({ owner, repo, issue_number: number });
          const { data: comments } = await human.rest.issues.listComments({ owner, repo, issue_number: number, per_page: 100 });
          return {
            title: issue.title, body: issue.body ?? null, state: issue.state, state_reason: issue.state_reason ?? null,
            labels: issue.labels.map((label) => (typeof label === 'string' ? label : label.name!)).sort(),
            assignees: (issue.assignees ?? []).map((assignee) => assignee.login).sort(),
            comments: comments.map((comment) => comment.body ?? ''),
            // A pull request's conversation is an issue of the same number: whether it was merged too.
            ...(issue.pull_request ? { merged: (issue.pull_request.merged_at ?? null) !== null } : {}),
          };
        }
        case 'comment': {
          const { data } = await human.rest.issues.getComment({ owner, repo, comment_id: number });
          return { body: data.body ?? '', author: data.user?.login ?? null };
        }
        case 'branch': {
          const { data: ref } = await human.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
          const { data: commit } = await human.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha });
          return { sha: ref.object.sha, author: commit.author.name ?? null };
        }
        case 'file':
          return (await fileOn(path, branch || main))?.content ?? null;
        case 'pull': {
          const { data } = await human.rest.pulls.get({ owner, repo, pull_number: number });
          return { title: data.title, body: data.body ?? null, state: data.state, merged: data.merged };
        }
        case 'merge': {
          const { data: pull } = await human.rest.pulls.get({ owner, repo, pull_number: number });
          const { data: changed } = await human.rest.pulls.listFiles({ owner, repo, pull_number: number, per_page: 100 });
          return { merged: pull.merged, changed: changed.map((file) => file.filename), files: await filesOn(pull.base.ref) };
        }
        default:
          return null;
      }
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };

  return {
    owner,
    repo,
    human,
    issueNumber: () => {
      if (issueNumber === undefined) throw new Error('the live workspace was not prepared: no issue to work on');
      return issueNumber;
    },
    mainSha: async () => (await human.rest.git.getRef({ owner, repo, ref: `heads/${main}` })).data.object.sha,
    uniqueBranch: (prefix) => `${prefix}-${options.runId}-${++branches}`,
    createBranch: async (name) => {
      const { data } = await human.rest.git.getRef({ owner, repo, ref: `heads/${main}` });
      await human.rest.git.createRef({ owner, repo, ref: `refs/heads/${name}`, sha: data.object.sha });
    },
    push,
    inspect,
    async prepare() {
      for (const [path, content] of Object.entries(DEFAULT_FILES)) {
        if ((await fileOn(path, main))?.content !== content) await push(main, { [path]: content }, `Backspace conformance: restore ${path}`, 'human');
      }
      const { data } = await human.rest.issues.create({ owner, repo, title: SEED_ISSUE.title, body: SEED_ISSUE.body, labels: [...SEED_ISSUE.labels] });
      issueNumber = data.number;
    },
  };
}
