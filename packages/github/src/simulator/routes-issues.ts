// Issues, issue comments and labels of the simulated GitHub.
import type { Router, SimulatorRequest, SimulatorResponse } from '@backspace/simulator-kit';
import { formatComment, formatIssue, formatLabel, simpleUser } from './format.js';
import { actorOf, bodyOf, githubError, movedTo, notFound, positiveInt, repoOf, validationFailed, writableRepoOf, type RouteContext } from './context.js';
import { isBot } from './git.js';
import { formatIssueEvent, recordIssueEvents, trackedFields } from './issue-events.js';
import { nextId, type CommentRecord, type IssueRecord, type RepoState } from './state.js';

const base = '/repos/:owner/:repo';

export function addIssueRoutes(router: Router, context: RouteContext): void {
  const issueOf = (repo: RepoState, request: SimulatorRequest) => {
    const number = positiveInt(request.params.number);
    const issue = repo.issues.get(number);
    if (!issue) throw transferredAway(repo, number, request) ?? notFound();
    return issue;
  };
  // An issue a person transferred to another repository: GitHub's 301 to it there, for the issue and
  // its labels (as GitHub's OpenAPI description lists, for every method: a client repeats the request
  // there); its comments and events at the old address are 404, as measured on api.github.com.
  const transferredAway = (repo: RepoState, number: number, request: SimulatorRequest) => {
    const now = repo.transferred.get(number);
    const rest = /\/issues\/\d+((?:\/labels(?:\/.*)?)?)$/.exec(request.path);
    return now && rest ? movedTo(context, request, `/repositories/${now.repo.id}/issues/${now.number}${rest[1]}`, 301) : undefined;
  };

  router.get('/user', (request) => {
    const actor = actorOf(request, context);
    // An App installation token acts as the app's bot, which is no user: GitHub refuses it here.
    if (isBot(actor)) throw githubError(403, 'Resource not accessible by integration', { documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' });
    return { status: 200, body: { ...simpleUser(context.urls, actor), name: actor.name ?? actor.login, company: null, blog: '', location: null, email: null, hireable: null, bio: null, public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: context.repo.createdAt, updated_at: context.repo.createdAt } };
  });

  router.get(`${base}/issues`, (request) => {
    const repo = repoOf(context, request);
    const state = request.query.state ?? 'open';
    let issues = [...repo.issues.values()].filter((issue) => state === 'all' || issue.state === state);
    if (request.query.creator) issues = issues.filter((issue) => issue.user.login === request.query.creator);
    if (request.query.since) issues = issues.filter((issue) => issue.updated_at >= request.query.since!);
    const ascending = request.query.direction === 'asc';
    issues.sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    return page(issues, request, context, (issue) => formatIssue(context.urls, repo, issue));
  });

  router.post(`${base}/issues`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const body = bodyOf(request);
    if (typeof body.title !== 'string' || body.title.length === 0) throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    const now = context.now();
    const issue: IssueRecord = {
      number: repo.nextNumber++,
      id: nextId(repo),
      title: body.title,
      body: typeof body.body === 'string' ? body.body : null,
      state: 'open',
      state_reason: null,
      labels: [],
      assignees: [],
      milestone: null,
      user: actor,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
      editor: null,
      last_edited_at: null,
      locked: false,
      isPull: false,
    };
    if (Array.isArray(body.labels)) issue.labels = ensureLabels(repo, body.labels);
    if (Array.isArray(body.assignees)) issue.assignees = body.assignees.map(String);
    if (body.milestone !== undefined) issue.milestone = milestoneOf(repo, body.milestone);
    repo.issues.set(issue.number, issue);
    recordIssueEvents(repo, null, issue, actor, now);
    return { status: 201, body: formatIssue(context.urls, repo, issue) };
  });

  router.get(`${base}/issues/:number`, (request) => {
    const repo = repoOf(context, request);
    return { status: 200, body: formatIssue(context.urls, repo, issueOf(repo, request)) };
  });

  router.patch(`${base}/issues/:number`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const issue = issueOf(repo, request);
    const before = trackedFields(issue);
    const body = bodyOf(request);
    if (body.title !== undefined) {
      if (typeof body.title !== 'string' || body.title === '') throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      issue.title = body.title;
    }
    if (body.body !== undefined) {
      const text = body.body === null ? null : String(body.body);
      // GitHub keeps a body's edits (GraphQL `userContentEdits`), the last one's editor and time on the issue.
      if (text !== issue.body) Object.assign(issue, { editor: actor, last_edited_at: context.now() });
      issue.body = text;
    }
    if (Array.isArray(body.labels)) issue.labels = ensureLabels(repo, body.labels);
    if (Array.isArray(body.assignees)) issue.assignees = body.assignees.map(String);
    if (body.milestone !== undefined) issue.milestone = milestoneOf(repo, body.milestone);
    // `state_reason`: one of GitHub's documented values or null, and "ignored unless `state` is changed"
    // (the REST description): closing takes `not_planned` or `duplicate` (anything else closes as
    // completed), reopening always reads `reopened`, and a reason alone leaves a closed issue's as it is.
    if (body.state_reason !== undefined && body.state_reason !== null && !STATE_REASONS.includes(body.state_reason as string)) {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state_reason' }]);
    }
    if (body.state !== undefined) {
      if (body.state !== 'open' && body.state !== 'closed') throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
      if (body.state === 'closed' && issue.state === 'open') {
        issue.state = 'closed';
        issue.closed_at = context.now();
        issue.closed_by = actor;
        issue.state_reason = body.state_reason === 'not_planned' || body.state_reason === 'duplicate' ? body.state_reason : 'completed';
      } else if (body.state === 'open' && issue.state === 'closed') {
        if (issue.isPull && repo.pulls.get(issue.number)?.merged_at) throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: 'cannot reopen a merged pull request' }]);
        issue.state = 'open';
        issue.closed_at = null;
        issue.closed_by = null;
        issue.state_reason = 'reopened';
      }
    }
    issue.updated_at = context.now();
    recordIssueEvents(repo, before, issue, actor, issue.updated_at);
    return { status: 200, body: formatIssue(context.urls, repo, issue) };
  });

  // Adds assignees, keeping those already there (201, the issue), as GitHub's "add assignees" does.
  router.post(`${base}/issues/:number/assignees`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const issue = issueOf(repo, request);
    const before = trackedFields(issue);
    const { assignees } = bodyOf(request);
    if (!Array.isArray(assignees)) throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'assignees' }]);
    issue.assignees = [...new Set([...issue.assignees, ...assignees.map(String)])];
    issue.updated_at = context.now();
    recordIssueEvents(repo, before, issue, actor, issue.updated_at);
    return { status: 201, body: formatIssue(context.urls, repo, issue) };
  });

  router.get(`${base}/issues/:number/events`, (request) => {
    const repo = repoOf(context, request);
    const issue = issueOf(repo, request);
    return page(repo.events.filter((event) => event.issue_number === issue.number), request, context, (event) => formatIssueEvent(context.urls, repo, event));
  });

  router.get(`${base}/issues/:number/comments`, (request) => {
    const repo = repoOf(context, request);
    const issue = issueOf(repo, request);
    const comments = [...repo.comments.values()].filter((comment) => comment.issue_number === issue.number).sort((a, b) => a.id - b.id);
    return page(comments, request, context, (comment) => formatComment(context.urls, repo, comment));
  });

  router.post(`${base}/issues/:number/comments`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const issue = issueOf(repo, request);
    const body = bodyOf(request);
    if (typeof body.body !== 'string' || body.body === '') throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    if (issue.locked) throw githubError(403, 'Unable to create comment because issue is locked.');
    const now = context.now();
    const comment: CommentRecord = { id: nextId(repo), issue_number: issue.number, body: body.body, user: actor, created_at: now, updated_at: now, editor: null, last_edited_at: null };
    repo.comments.set(comment.id, comment);
    issue.updated_at = now;
    return { status: 201, body: formatComment(context.urls, repo, comment) };
  });

  // A comment whose issue a person transferred went along (`relocations.ts`), under its id: GitHub's
  // ids are global, and its old repository answers it 404, as it does the moved issue's comment list
  // (measured). Whether GitHub redirects a single comment's old address is not documented: 404 is the
  // reading that is safest for a rollback (a client that took it for deleted would report the comment
  // undone while it sits on the moved issue), so the simulator answers it.
  const commentOf = (repo: RepoState, request: SimulatorRequest) => {
    const comment = repo.comments.get(positiveInt(request.params.id));
    if (!comment) throw notFound();
    return comment;
  };
  router.get(`${base}/issues/comments/:id`, (request) => {
    const repo = repoOf(context, request);
    return { status: 200, body: formatComment(context.urls, repo, commentOf(repo, request)) };
  });
  router.patch(`${base}/issues/comments/:id`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const comment = commentOf(repo, request);
    const body = bodyOf(request);
    if (typeof body.body !== 'string' || body.body === '') throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    // As for an issue's body: GitHub keeps the edit (GraphQL `userContentEdits`), its editor and time on the comment.
    if (body.body !== comment.body) Object.assign(comment, { editor: actor, last_edited_at: context.now() });
    comment.body = body.body;
    comment.updated_at = context.now();
    return { status: 200, body: formatComment(context.urls, repo, comment) };
  });
  router.delete(`${base}/issues/comments/:id`, (request) => {
    const { repo } = writableRepoOf(context, request);
    const comment = commentOf(repo, request);
    repo.comments.delete(comment.id);
    return { status: 204 };
  });

  // The issue's labels (GET /repos/{owner}/{repo}/issues/{issue_number}/labels), one page of them.
  router.get(`${base}/issues/:number/labels`, (request) => {
    const repo = repoOf(context, request);
    const issue = issueOf(repo, request);
    return page(issue.labels.map((name) => repo.labels.get(name.toLowerCase())!), request, context, (label) => formatLabel(context.urls, repo, label));
  });

  router.post(`${base}/issues/:number/labels`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const issue = issueOf(repo, request);
    const before = trackedFields(issue);
    const body = request.body;
    const names = Array.isArray(body) ? body : Array.isArray((body as { labels?: unknown })?.labels) ? (body as { labels: unknown[] }).labels : undefined;
    if (!names || names.length === 0) throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'labels' }]);
    const added = ensureLabels(repo, names);
    for (const name of added) if (!issue.labels.some((label) => label.toLowerCase() === name.toLowerCase())) issue.labels.push(name);
    issue.updated_at = context.now();
    recordIssueEvents(repo, before, issue, actor, issue.updated_at);
    return { status: 200, body: issue.labels.map((name) => formatLabel(context.urls, repo, repo.labels.get(name.toLowerCase())!)) };
  });

  router.delete(`${base}/issues/:number/labels/:name`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const issue = issueOf(repo, request);
    const before = trackedFields(issue);
    const name = request.params.name!.toLowerCase();
    if (!issue.labels.some((label) => label.toLowerCase() === name)) throw githubError(404, 'Label does not exist');
    issue.labels = issue.labels.filter((label) => label.toLowerCase() !== name);
    issue.updated_at = context.now();
    recordIssueEvents(repo, before, issue, actor, issue.updated_at);
    return { status: 200, body: issue.labels.map((label) => formatLabel(context.urls, repo, repo.labels.get(label.toLowerCase())!)) };
  });

  router.get(`${base}/labels`, (request) => {
    const repo = repoOf(context, request);
    return page([...repo.labels.values()], request, context, (label) => formatLabel(context.urls, repo, label));
  });
  router.get(`${base}/labels/:name`, (request) => {
    const repo = repoOf(context, request);
    const label = repo.labels.get(request.params.name!.toLowerCase());
    if (!label) throw notFound();
    return { status: 200, body: formatLabel(context.urls, repo, label) };
  });
  router.post(`${base}/labels`, (request) => {
    const { repo } = writableRepoOf(context, request);
    const body = bodyOf(request);
    if (typeof body.name !== 'string' || body.name === '') throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
    const color = typeof body.color === 'string' ? body.color : 'ededed';
    if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
    if (repo.labels.has(body.name.toLowerCase())) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const label = { id: nextId(repo), name: body.name, color, description: typeof body.description === 'string' ? body.description : null, default: false };
    repo.labels.set(label.name.toLowerCase(), label);
    return { status: 201, body: formatLabel(context.urls, repo, label) };
  });
}

