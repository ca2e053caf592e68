// `backspace demo --keep`: the incident stays in place for an operator to practise on. The commands it
// prints are run exactly as printed (through a shell); Ctrl-C (SIGINT) stops it cleanly; and planning
// the kept journal once the simulators are gone says so instead of showing conflicts.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './support/cli.js';

const shell = promisify(execFile);

/** Runs a printed command line in bash, as an operator pasting it would; gives its exit code and output. */
async function paste(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await shell('bash', ['-c', line], { env: { ...process.env, GITHUB_TOKEN: '', SLACK_BOT_TOKEN: '', LINEAR_API_KEY: '', NOTION_TOKEN: '', ASANA_TOKEN: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('backspace demo --keep', () => {
  it('leaves the incident with the simulators running, prints commands that work as printed, and stops on Ctrl-C', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'backspace-demo-keep-')), 'demo.db');
    const demo = spawn(process.execPath, [BIN, 'demo', '--keep', '--journal', journal], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => demo.on('close', resolve));
    try {
      await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toMatch(/Press Ctrl-C here to stop the simulators/);
      const printed = output.split('\n').map((line) => line.trim());
      const environment = printed.find((line) => line.startsWith('set -a; . '))!;
      const plan = printed.find((line) => / plan \S+ --config /.test(line))!;
      const rollback = printed.find((line) => / rollback \S+ --config /.test(line))!;
      expect([environment, plan, rollback].every(Boolean), output).toBe(true);
      const envFile = /\. (\S+);/.exec(environment)![1]!;
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(envFile, 'utf8')).toMatch(/^GITHUB_TOKEN=/m);

      const planned = await paste(`${environment} && ${plan} --json`);
      expect(planned.code, planned.stderr + planned.stdout).toBe(0);
      const { byStatus } = JSON.parse(planned.stdout) as { byStatus: Record<string, number> };
      expect(byStatus.undo).toBeGreaterThan(10);
      const rolled = await paste(`${environment} && ${rollback} --yes`);
      expect(rolled.code, rolled.stderr + rolled.stdout).toBe(3); // a person built on some of it: left in conflict
      expect(rolled.stdout).toMatch(/undone and verified/);

      demo.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toMatch(/simulators stopped; the journal stays at/);

      // The simulators are gone: planning the kept journal says so, with its config or without one.
      const stale = await paste(`${environment} && ${plan}`);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/is a `backspace demo` session and its simulators are not running \(nothing answers at .*github at http/);
      const sessionId = / plan (\S+) --config /.exec(plan)![1]!;
      const bare = await runCli(['plan', sessionId, '--journal', journal, '--json']);
      expect(bare.json()).toMatchObject({ error: { code: 'simulators_not_running', message: expect.stringMatching(/no simulator is configured.*backspace demo --keep/) } });
    } finally {
      if (demo.exitCode === null) demo.kill('SIGKILL');
    }
  }, 180_000);
});
