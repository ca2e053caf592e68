// Commands for a deployment that keeps agents and operators apart: writer keys and checkpoints.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { BackspaceError, createWriterKey, validateKeyring, writeCheckpoint, type Keyring, type WriterRole } from '@backspace/core';
import { withCommandContext } from '../context.js';
import { readJsonFile } from '../json-file.js';
import { printJson, printLine } from '../output.js';
import { securitySettings } from '../security.js';

export function registerSecurityCommands(program: Command): void {
  program
    .command('keys')
    .description("make a writer's Ed25519 key: the private key for its process, the public one for the keyring")
    .requiredOption('--id <id>', 'the writer, e.g. ops-alice or triage-bot')
    .requiredOption('--role <role>', 'agent, operator or supervisor')
    .requiredOption('--out <dir>', 'where to write <id>.key (private, mode 0600)')
    .option('--keyring <file>', 'also add the public key to this keyring file (created when missing)')
    .action((flags: { id: string; role: string; out: string; keyring?: string }, command: Command) => {
      const { json } = command.optsWithGlobals<{ json?: boolean }>();
      requirePlainId(flags.id);
      const { identity, trusted } = createWriterKey(flags.id, flags.role as WriterRole);
      const directory = resolve(flags.out);
      const keyFile = join(directory, `${flags.id}.key`);
      if (existsSync(keyFile)) throw new BackspaceError('invalid_config', `${keyFile} already exists; a writer's key is never overwritten`);
      // The keyring is read and checked with the new writer in it before anything is written: a key
      // without its keyring entry could not be made again (keys are never overwritten).
      const file = flags.keyring ? resolve(flags.keyring) : null;
      const keyring = file ? validateKeyring(withWriter(file, trusted)) : null;
      mkdirSync(directory, { recursive: true });
      writeFileSync(keyFile, identity.privateKey, { mode: 0o600, flag: 'wx' });
      chmodSync(keyFile, 0o600);
      if (file && keyring) writeFileSync(file, `${JSON.stringify(keyring, null, 2)}\n`);
      if (json) return printJson({ keyFile, trusted, keyring: flags.keyring ? resolve(flags.keyring) : null });
      printLine(`private key: ${keyFile} (give it to ${flags.id}'s process as BACKSPACE_WRITER_KEY_FILE; nobody else)`);
      printLine(flags.keyring ? `public key added to ${resolve(flags.keyring)}` : `keyring entry: ${JSON.stringify(trusted)}`);
    });

  program
    .command('checkpoint')
    .description("write the journal's head, signed, to the checkpoint file named in the config (security.checkpoints)")
    .action(async (_flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, config, options }) => {
        const settings = securitySettings(config);
        if (!settings.checkpoints) throw new BackspaceError('invalid_config', 'no checkpoint file: set security.checkpoints in the config');
        const checkpoint = await writeCheckpoint(journal, settings.checkpoints, settings.writer ?? null);
        if (options.json) return printJson({ checkpoint, file: settings.checkpoints });
        printLine(`checkpoint: entry ${checkpoint.seq} (${checkpoint.entries} entries) written to ${settings.checkpoints}${checkpoint.writer ? `, signed by ${checkpoint.writer}` : ', unsigned (no writer configured)'}`);
      }),
    );
}

/**
 * The id names the key file `<id>.key` inside --out: only a plain name, so it cannot name a file
 * anywhere else (`../x`, `a/b`) or a hidden or odd one (`.`, `a..b`).
 */
function requirePlainId(id: string): void {
  if (/^[A-Za-z0-9._-]+$/.test(id) && !id.includes('..') && id !== '.') return;
  throw new BackspaceError('invalid_input', `--id ${JSON.stringify(id)} is not a plain name: use letters, digits, ".", "_" and "-" (no "..", no path separators), e.g. ops-alice`);
}

/** The keyring file's writers (none when it does not exist yet) and the new one. */
function withWriter(file: string, trusted: Keyring['writers'][number]): Keyring {
  const keyring: Keyring = existsSync(file) ? validateKeyring(readJsonFile(file, 'keyring') as Keyring) : { writers: [] };
  return { ...keyring, writers: [...keyring.writers, trusted] };
}
