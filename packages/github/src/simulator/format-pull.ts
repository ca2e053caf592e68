// GitHub's JSON shapes for pull requests and the repository object their head and base embed.
import { formatLabel, htmlRepoUrl, repoUrl, simpleUser, type Urls } from './format.js';
import { nodeId, type IssueRecord, type PullRecord, type RepoState } from './state.js';

/** The full repository (`GET` and `PATCH /repos/{owner}/{repo}`): the shape pull requests embed, and these. */
export function formatFullRepository(urls: Urls, repo: RepoState) {
  return { ...formatRepository(urls, repo), has_discussions: false, network_count: 0, subscribers_count: 0 };
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
  // Once merged, the base side stays where the base was when the merge happened, as on GitHub.
  const baseSha = pull.baseShaBeforeMerge ?? repo.git.refs.get(`refs/heads/${pull.base}`) ?? '';
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
