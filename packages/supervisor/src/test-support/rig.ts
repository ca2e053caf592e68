// What the supervisor's tests share: a Slack simulator, an agent's runtime and the supervisor's on one
// SQLite journal, and readers that go around the code under test (the simulator's state, the journal).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, systemClock, type Clock, type JournalEntry, type JournalStore, type Json } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, inspectChannel, type SlackAppKind, type SlackSimulator } from '@backspace/slack/simulator';
import { createSupervisor } from '../supervisor.js';
import type { AuditQueue } from '../audit-queue.js';

/**
 * `inFlightTimeoutMs`: the supervisor runtime's bound on a write in flight (its rollback waits it out).
 * `clock`: both runtimes' (what their entries are stamped with), for a test that sets the time.
 * `appKind`: the Slack app the simulator answers as (a `non-marketplace` app gets 15 messages a page).
 */
export async function slackRig({ clock, appKind, ...options }: { inFlightTimeoutMs?: number; clock?: Clock; appKind?: SlackAppKind } = {}) {
  const simulator = await createSlackSimulator({ rateLimits: false, ...(appKind ? { appKind } : {}) });
  const path = join(mkdtempSync(join(tmpdir(), 'bs-supervisor-')), 'journal.db');
  const journal = createSqliteJournal({ path });
  const agentAdapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const agentRuntime = createRuntime({ journal, adapters: [agentAdapter], policy: [], killSwitchPollMs: 50, ...(clock ? { clock } : {}) });
  // The supervisor's own store on the same file, as another process would open it.
  const supervisorJournal = createSqliteJournal({ path });
  const supervisorAdapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const supervisorRuntime = createRuntime({ journal: supervisorJournal, adapters: [supervisorAdapter], policy: [], ...options, ...(clock ? { clock } : {}) });
  return {
    simulator,
    journal,
    path,
    agentRuntime,
    supervisorRuntime,
    supervisorAdapter,
    async close() {
      await journal.close();
      await supervisorJournal.close();
      await simulator.close();
    },
  };
}

/** Texts of the live messages in a channel, read from the simulator's state. */
export function channelTexts(simulator: SlackSimulator, channel: string): string[] {
  const state = inspectChannel(simulator.workspace, simulator.workspace.channels.get(channel)!) as { messages: { text?: string; tombstone?: boolean }[] };
  return state.messages.filter((message) => !message.tombstone).map((message) => String(message.text));
}

export async function entriesOf(journal: JournalStore, type: JournalEntry['type']): Promise<JournalEntry[]> {
  return journal.entriesOfType([type]);
}

export function dataOf(entry: JournalEntry): Record<string, Json> {
  return entry.data as Record<string, Json>;
}

/** Polls `check` until it holds or `timeoutMs` passes; gives the time it took. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000, what = 'condition'): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - start;
}

/** A clock that stands where the test sets it (`set`), sleeping in real time: stamps and windows independent of the machine's load. */
export function setClock(start: number): Clock & { set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: systemClock.sleep,
    set: (ms) => {
      now = ms;
    },
  };
}

/**
 * A Slack rig and a supervisor on `queue`, started, whose policy forbids posting in the seed channel
 * (pause-and-rollback); the agent `announcer` has posted `text` there. Both are closed by `cleanup`.
 */
export async function forbiddenPost(queue: AuditQueue, text: string, cleanup: (() => Promise<void>)[]) {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const supervisor = createSupervisor({
    runtime: rig.supervisorRuntime,
    queue,
    config: { auditDelayMs: 0, pollMs: 20, triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'not-general', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } } },
  });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  const session = await rig.agentRuntime.startSession({ agentId: 'announcer' });
  await session.run('slack.message.post', { channel, text });
  return { rig, channel, supervisor, session };
}
