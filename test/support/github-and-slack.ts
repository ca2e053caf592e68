// A runtime on a SQLite file with the GitHub and Slack adapters, each on its own simulator: the set-up
// the selection and cascade tests share. Everything it opens is pushed onto `open`, to close after the test.
import { createRuntime, type RuntimeOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator } from '@backspace/slack/simulator';
import { tempJournalPath } from './rig.js';

export async function githubAndSlack(open: { close(): Promise<void> }[], options: Pick<RuntimeOptions, 'policy' | 'content'> = {}) {
  const github = await createGithubSimulator();
  const slack = await createSlackSimulator();
  open.push(github, slack);
  const journal = createSqliteJournal({ path: tempJournalPath() });
  open.push(journal);
  const runtime = createRuntime({
    journal,
    adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url }), createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })],
    policy: [],
    retry: { baseDelayMs: 1 },
    ...options,
  });
  return { github, slack, runtime, journal, owner: github.seed.owner, repo: github.seed.repo, channel: slack.seed.channel };
}
