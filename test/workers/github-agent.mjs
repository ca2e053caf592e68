// An agent in its own process: one session that opens issues on a GitHub API (the simulator) through
// a shared SQLite journal, printing its session id and each issue it opened; the test may kill it.
import { createRuntime } from '../../packages/core/dist/index.js';
import { createSqliteJournal } from '../../packages/journal-sqlite/dist/index.js';
import { createGithubAdapter } from '../../packages/github/dist/index.js';

const [path, baseUrl, token, owner, repo, count] = process.argv.slice(2);
const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [createGithubAdapter({ token, baseUrl })], policy: [] });
const session = await runtime.startSession({ agentId: 'triage-bot', reason: 'file duplicates' });
process.stdout.write(`session ${session.id}\n`);
for (let index = 0; index < Number(count); index += 1) {
  const issue = await session.run('github.issue.create', { owner, repo, title: `issue ${index}` });
  process.stdout.write(`created ${issue.number}\n`);
}
await session.end();
process.stdout.write('ended\n');
process.exit(0);
