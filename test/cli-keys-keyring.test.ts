// `backspace keys --keyring`: a keyring file that cannot be read must stop the command before the
// private key is written. Otherwise the key exists without its public half in the keyring, and running
// the command again is refused ("never overwritten"): a half-made writer the operator must clean up by hand.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('backspace keys with a keyring it cannot read', () => {
  it('refuses with the keyring named, writes no private key, and works once the keyring is fixed', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-keys-'));
    const keyring = join(directory, 'keyring.json');
    writeFileSync(keyring, '{ "writers": [ }\n');
    const args = ['keys', '--id', 'ops-alice', '--role', 'operator', '--out', join(directory, 'keys'), '--keyring', keyring];

    const refused = await runCli([...args, '--json'], {}, directory);
    expect(refused.code).toBe(1);
    const { error } = JSON.parse(refused.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(keyring);
    expect(error.message).toMatch(/not valid JSON/);
    expect(existsSync(join(directory, 'keys', 'ops-alice.key'))).toBe(false);
    expect(readFileSync(keyring, 'utf8')).toBe('{ "writers": [ }\n');

    // Fixed keyring: the same command now makes the key and adds its public half.
    writeFileSync(keyring, '{ "writers": [] }\n');
    const made = await runCli(args, {}, directory);
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(join(directory, 'keys', 'ops-alice.key'))).toBe(true);
    expect((JSON.parse(readFileSync(keyring, 'utf8')) as { writers: { id: string }[] }).writers.map((writer) => writer.id)).toEqual(['ops-alice']);
  });
});
