// A configuration the supervisor cannot honour is refused at start, naming what is wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError } from '@backspace/core';
import { createSupervisor, validateSupervisorConfig, type SupervisorConfig } from './index.js';
import { slackRig } from './test-support/rig.js';

function refusal(config: unknown): { code: string; message: string } {
  try {
    validateSupervisorConfig(config as SupervisorConfig);
  } catch (error) {
    if (BackspaceError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('supervisor config', () => {
  it('refuses an unknown trigger by name', () => {
    expect(refusal({ triggers: { policy: { rules: [{ kind: 'value-at-risk', name: 'cap', max: 100 }] }, sentiment: {} } })).toEqual({
      code: 'invalid_config',
      message: 'supervisor config: unknown trigger "sentiment": the supervisor knows policy, sampling, drift, complaints',
    });
  });

  it('refuses thresholds out of range, naming the setting and the range', () => {
    expect(refusal({ triggers: { sampling: { rate: 1.5 } } }).message).toBe('supervisor config: triggers.sampling.rate must be a number in [0, 1], got 1.5');
    expect(refusal({ triggers: { drift: { threshold: 0 } } }).message).toBe('supervisor config: triggers.drift.threshold must be a number in (0, 10], got 0');
    expect(refusal({ triggers: { complaints: { channel: 'C1', patterns: ['refund'], threshold: 0 } } }).message).toContain('triggers.complaints.threshold must be a number in [1, 100000]');
    expect(refusal({ triggers: { sampling: { rate: 0.1, minConfidence: -1 } } }).message).toContain('triggers.sampling.minConfidence');
    expect(refusal({ triggers: { policy: { rules: [{ kind: 'resource-cap', name: 'cap', max: -3 }] } } }).message).toBe('supervisor config: triggers.policy.rules[0] (cap): max must be a number >= 0, got -3');
    expect(refusal({ triggers: { policy: { rules: [{ kind: 'vibes', name: 'odd' }] } } }).message).toContain('unknown kind "vibes"');
    expect(refusal({ triggers: { policy: { rules: [] } } }).message).toContain('triggers.policy.rules must list at least one rule');
    expect(refusal({ triggers: { drift: { threshold: 0.25, dimensions: ['mood'] } } }).message).toContain('unknown drift dimension "mood"');
    expect(refusal({ triggers: { sampling: { rate: 0.1, response: 'shrug' } } }).message).toContain('triggers.sampling.response must be one of notify, pause, pause-and-rollback');
    expect(refusal({ triggers: { sampling: { rate: 0.1 } }, notify: { webhook: 'ftp://x' } }).message).toContain('notify.webhook must be an http(s) URL');
  });

  it('refuses at start a complaints channel the Slack token cannot read, naming it; nothing runs', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
      slack: rig.supervisorAdapter,
      config: { triggers: { complaints: { channel: 'C0NOSUCH01', patterns: ['broken'], threshold: 3 } } },
    });
    const error = await supervisor.start().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_config', details: { channel: 'C0NOSUCH01' } });
    expect((error as Error).message).toContain('triggers.complaints.channel C0NOSUCH01 cannot be read');
    expect((error as Error).message).not.toContain(rig.simulator.seed.tokens.agent);
  });
});
