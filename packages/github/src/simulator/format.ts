// GitHub's JSON shapes for the simulator's records, with the fields and URLs api.github.com sends.
import { isBot, type Commit, type GitActor } from './git.js';
import { nodeId, type CommentRecord, type IssueRecord, type LabelRecord, type MilestoneRecord, type RepoState } from './state.js';

export interface Urls {
  /** The simulator's base URL, standing in for https://api.github.com. */
  api: string;
}

export function simpleUser(urls: Urls, actor: GitActor) {
  const url = `${urls.api}/users/${actor.login}`;
  return {
    login: actor.login,
    id: actor.id,
    node_id: nodeId('User', actor.id),
    avatar_url: `${urls.api}/avatars/u/${actor.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${urls.api}/${actor.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: isBot(actor) ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function repoUrl(urls: Urls, repo: RepoState): string {
  return `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
}

export function htmlRepoUrl(urls: Urls, repo: RepoState): string {
  return `${urls.api}/${repo.owner.login}/${repo.name}`;
}

export function formatLabel(urls: Urls, repo: RepoState, label: LabelRecord) {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoUrl(urls, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

function reactions(url: string) {
  return { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

export function formatIssue(urls: Urls, repo: RepoState, issue: IssueRecord) {
  const base = repoUrl(urls, repo);
  const url = `${base}/issues/${issue.number}`;
  const comments = [...repo.comments.values()].filter((comment) => comment.issue_number === issue.number).length;
  const assignees = issue.assignees.map((login) => simpleUser(urls, actorFor(repo, login)));
  return {
    url,
    repository_url: base,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${htmlRepoUrl(urls, repo)}/${issue.isPull ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: simpleUser(urls, issue.user),
    labels: issue.labels.map((name) => formatLabel(urls, repo, repo.labels.get(name.toLowerCase())!)),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: issue.milestone === null ? null : formatMilestone(urls, repo, repo.milestones.get(issue.milestone)!),
    comments,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    author_association: issue.user.login === repo.owner.login ? 'OWNER' : 'MEMBER',
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closed_by ? simpleUser(urls, issue.closed_by) : null,
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.state_reason,
    ...(issue.isPull
      ? {
          pull_request: {
            url: `${base}/pulls/${issue.number}`,
            html_url: `${htmlRepoUrl(urls, repo)}/pull/${issue.number}`,
            diff_url: `${htmlRepoUrl(urls, repo)}/pull/${issue.number}.diff`,
            patch_url: `${htmlRepoUrl(urls, repo)}/pull/${issue.number}.patch`,
            merged_at: repo.pulls.get(issue.number)?.merged_at ?? null,
          },
        }
      : {}),
  };
}

export function formatMilestone(urls: Urls, repo: RepoState, milestone: MilestoneRecord) {
  const url = `${repoUrl(urls, repo)}/milestones/${milestone.number}`;
  const issues = [...repo.issues.values()].filter((issue) => issue.milestone === milestone.number);
  return {
    url,
    html_url: `${htmlRepoUrl(urls, repo)}/milestone/${milestone.number}`,
    labels_url: `${url}/labels`,
    id: milestone.id,
    node_id: nodeId('Milestone', milestone.id),
    number: milestone.number,
    state: milestone.state,
    title: milestone.title,
    description: null,
    creator: simpleUser(urls, repo.owner),
    open_issues: issues.filter((issue) => issue.state === 'open').length,
    closed_issues: issues.filter((issue) => issue.state === 'closed').length,
    created_at: milestone.created_at,
    updated_at: milestone.created_at,
    closed_at: null,
    due_on: null,
  };
}

export function formatComment(urls: Urls, repo: RepoState, comment: CommentRecord) {
  const url = `${repoUrl(urls, repo)}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url,
    html_url: `${htmlRepoUrl(urls, repo)}/issues/${comment.issue_number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(urls, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${repoUrl(urls, repo)}/issues/${comment.issue_number}`,
    author_association: comment.user.login === repo.owner.login ? 'OWNER' : 'MEMBER',
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}

export function formatRef(urls: Urls, repo: RepoState, ref: string, sha: string) {
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: `${repoUrl(urls, repo)}/git/${ref}`,
    object: { sha, type: 'commit', url: `${repoUrl(urls, repo)}/git/commits/${sha}` },
  };
}

/** Git's author and committer: the profile name (not the login) and the no-reply address GitHub writes. */
export function gitPerson(actor: GitActor, date: string) {
  return { name: actor.name ?? actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com`, date };
}

export function formatGitCommit(urls: Urls, repo: RepoState, commit: Commit) {
  const base = repoUrl(urls, repo);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${base}/git/commits/${commit.sha}`,
    html_url: `${htmlRepoUrl(urls, repo)}/commit/${commit.sha}`,
    author: gitPerson(commit.author, commit.date),
    committer: gitPerson(commit.author, commit.date),
    tree: { sha: commit.treeSha, url: `${base}/git/trees/${commit.treeSha}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({ sha, url: `${base}/git/commits/${sha}`, html_url: `${htmlRepoUrl(urls, repo)}/commit/${sha}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function formatContentFile(urls: Urls, repo: RepoState, path: string, ref: string, sha: string, withContent: boolean) {
  const base = repoUrl(urls, repo);
  const content = repo.git.blobs.get(sha) ?? Buffer.alloc(0);
  const self = `${base}/contents/${path}?ref=${ref}`;
  const html = `${htmlRepoUrl(urls, repo)}/blob/${ref}/${path}`;
  const git = `${base}/git/blobs/${sha}`;
  return {
    name: path.split('/').pop()!,
    path,
    sha,
    size: content.length,
    url: self,
    html_url: html,
    git_url: git,
    download_url: `${urls.api}/raw/${repo.owner.login}/${repo.name}/${ref}/${path}`,
    type: 'file',
    ...(withContent ? { content: content.toString('base64'), encoding: 'base64' } : {}),
    _links: { self, git, html },
  };
}

/** A subdirectory in a contents listing; its sha stands for the subtree it holds. */
export function formatContentDirectory(urls: Urls, repo: RepoState, path: string, ref: string, sha: string) {
  const base = repoUrl(urls, repo);
  const self = `${base}/contents/${path}?ref=${ref}`;
  const html = `${htmlRepoUrl(urls, repo)}/tree/${ref}/${path}`;
  const git = `${base}/git/trees/${sha}`;
  return { name: path.split('/').pop()!, path, sha, size: 0, url: self, html_url: html, git_url: git, download_url: null, type: 'dir', _links: { self, git, html } };
}

/** One changed file (a diff entry) between two trees, as pulls/files and compare list them; `sha` is the blob's. */
export function formatDiffEntry(urls: Urls, repo: RepoState, ref: string, path: string, before: string | undefined, after: string | undefined) {
  const lines = (blob: string | undefined) => (blob ? (repo.git.blobText(blob) ?? '').split('\n').length : 0);
  const additions = lines(after);
  const deletions = lines(before);
  return {
    sha: after ?? before!,
    filename: path,
    status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${htmlRepoUrl(urls, repo)}/blob/${ref}/${path}`,
    raw_url: `${htmlRepoUrl(urls, repo)}/raw/${ref}/${path}`,
    contents_url: `${repoUrl(urls, repo)}/contents/${path}?ref=${ref}`,
  };
}

/** A commit as the repos API (`/commits`, `/compare`) shows it: git data plus the GitHub users. */
export function formatRepoCommit(urls: Urls, repo: RepoState, commit: Commit) {
  const base = repoUrl(urls, repo);
  const git = formatGitCommit(urls, repo, commit);
  return {
    url: `${base}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: git.node_id,
    html_url: git.html_url,
    comments_url: `${base}/commits/${commit.sha}/comments`,
    commit: { url: git.url, author: git.author, committer: git.committer, message: commit.message, comment_count: 0, tree: git.tree, verification: git.verification },
    author: simpleUser(urls, commit.author),
    committer: simpleUser(urls, commit.author),
    parents: git.parents,
  };
}

export function formatFileCommit(urls: Urls, repo: RepoState, path: string | null, ref: string, blobSha: string | null, commit: Commit) {
  return {
    content: path && blobSha ? formatContentFile(urls, repo, path, ref, blobSha, false) : null,
    commit: formatGitCommit(urls, repo, commit),
  };
}

export function actorFor(repo: RepoState, login: string): GitActor {
  // Assignees are logins; ids only need to be stable per login here.
  let hash = 0;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 100000;
  return login === repo.owner.login ? repo.owner : { login, id: 100000 + hash };
}
