// GitHub: issues, comments, labels, branches, files, pull requests and merges; a person on Octokit.
import { createGithubAdapter, createGithubClient } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { Item, World } from '../world.js';
import { digest, visibleText, type ProviderKit } from './types.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** The regression seeds found before agents and people edited pull requests as issues. */
const FOUND_BEFORE = new Set(REGRESSION_SEEDS.github!.filter(({ pullsAsIssues }) => !pullsAsIssues).map(({ seed }) => seed));
/** The regression seeds found before people opened pull requests from the branches they committed on. */
const FOUND_BEFORE_PULLS = new Set(REGRESSION_SEEDS.github!.filter(({ opensPulls }) => !opensPulls).map(({ seed }) => seed));
/** The regression seeds found before people transferred issues to another repository and renamed the repository. */
const FOUND_BEFORE_MOVES = new Set(REGRESSION_SEEDS.github!.filter(({ movesIssues }) => !movesIssues).map(({ seed }) => seed));
/** Where a person transfers issues to: another repository of the same owner, made on the first transfer. */
const ELSEWHERE = 'gadgets';
const TRANSFER = `mutation($issueId: ID!, $repositoryId: ID!) {
  transferIssue(input: { issueId: $issueId, repositoryId: $repositoryId }) { issue { number } }
}`;

