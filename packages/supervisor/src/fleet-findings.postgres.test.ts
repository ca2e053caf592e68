// Two supervisors on one PostgreSQL journal, as a fleet runs them, both see the same complaint spike.
// Recording a finding read the finding's key, then appended: both read before either appended, and
// the journal held the finding twice, each answered (two pauses, two notices). Whichever supervisor
// wins, the journal must hold one finding and one response. The journal here answers key reads slowly,
// as a loaded database does, so the two reads meet every time. Read back through the journal and the
// Slack simulator's own state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createPostgresJournal, type PostgresJournal } from '@backspace/journal-postgres';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL } from '../../journal-postgres/src/test-support/postgres-server.js';
import { createSupervisor, type Supervisor, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, waitFor } from './test-support/rig.js';

const available = await postgresAvailable();

/** The store, with reads of a finding's key taking `ms` longer. */
function slowKeyReads(journal: JournalStore, ms: number): JournalStore {
  return new Proxy(journal, {
    get(target, property) {
      if (property === 'keyEntries') {
        return async (key: string) => {
          if (key.startsWith('supervisor:finding:')) await new Promise((resolve) => setTimeout(resolve, ms));
          return target.keyEntries(key);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe.runIf(available)('two supervisors on one PostgreSQL journal', () => {
  const schema = freshSchema();
  let simulator: SlackSimulator;
  const journals: PostgresJournal[] = [];
  beforeAll(async () => {
    simulator = await createSlackSimulator({ rateLimits: false });
    for (let index = 0; index < 3; index += 1) journals.push(await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema }));
  });
  afterAll(async () => {
    for (const journal of journals) await journal.close();
    await simulator?.close();
    await dropSchema(schema);
  });

  it('a spike both see is one finding, answered once: one pause, one notice', async () => {
    const { channel, privateChannel } = simulator.seed;
    const [agentJournal, ...supervisorJournals] = journals;
    const config: SupervisorConfig = {
      pollMs: 50,
      triggers: { complaints: { channel, patterns: ['spam', 'wrong', 'stop'], threshold: 3, windowMs: 60_000, pollMs: 200, response: 'pause' } },
      notify: { slackChannel: privateChannel },
    };
    const supervisors: Supervisor[] = supervisorJournals.map((journal) => {
      const slack = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
      const runtime = createRuntime({ journal: slowKeyReads(journal, 1000), adapters: [slack], policy: [] });
      return createSupervisor({ runtime, config, slack });
    });
    const agentRuntime = createRuntime({ journal: agentJournal!, adapters: [createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [] });
    for (const supervisor of supervisors) await supervisor.start();
    try {
      const session = await agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-9' });
      await session.run('slack.message.post', { channel: privateChannel, text: 'Following up on CASE-9' });
      // Complaints are matched against the work a supervisor has read from the journal when it reads them.
      await waitFor(() => supervisors.every((supervisor) => supervisor.stats.seen === 1), 5000, 'both supervisors to read the post');
      const customer = simulator.client();
      for (const text of ['CASE-9 spam', 'CASE-9 wrong again', 'stop, CASE-9']) await customer.chat.postMessage({ channel, text });
      await waitFor(async () => (await agentJournal!.entriesOfType(['supervisor.response'])).length > 0, 10_000, 'a response');
      // Both supervisors poll the channel several times more: a second finding or answer would be in by now.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      for (const supervisor of supervisors) await supervisor.stop();
    }

    const findings = (await agentJournal!.entriesOfType(['supervisor.finding'])).map(dataOf);
    expect(findings).toHaveLength(1);
    const responses = (await agentJournal!.entriesOfType(['supervisor.response'])).map(dataOf);
    expect(responses.map((response) => response.findingId)).toEqual([findings[0]!.findingId]);
    expect((await agentJournal!.entriesOfType(['kill'])).map((entry) => dataOf(entry).scope)).toEqual([{ agentId: 'outreach' }]);
    expect(channelTexts(simulator, privateChannel).filter((text) => text.startsWith('supervisor finding'))).toHaveLength(1);
  }, 30_000);
});
