// A file the CLI reads as JSON (backspace.config.json, the supervisor's rules) is refused with the file
// and the line and column named, never with a piece of the file's text: V8's parse errors quote the
// text around the mistake, and a tired operator who pasted a token there (unquoted, or in single
// quotes) would see part of it on the terminal, in CI logs and in --json reports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const GITHUB = 'ghp_Zq7Lm2Xw9Rt4Yp1Kd8Vb3Nc6Hf0Js5Ga2Ue';
const SLACK = 'xoxb-2210987654321-5555544444333-AbCdEfGhIjKlMnOp';

/** Whether any 6 characters in a row of the secret reached the text. */
function leaks(text: string, secret: string): boolean {
  for (let at = 0; at + 6 <= secret.length; at += 1) if (text.includes(secret.slice(at, at + 6))) return true;
  return false;
}

describe('a malformed JSON file the CLI reads', () => {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-json-secrets-'));

  it.each([
    ['an unquoted token', `{\n  "adapters": { "github": { "token": ${GITHUB} } }\n}\n`, 2],
    ['a token in single quotes', `{\n  "adapters": {\n    "github": { "token": '${GITHUB}' }\n  }\n}\n`, 3],
  ])('backspace.config.json with %s: the file and where, no piece of the token', async (_what, text, line) => {
    const config = join(directory, `config-${line}-${text.length}.json`);
    writeFileSync(config, text);
    for (const json of [false, true]) {
      const result = await runCli(['sessions', '--config', config, ...(json ? ['--json'] : [])], {}, directory);
      expect(result.code).toBe(1);
      const said = result.stdout + result.stderr;
      expect(leaks(said, GITHUB), said).toBe(false);
      expect(said).toContain(config);
      expect(said).toContain(`line ${line}`);
    }
  });

  it('the supervisor rules with an unquoted Slack token: the file and where, no piece of the token', async () => {
    const rules = join(directory, 'backspace.supervisor.json');
    writeFileSync(rules, `{\n  "triggers": {},\n  "slackToken": ${SLACK}\n}\n`);
    const result = await runCli(['supervise', '--rules', rules, '--json'], {}, directory);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(leaks(result.stdout + result.stderr, SLACK), error.message).toBe(false);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(rules);
    expect(error.message).toContain('line 3');
  });
});
