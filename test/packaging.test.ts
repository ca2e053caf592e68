// Backspace as someone outside the workspace installs it (#24): every package packed, the tarballs
// installed into a fresh project, a consumer file compiled under strict settings against the published
// declarations, and a session run against the GitHub simulator and rolled back, read back by a person's
// Octokit client. The work is scripts/packaging/check-consumer.mjs (also runnable on its own).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface ConsumerCheck {
  packages: string[];
  packagingProblems: string[];
  typeErrors: string[];
  thirdPartyTypeErrors: Record<string, number>;
  session: { created?: number; issueState?: string; executed?: number; refusedAfterEnd?: string; failed?: string };
}

const script = fileURLToPath(new URL('../scripts/packaging/check-consumer.mjs', import.meta.url));

describe('installed from packed tarballs', () => {
  it('ships declarations and a LICENSE, compiles under strict settings, and undoes a session', () => {
    const check = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 280_000 });
    const result = JSON.parse(check.stdout.trim().split('\n').at(-1) ?? '{}') as ConsumerCheck;
    expect(result.packages).toEqual(expect.arrayContaining(['@backspace/core', '@backspace/journal-sqlite', '@backspace/github', '@backspace/simulator-kit', '@backspace/testkit', '@backspace/cli']));
    expect(result.packagingProblems).toEqual([]);
    // strict, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, skipLibCheck off: none in
    // the consumer's file or any @backspace declaration (other packages' are counted, not ours to fix).
    expect(result.typeErrors).toEqual([]);
    // The agent's issue exists no more as open: the person's own read sees it closed by the rollback.
    expect(result.session).toMatchObject({ issueState: 'closed', executed: 1, refusedAfterEnd: 'session_ended' });
    expect(result.session.created).toBeGreaterThan(1);
    expect(check.status, check.stderr).toBe(0);
  }, 300_000);
});