export const githubKit: ProviderKit = {
  provider: 'github',
  async start(clock) {
    const simulator = await createGithubSimulator({ clock });
    const { owner, repo, tokens, labels, logins, defaultBranch } = simulator.seed;
    const repoKey = `${owner}/${repo}`.toLowerCase();
    const personClient = createGithubClient(tokens.human, simulator.url);
    const person = personClient.rest;
    // A person's pull request waiting for review, so an agent may merge (or comment on) what it did not write.
    simulator.createBranch('docs-review');
    simulator.push('docs-review', { 'docs/review.md': 'Reviewed by a person\n' }, 'Docs for review');
    await person.pulls.create({ owner, repo, title: 'Docs for review', head: 'docs-review', base: defaultBranch, body: 'Please review' });
    const state = () => simulator.inspect();
    const issues = (pulls: boolean) => [...state().issues.values()].filter((issue) => issue.isPull === pulls);
    const branches = () => [...state().git.refs.keys()].filter((ref) => ref.startsWith('refs/heads/')).map((ref) => ref.slice('refs/heads/'.length));
    const treeOf = (branch: string) => {
      const tip = state().git.refs.get(`refs/heads/${branch}`);
      return tip ? state().git.getCommit(tip)!.tree : {};
    };
    const openPullHeads = () => new Set([...state().pulls.values()].filter((pull) => state().issues.get(pull.number)!.state === 'open').map((pull) => pull.head));
    /** A file to write on a branch: an existing one (with its blob sha) or a new path. */
    const fileTarget = (rng: Rng, branch: string, tag: string) => {
      const tree = treeOf(branch);
      const existing = Object.keys(tree);
      if (existing.length > 0 && rng.chance(0.6)) {
        const path = rng.pick(existing);
        return { path, sha: tree[path]! };
      }
      return { path: `notes/${tag}.md` };
    };

    /**
     * A pull request's number in place of an issue's, for a share of issue actions and edits: a pull
     * request's conversation is written through the issues API too (its title, body, state, labels).
     * Drawn apart, by the action's tag, so every other draw of a seed stays as it was; never in a
     * regression seed, which replays the incident it was found with (`rng` is the run's, its seed the run's).
     */
    const orPull = (number: number | undefined, rng: Rng, tag: string): number | undefined => {
      if (FOUND_BEFORE.has(rng.seed)) return number;
      const apart = rng.apart(1_000_000, tag);
      return issues(true).length && apart.chance(0.25) ? apart.pick(issues(true)).number : number;
    };

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const anyIssue = () => orPull(issues(false).length ? rng.pick(issues(false)).number : undefined, rng, tag);
      switch (action) {
        case 'github.issue.create':
          return { owner, repo, title: `${tag} issue`, ...(rng.chance(0.5) ? { body: `${tag} body` } : {}), ...(rng.chance(0.4) ? { labels: [rng.pick(labels)] } : {}) };
        case 'github.issue.update': {
          const issue_number = anyIssue();
          if (!issue_number) return undefined;
          const update: Record<string, unknown> = {};
          if (rng.chance(0.5)) update.title = `${tag} title`;
          if (rng.chance(0.4)) update.body = `${tag} body`;
          if (rng.chance(0.3)) update.state = rng.pick(['open', 'closed']);
          if (rng.chance(0.3)) update.labels = rng.subset(labels);
          if (rng.chance(0.2)) update.assignees = rng.chance(0.5) ? [logins.agent] : [];
          if (Object.keys(update).length === 0) update.title = `${tag} title`;
          return { owner, repo, issue_number, ...update };
        }
        case 'github.issue.comment.create': {
          const issue_number = anyIssue();
          return issue_number ? { owner, repo, issue_number, body: `${tag} comment` } : undefined;
        }
        case 'github.issue.comment.update': {
          const comments = [...state().comments.values()];
          return comments.length ? { owner, repo, comment_id: rng.pick(comments).id, body: `${tag} edited comment` } : undefined;
        }
        case 'github.labels.add': {
          const issue_number = anyIssue();
          const chosen = rng.subset(labels);
          return issue_number ? { owner, repo, issue_number, labels: chosen.length ? chosen : [rng.pick(labels)] } : undefined;
        }
        case 'github.branch.create': {
          const from = rng.pick(branches());
          return { owner, repo, ref: `refs/heads/${tag}-branch`, sha: state().git.refs.get(`refs/heads/${from}`)! };
        }
        case 'github.file.put': {
          const branch = rng.pick(branches());
          const target = fileTarget(rng, branch, tag);
          return { owner, repo, ...target, message: `${tag} commit`, content: base64(`${tag} content\n`), ...(branch === defaultBranch && rng.chance(0.5) ? {} : { branch }) };
        }
        case 'github.pull.create': {
          const main = JSON.stringify(treeOf(defaultBranch));
          const open = openPullHeads();
          const heads = branches().filter((branch) => branch !== defaultBranch && !open.has(branch) && JSON.stringify(treeOf(branch)) !== main);
          return heads.length ? { owner, repo, title: `${tag} pull`, head: rng.pick(heads), base: defaultBranch, body: `${tag} pull body` } : undefined;
        }
        case 'github.pull.merge': {
          const open = [...state().pulls.values()].filter((pull) => state().issues.get(pull.number)!.state === 'open' && pull.merged_at === null);
          return open.length ? { owner, repo, pull_number: rng.pick(open).number, merge_method: rng.pick(['merge', 'squash', 'rebase']) } : undefined;
        }
        default:
          throw new Error(`the GitHub incident kit has no input for ${action}`);
      }
    };

    /**
     * Now and then, instead of an edit, a person moves things (never in a seed found before): they transfer
     * an issue (not a pull request) to another repository, where it gets another number and takes its
     * comments along, or, rarely, rename the repository (GitHub redirects the old name, which everyone
     * goes on using). Drawn apart, by the edit's tag.
     */
    const personMoves = async (rng: Rng, tag: string): Promise<string | undefined> => {
      if (FOUND_BEFORE_MOVES.has(rng.seed)) return undefined;
      const apart = rng.apart(8_000_000, tag);
      if (apart.chance(0.1) && issues(false).length > 0) {
        const issue = apart.pick(issues(false));
        if (!simulator.inspectRepository(ELSEWHERE)) simulator.createRepository(ELSEWHERE);
        const issueId = (await person.issues.get({ owner, repo, issue_number: issue.number })).data.node_id;
        const repositoryId = (await person.repos.get({ owner, repo: ELSEWHERE })).data.node_id;
        const moved = await personClient.graphql<{ transferIssue: { issue: { number: number } } }>(TRANSFER, { issueId, repositoryId });
        return `transferred issue #${issue.number} to ${owner}/${ELSEWHERE}#${moved.transferIssue.issue.number}`;
      }
      if (apart.chance(0.02)) {
        const name = `${repo}-${tag}`;
        await person.repos.update({ owner, repo, name });
        return `renamed the repository ${owner}/${state().name} (formerly ${state().formerNames.join(', ')})`;
      }
      return undefined;
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const moved = await personMoves(rng, tag);
      if (moved !== undefined) return moved;
      const picked = issues(false).length ? rng.pick(issues(false)) : undefined;
      const issue = state().issues.get(orPull(picked?.number, rng, tag) ?? -1);
      switch (rng.int(7)) {
        case 0:
          if (!issue) return 'nothing';
          await person.issues.update({ owner, repo, issue_number: issue.number, ...(rng.chance(0.5) ? { title: `${tag} title` } : { body: `${tag} body` }) });
          return `edited issue #${issue.number}`;
        case 1:
          if (!issue) return 'nothing';
          await person.issues.addLabels({ owner, repo, issue_number: issue.number, labels: [rng.pick(labels)] });
          return `labelled issue #${issue.number}`;
        case 2:
          if (!issue) return 'nothing';
          await person.issues.createComment({ owner, repo, issue_number: issue.number, body: `${tag} comment` });
          return `commented on issue #${issue.number}`;
        case 3:
          await person.issues.create({ owner, repo, title: `${tag} issue` });
          return 'opened an issue';
        case 4: {
          if (!issue) return 'nothing';
          const state = issue.state === 'open' ? 'closed' : 'open';
          await person.issues.update({ owner, repo, issue_number: issue.number, state });
          return `${state === 'closed' ? 'closed' : 'reopened'} issue #${issue.number}`;
        }
        case 5: {
          // Now and then, instead, they open a pull request from a branch with changes on it and none open
          // (deleting the branch would close it); drawn apart, never in a seed found before.
          const apart = rng.apart(2_000_000, tag);
          const differs = (branch: string) => JSON.stringify(treeOf(branch)) !== JSON.stringify(treeOf(defaultBranch));
          const ready = FOUND_BEFORE_PULLS.has(rng.seed) ? [] : branches().filter((branch) => branch !== defaultBranch && !openPullHeads().has(branch) && differs(branch));
          if (ready.length > 0 && apart.chance(0.5)) {
            const head = apart.pick(ready);
            const pull = (await person.pulls.create({ owner, repo, title: `${tag} pull request`, head, base: defaultBranch })).data;
            return `opened pull request #${pull.number} from ${head}`;
          }
          const branch = rng.pick(branches());
          const target = fileTarget(rng, branch, tag);
          await person.repos.createOrUpdateFileContents({ owner, repo, branch, ...target, message: `${tag} commit`, content: base64(`${tag} content\n`) });
          return `committed ${target.path} on ${branch}`;
        }
        default: {
          const mine = [...state().comments.values()].filter((comment) => comment.user.login === logins.human);
          if (!mine.length) return 'nothing';
          const comment = rng.pick(mine);
          await person.issues.updateComment({ owner, repo, comment_id: comment.id, body: `${tag} edited comment` });
          return `edited comment ${comment.id}`;
        }
      }
    };

    /**
     * The seeded repository's issues where they are now: those a person transferred, under the number they
     * had here (so the ledger follows one item), in the other repository, with their comments there.
     */
    const whereIssuesAre = () => {
      const repoState = state();
      const found = [...repoState.issues.values()].map((issue) => ({ issue, number: issue.number, comments: repoState.comments, movedTo: undefined as string | undefined }));
      for (const [number, now] of repoState.transferred) {
        const issue = now.repo.issues.get(now.number);
        if (issue) found.push({ issue, number, comments: now.repo.comments, movedTo: `${now.repo.name}#${now.number}` });
      }
      return found;
    };

    const observe = (): World => {
      const world: World = new Map();
      const repoState = state();
      for (const { issue, number, comments: all, movedTo } of whereIssuesAre()) {
        const comments = [...all.values()].filter((comment) => comment.issue_number === issue.number);
        const fields: Record<string, string> = { title: issue.title, body: visibleText(issue.body) };
        for (const label of issue.labels) fields[`label:${label}`] = 'yes';
        for (const assignee of issue.assignees) fields[`assignee:${assignee}`] = 'yes';
        if (!issue.isPull) fields.milestone = String(issue.milestone);
        for (const comment of comments) fields[`comment:${comment.id}`] = 'yes';
        // A person's transfer is their change to the issue: it is kept where they moved it.
        if (movedTo !== undefined) fields.moved_to = movedTo;
        const where = `#${number} in ${owner}/${repo}`;
        const item: Item = issue.isPull
          ? { kind: 'pull', alive: issue.state === 'open', retained: true, fields, names: [`github.issue:${repoKey}#${number}`, `github.pull:${repoKey}#${number}`, `github.merge:${repoKey}#${number}`, `revert commit for ${where}`, `revert pull request for ${where}`], identity: issue.title }
          : { kind: 'issue', alive: issue.state === 'open', retained: true, fields, names: [`github.issue:${repoKey}#${number}`], identity: issue.title };
        world.set(`${item.kind}:${number}`, item);
        // Its comments, wherever it is, named as the writes that made them named them (the seeded repository's old address).
        for (const comment of comments) {
          world.set(`comment:${comment.id}`, { kind: 'comment', alive: true, fields: { body: visibleText(comment.body), issue: String(number) }, names: [`github.comment:${repoKey}#comment-${comment.id}`], identity: comment.body });
        }
      }
      for (const branch of branches()) {
        const tree = treeOf(branch);
        const files: Record<string, string> = {};
        for (const [path, blob] of Object.entries(tree)) {
          const content = digest(repoState.git.blobText(blob) ?? '');
          files[`file:${path}`] = content;
          // A merge not undone (its step named) or whose revert was left open for review leaves the merged content on the base branch.
          const names = [`github.file:${repoKey}:${branch}:${path}`, ...(branch === defaultBranch ? [`github.file:${repoKey}::${path}`, `github.merge:${repoKey}#`, 'is left open: others changed the same files'] : [])];
          world.set(`file:${branch}:${path}`, { kind: 'file', alive: true, fields: { content }, names, container: `branch:${branch}`, copy: true });
        }
        const merges = branch === defaultBranch ? [`github.merge:${repoKey}#`, 'is left open: others changed the same files'] : [];
        // Its fields are its files: a step on one of them names it (each file is also checked as its own item).
        const fileSteps = `github.file:${repoKey}:${branch}:`;
        world.set(`branch:${branch}`, { kind: 'branch', alive: true, copy: true, fields: files, names: [`github.branch:${repoKey}:${branch}`, fileSteps, ...merges], identity: branch });
      }
      return world;
    };

    return {
      provider: 'github',
      url: simulator.url,
      agentToken: tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url }),
      // GraphQL queries are reads; only its mutations write.
      isWrite: (request) => request.method !== 'GET' && (request.path !== '/graphql' || /^\s*mutation\b/.test(String((request.body as { query?: unknown } | undefined)?.query ?? ''))),
      marks: /^(label|assignee):/,
      agentInput,
      humanEdit,
      async humanRepeat(action, input) {
        const { owner: _owner, repo: _repo, issue_number, ...fields } = input as { owner: string; repo: string; issue_number: number; labels?: string[] } & Record<string, unknown>;
        if (action === 'github.issue.update') await person.issues.update({ owner, repo, issue_number, ...fields });
        else if (action === 'github.labels.add') await person.issues.addLabels({ owner, repo, issue_number, labels: fields.labels as string[] });
        else if (action === 'github.file.put') {
          // The same bytes committed by hand; GitHub refuses it when the file moved on since (a stale sha).
          const done = await person.repos.createOrUpdateFileContents({ owner, repo, ...(fields as { path: string; message: string; content: string }) }).then(() => true, () => false);
          return done ? `did by hand the ${action} of ${String(fields.path)}` : undefined;
        } else return undefined;
        return `did by hand the ${action} of #${issue_number}`;
      },
      observe,
      close: () => simulator.close(),
    };
  },
};
