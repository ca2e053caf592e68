// GitHub's JSON shapes for the simulator's records, with the fields and URLs api.github.com sends.
import type { Commit, GitActor } from './git.js';
import { nodeId, type CommentRecord, type IssueRecord, type LabelRecord, type MilestoneRecord, type PullRecord, type RepoState } from './state.js';

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
    type: 'User',
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

function gitPerson(actor: GitActor, date: string) {
  return { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com`, date };
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
  const content = repo.git.blobs.get(sha) ?? '';
  const self = `${base}/contents/${path}?ref=${ref}`;
  const html = `${htmlRepoUrl(urls, repo)}/blob/${ref}/${path}`;
  const git = `${base}/git/blobs/${sha}`;
  return {
    name: path.split('/').pop()!,
    path,
    sha,
    size: Buffer.byteLength(content, 'utf8'),
    url: self,
    html_url: html,
    git_url: git,
    download_url: `${urls.api}/raw/${repo.owner.login}/${repo.name}/${ref}/${path}`,
    type: 'file',
    ...(withContent ? { content: Buffer.from(content, 'utf8').toString('base64'), encoding: 'base64' } : {}),
    _links: { self, git, html },
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

export function formatRepository(urls: Urls, repo: RepoState) {
  const url = repoUrl(urls, repo);
  const html = htmlRepoUrl(urls, repo);
  const templated = (name: string, suffix = '') => `${url}/${name}${suffix}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    private: false,
    owner: simpleUser(urls, repo.owner),
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: templated('{archive_format}{/ref}'),
    assignees_url: templated('assignees', '{/user}'),
    blobs_url: templated('git/blobs', '{/sha}'),
    branches_url: templated('branches', '{/branch}'),
    collaborators_url: templated('collaborators', '{/collaborator}'),
    comments_url: templated('comments', '{/number}'),
    commits_url: templated('commits', '{/sha}'),
    compare_url: templated('compare/{base}...{head}'),
    contents_url: templated('contents/{+path}'),
    contributors_url: templated('contributors'),
    deployments_url: templated('deployments'),
    downloads_url: templated('downloads'),
    events_url: templated('events'),
    forks_url: templated('forks'),
    git_commits_url: templated('git/commits', '{/sha}'),
    git_refs_url: templated('git/refs', '{/sha}'),
    git_tags_url: templated('git/tags', '{/sha}'),
    git_url: `git:${html.replace(/^https?:/, '')}.git`,
    issue_comment_url: templated('issues/comments', '{/number}'),
    issue_events_url: templated('issues/events', '{/number}'),
    issues_url: templated('issues', '{/number}'),
    keys_url: templated('keys', '{/key_id}'),
    labels_url: templated('labels', '{/name}'),
    languages_url: templated('languages'),
    merges_url: templated('merges'),
    milestones_url: templated('milestones', '{/number}'),
    notifications_url: templated('notifications{?since,all,participating}'),
    pulls_url: templated('pulls', '{/number}'),
    releases_url: templated('releases', '{/id}'),
    ssh_url: `git@simulator:${repo.owner.login}/${repo.name}.git`,
    stargazers_url: templated('stargazers'),
    statuses_url: templated('statuses/{sha}'),
    subscribers_url: templated('subscribers'),
    subscription_url: templated('subscription'),
    tags_url: templated('tags'),
    teams_url: templated('teams'),
    trees_url: templated('git/trees', '{/sha}'),
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: templated('hooks'),
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: [...repo.issues.values()].filter((issue) => issue.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    allow_forking: true,
    license: null,
    forks: 0,
    open_issues: [...repo.issues.values()].filter((issue) => issue.state === 'open').length,
    watchers: 0,
  };
}

export function formatPull(urls: Urls, repo: RepoState, issue: IssueRecord, pull: PullRecord, detail: { mergeable: boolean | null; files: number; commits: number } | null) {
  const base = repoUrl(urls, repo);
  const html = `${htmlRepoUrl(urls, repo)}/pull/${pull.number}`;
  const url = `${base}/pulls/${pull.number}`;
  const issueUrl = `${base}/issues/${pull.number}`;
  const baseSha = repo.git.refs.get(`refs/heads/${pull.base}`) ?? pull.baseShaBeforeMerge ?? '';
  const side = (ref: string, sha: string) => ({ label: `${repo.owner.login}:${ref}`, ref, sha, user: simpleUser(urls, repo.owner), repo: formatRepository(urls, repo) });
  const link = (href: string) => ({ href });
  const merged = pull.merged_at !== null;
  const simple = {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${base}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${base}/statuses/${pull.headSha}`,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: simpleUser(urls, issue.user),
    body: issue.body,
    labels: issue.labels.map((name) => formatLabel(urls, repo, repo.labels.get(name.toLowerCase())!)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head, pull.headSha),
    base: side(pull.base, baseSha),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${base}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${base}/statuses/${pull.headSha}`),
    },
    author_association: issue.user.login === repo.owner.login ? 'OWNER' : 'MEMBER',
    auto_merge: null,
    draft: pull.draft,
  };
  if (!detail) return simple;
  return {
    ...simple,
    merged,
    mergeable: merged || issue.state === 'closed' ? null : detail.mergeable,
    rebaseable: merged || issue.state === 'closed' ? null : detail.mergeable,
    mergeable_state: merged ? 'unknown' : detail.mergeable ? 'clean' : 'dirty',
    merged_by: pull.merged_by ? simpleUser(urls, pull.merged_by) : null,
    comments: [...repo.comments.values()].filter((comment) => comment.issue_number === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: detail.commits,
    additions: detail.files,
    deletions: 0,
    changed_files: detail.files,
  };
}
