// GitHub's part of `backspace demo`: the agent merges a pull request with broken pricing logic and
// comments on the bug; meanwhile a human commits release notes to main and comments too. Rollback must
// revert only the agent's merge (a revert commit stays as residue) and keep the human's commit.
import { Octokit } from '@octokit/rest';
import type { Session } from '@backspace/core';
import type { DemoPart } from '@backspace/simulator-kit';
import { createGithubAdapter } from '../github-adapter.js';
import { createGithubSimulator } from './github-simulator.js';

const BROKEN_PRICING = 'export function total(items) {\n  // "fix" discounts: count items instead of summing prices\n  return items.length;\n}\n';
const RELEASE_NOTES = '# Release notes\n\n- 2.4: faster checkout\n';
const HUMAN_COMMENT = 'I will pair with the agent on this tomorrow.';
const BRANCH = 'agent/fix-discounts';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export async function createGithubDemo(): Promise<DemoPart> {
  const simulator = await createGithubSimulator();
  const { owner, repo, defaultBranch, issueNumber, tokens } = simulator.seed;
  const adapter = createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url });
  const human = new Octokit({ auth: tokens.human, baseUrl: simulator.url, log: quiet });
  let pullNumber = 0;

  const readFile = async (path: string, ref = defaultBranch): Promise<string | null> => {
    try {
      const found = await human.rest.repos.getContent({ owner, repo, path, ref });
      return Buffer.from((found.data as { content: string }).content, 'base64').toString('utf8');
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };

  return {
    provider: 'github',
    adapter,
    simulator,
    async agent(session: Session) {
      const main = await human.rest.git.getRef({ owner, repo, ref: `heads/${defaultBranch}` });
      await session.run('github.branch.create', { owner, repo, ref: `refs/heads/${BRANCH}`, sha: main.data.object.sha });
      const pricing = await human.rest.repos.getContent({ owner, repo, path: 'src/pricing.js', ref: BRANCH });
      await session.run('github.file.put', { owner, repo, path: 'src/pricing.js', branch: BRANCH, message: 'Fix discounted totals', content: base64(BROKEN_PRICING), sha: (pricing.data as { sha: string }).sha });
      const pull = await session.run<{ number: number }>('github.pull.create', { owner, repo, title: 'Fix discounted totals', head: BRANCH, base: defaultBranch, body: 'Fixes #1.' });
      pullNumber = pull.number;
      await session.run('github.pull.merge', { owner, repo, pull_number: pull.number, merge_method: 'merge' });
      await session.run('github.issue.comment.create', { owner, repo, issue_number: issueNumber, body: `Fixed in #${pull.number}, closing soon.` });
      return [
        `created branch ${BRANCH} in ${owner}/${repo}`,
        'committed broken pricing logic to src/pricing.js (totals count items instead of summing prices)',
        `opened pull request #${pull.number} "Fix discounted totals"`,
        `merged #${pull.number} into ${defaultBranch}`,
        `commented on issue #${issueNumber} that it is fixed`,
      ];
    },
    async human() {
      await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/release-notes.md', message: 'Add release notes', content: base64(RELEASE_NOTES), branch: defaultBranch });
      await human.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: HUMAN_COMMENT });
      return [
        `octo-human pushed an unrelated commit to ${defaultBranch} (docs/release-notes.md)`,
        `octo-human commented on issue #${issueNumber}`,
      ];
    },
    async verify() {
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      const pricing = await readFile('src/pricing.js');
      if (pricing === BROKEN_PRICING) agentEffectsRemaining.push(`the broken src/pricing.js is still on ${defaultBranch}`);
      if (pricing !== simulator.seed.files['src/pricing.js']) agentEffectsRemaining.push(`src/pricing.js on ${defaultBranch} is not back to its earlier content`);
      const branch = await human.rest.git.getRef({ owner, repo, ref: `heads/${BRANCH}` }).then(() => true, () => false);
      if (branch) agentEffectsRemaining.push(`branch ${BRANCH} still exists`);
      if (pullNumber) {
        const pull = await human.rest.pulls.get({ owner, repo, pull_number: pullNumber });
        if (pull.data.state === 'open') agentEffectsRemaining.push(`pull request #${pullNumber} is still open`);
      }
      const comments = await human.rest.issues.listComments({ owner, repo, issue_number: issueNumber, per_page: 100 });
      if (comments.data.some((comment) => comment.user?.login === simulator.seed.logins.agent)) agentEffectsRemaining.push(`the agent's comment on issue #${issueNumber} is still there`);
      if (!comments.data.some((comment) => comment.body === HUMAN_COMMENT)) humanEditsLost.push(`octo-human's comment on issue #${issueNumber} is gone`);
      if ((await readFile('docs/release-notes.md')) !== RELEASE_NOTES) humanEditsLost.push(`octo-human's docs/release-notes.md is no longer on ${defaultBranch}`);
      return { agentEffectsRemaining, humanEditsLost };
    },
    close: () => simulator.close(),
  };
}
