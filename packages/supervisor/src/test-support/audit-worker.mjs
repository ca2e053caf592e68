// A supervisor in its own process for the shared-audits tests: the built packages, a PostgreSQL journal
// and the pg-boss queue. With `hang`, its evaluator never answers (printing `evaluating <action id>`),
// so the test can kill it mid-audit; otherwise it prints `audited <action id>` for each audit it did.
import { createRuntime } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { createSupervisor, PgBossAuditQueue } from '../../dist/index.js';

const { connectionString, journalSchema, bossSchema, config, hang } = JSON.parse(process.argv[2]);
const journal = await createPostgresJournal({ connectionString, schema: journalSchema });
const runtime = createRuntime({ journal, adapters: [], policy: [] });
const queue = new PgBossAuditQueue({ connectionString, schema: bossSchema, expireInSeconds: 2, maintenanceIntervalSeconds: 1 });
const supervisor = createSupervisor({
  runtime,
  config,
  queue,
  say: (line) => process.stdout.write(`say ${line}\n`),
  evaluator: async (subject) => {
    if (hang) {
      process.stdout.write(`evaluating ${subject.actionId}\n`);
      return new Promise(() => undefined);
    }
    process.stdout.write(`audited ${subject.actionId}\n`);
    return { verdict: 'pass', confidence: 1, reason: 'fine' };
  },
});
await supervisor.start();
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await supervisor.stop();
  await journal.close();
  process.exit(0);
});
