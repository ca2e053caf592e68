// The backspace binary as a new user and an operator meet it: the demo, the action list, and plan and
// rollback of a real session against a provider (the GitHub simulator) configured by file and env.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';

describe('backspace demo', () => {
  it('tells the incident story, rolls back and verifies, as text', async () => {
    const result = await runCli(['demo']);
    expect(result.code, result.stderr).toBe(0);
    for (const line of ['1. An agent works the ACME escalation and gets it wrong', '2. Meanwhile humans keep working', '3. The plan', '4. Roll back the agent session', '5. Verify by reading every tool through its official SDK']) {
      expect(result.stdout).toContain(line);
    }
    expect(result.stdout).toMatch(/held it for a human's approval/);
    // No person rolled it back: the supervisor caught the incident after its audit delay and did.
    expect(result.stdout).toMatch(/supervisor finding [0-9a-f]{8} policy \(fail\) agent triage-agent: no-duplicate-tickets/);
    expect(result.stdout).toMatch(/supervisor finding [0-9a-f]{8} policy \(fail\) agent triage-agent: internal-notes-stay-out-of-general/);
    expect(result.stdout).toContain('supervisor paused agent triage-agent');
    expect(result.stdout).toContain('every agent effect is gone or reported as residue; every human edit is intact');
  }, 120_000);

  it('prints one JSON object with the shape other tools read, and keeps the journal when asked', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'backspace-demo-test-')), 'demo.db');
    const result = await runCli(['demo', '--json', '--journal', journal]);
    expect(result.code, result.stderr).toBe(0);
    const demo = result.json<Record<string, any>>();
    expect(demo).toMatchObject({
      providers: ['asana', 'github', 'linear', 'notion', 'slack', 'stripe'],
      sessionId: expect.any(String),
      agentActions: expect.any(Number),
      humanEdits: expect.any(Number),
      plan: { byStatus: expect.objectContaining({ undo: expect.any(Number) }) },
      rollback: { byOutcome: { verified: expect.any(Number), skipped: expect.any(Number), conflict: expect.any(Number), failed: 0 } },
      residue: expect.arrayContaining([expect.stringMatching(/revert/)]),
      verification: { agentEffectsRemaining: [], humanEditsLost: [], passed: true },
    });
    expect(demo.findings.map((finding: { summary: string }) => finding.summary.split(':')[0]).sort()).toEqual(['internal-notes-stay-out-of-general', 'no-duplicate-tickets', 'no-duplicate-tickets']);
    expect(demo.agentActions).toBeGreaterThanOrEqual(5);
    expect(demo.humanEdits).toBeGreaterThanOrEqual(4);

    const sessions = (await runCli(['sessions', '--journal', journal, '--json'])).json<{ sessions: { id: string }[] }>().sessions;
    expect(sessions.map((session) => session.id)).toEqual([demo.sessionId]);
    const timeline = (await runCli(['show', demo.sessionId, '--journal', journal, '--json'])).json<{ timeline: { action: string | null }[] }>().timeline;
    expect(timeline.some((item) => item.action === 'github.pull.merge')).toBe(true);
    expect((await runCli(['verify', '--journal', journal, '--json'])).json()).toMatchObject({ ok: true });
  }, 120_000);
});

describe('backspace actions', () => {
  it('lists every registered action with its provider and reversibility class', async () => {
    const { actions } = (await runCli(['actions', '--json'])).json<{ actions: { name: string; provider: string; reversibility: string }[] }>();
    expect(new Set(actions.map((action) => action.provider))).toEqual(new Set(['github', 'slack', 'linear', 'notion', 'asana', 'stripe']));
    expect(actions).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'asana.task.delete', reversibility: 'irreversible' }),
      expect.objectContaining({ name: 'github.pull.merge', reversibility: 'compensatable' }),
      expect.objectContaining({ name: 'linear.issue.update', reversibility: 'reversible' }),
      expect.objectContaining({ name: 'stripe.refund.create', reversibility: 'irreversible' }),
      expect.objectContaining({ name: 'stripe.subscription.apply_discount', reversibility: 'reversible' }),
      expect.objectContaining({ name: 'stripe.coupon.create', reversibility: 'compensatable' }),
    ]));
    const table = await runCli(['actions']);
    expect(table.stdout).toMatch(/slack\.message\.delete\s+slack\s+irreversible/);
  });
});

describe('backspace plan and rollback against a configured provider', () => {
  let simulator: GithubSimulator;
  let directory: string;
  let sessionId: string;
  let created: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    simulator = await createGithubSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-github-'));
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: simulator.url } } }));
    env = { GITHUB_TOKEN: simulator.seed.tokens.agent };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })] });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    sessionId = session.id;
    const { owner, repo } = simulator.seed;
    created = (await session.run('github.issue.create', { owner, repo, title: 'Duplicate of #1' })).number;
    await session.run('github.issue.update', { owner, repo, issue_number: simulator.seed.issueNumber, title: 'Renamed by the agent' });
    await session.end();
    await journal.close();
  });
  afterAll(async () => simulator.close());

  it('plans as a dry run, then rolls back with a report, and a second rollback changes nothing', async () => {
    const plan = await runCli(['plan', sessionId, '--json'], env, directory);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.json()).toMatchObject({ sessionId, byStatus: { undo: 2 }, blastRadius: { resources: 2, byProvider: { github: 2 } } });
    const text = await runCli(['plan', sessionId], env, directory);
    expect(text.stdout).toMatch(/undo\s+github\.issue\.update/);
    expect(text.stdout).toMatch(/blast radius: 2 resources \(github 2\)/);

    const rollback = await runCli(['rollback', sessionId, '--yes'], env, directory);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(/^2 undone and verified(, 1 residue line\(s\))?$/m);
    const { issues } = simulator.inspect() as unknown as { issues: Map<number, { title: string; state: string; state_reason: string | null }> };
    expect(issues.get(created)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(issues.get(simulator.seed.issueNumber)!.title).not.toBe('Renamed by the agent');

    const again = (await runCli(['rollback', sessionId, '--json'], env, directory)).json<{ executed: number; summary: string }>();
    expect(again.executed).toBe(0);
    expect(again.summary).toMatch(/nothing to undo/);
  }, 60_000);
});
