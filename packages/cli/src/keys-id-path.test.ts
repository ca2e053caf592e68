// `backspace keys --id` names the key file `<id>.key` inside `--out`: an id that is not a plain name
// (`../x`, `a/b`) would put an operator's private key somewhere else. Such an id is refused with
// `invalid_input` naming --id, and nothing is created: not the key, not --out, not the keyring. Through
// the built binary; the directories are read back from disk.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-cli.js';

/** A fresh directory holding an empty `base` folder; `--out` is base/keys, which does not exist yet. */
function layout() {
  const root = mkdtempSync(join(tmpdir(), 'backspace-keys-id-'));
  return { root, out: join(root, 'base', 'keys'), keyring: join(root, 'base', 'keyring.json') };
}

/** Every file and folder under `root`, as paths relative to it. */
const everything = (root: string) => readdirSync(root, { recursive: true }).map(String).sort();

describe('backspace keys --id that is not a plain name', () => {
  it.each(['../x', '../../escaped', 'nested/x', '..', '.', 'a..b', 'back\\slash', '/abs', 'white space', ''])('%j: invalid_input naming --id, nothing written', async (id) => {
    const { root, out, keyring } = layout();
    const result = await runCli(['keys', '--id', id, '--role', 'operator', '--out', out, '--keyring', keyring, '--json'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('--id');
    expect(everything(root)).toEqual([]);
  });

  it('a plain name with dots, dashes and underscores is still taken', async () => {
    const { root, out, keyring } = layout();
    const result = await runCli(['keys', '--id', 'ops-alice_2.v1', '--role', 'operator', '--out', out, '--keyring', keyring, '--json'], { cwd: root });
    expect(result.code, result.stdout).toBe(0);
    expect(everything(root)).toEqual(['base', join('base', 'keyring.json'), join('base', 'keys'), join('base', 'keys', 'ops-alice_2.v1.key')]);
  });
});