function milestoneOf(repo: RepoState, value: unknown): number | null {
  if (value === null) return null;
  const number = Number(value);
  if (!repo.milestones.has(number)) throw validationFailed([{ value, resource: 'Issue', field: 'milestone', code: 'invalid' }]);
  return number;
}

/** The values the REST description allows for an issue's `state_reason`. */
const STATE_REASONS: readonly string[] = ['completed', 'not_planned', 'duplicate', 'reopened'];

/** Labels named on an issue are created on first use, with GitHub's default grey. */
function ensureLabels(repo: RepoState, names: unknown[]): string[] {
  return names.map((entry) => {
    const name = typeof entry === 'string' ? entry : String((entry as { name?: unknown })?.name ?? '');
    const existing = repo.labels.get(name.toLowerCase());
    if (existing) return existing.name;
    repo.labels.set(name.toLowerCase(), { id: nextId(repo), name, color: 'ededed', description: null, default: false });
    return name;
  });
}

/**
 * One page of a list, with GitHub's `link` header: `prev` and `first` once past the first page, `next`
 * and `last` before the last one (a list that fits one page has none).
 */
function page<T, R>(items: T[], request: SimulatorRequest, context: RouteContext, format: (item: T) => R): SimulatorResponse {
  const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
  const pageNumber = Math.max(1, Number(request.query.page ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((pageNumber - 1) * perPage, pageNumber * perPage).map(format);
  const at = (number: number) => {
    const query = new URLSearchParams(request.searchParams);
    query.set('page', String(number));
    return `<${context.urls.api}${request.path}?${query}>`;
  };
  const links = [
    ...(pageNumber > 1 ? [`${at(Math.min(pageNumber - 1, lastPage))}; rel="prev"`] : []),
    ...(pageNumber < lastPage ? [`${at(pageNumber + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`] : []),
    ...(pageNumber > 1 ? [`${at(1)}; rel="first"`] : []),
  ];
  return links.length > 0 ? { status: 200, headers: { link: links.join(', ') }, body } : { status: 200, body };
}

export { page };
