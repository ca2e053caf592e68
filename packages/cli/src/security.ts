// The deployment's security settings for the CLI: who this process writes as (its key only from the
// environment), the keyring of trusted writers, the checkpoint file, and the content keys.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BackspaceError, validateContentProtection, validateKeyring, type ContentProtection, type Keyring, type WriterIdentity } from '@backspace/core';
import type { BackspaceConfig } from './config.js';
import { readJsonFile } from './json-file.js';

/** Environment variables that carry the secrets; never the config file. */
export const WRITER_KEY_VARIABLE = 'BACKSPACE_WRITER_KEY';
export const WRITER_KEY_FILE_VARIABLE = 'BACKSPACE_WRITER_KEY_FILE';
export const CONTENT_KEYS_VARIABLE = 'BACKSPACE_CONTENT_KEYS';

export interface SecuritySettings {
  writer?: WriterIdentity;
  keyring?: Keyring;
  checkpoints?: string;
  content?: ContentProtection;
}

export function securitySettings(config: BackspaceConfig): SecuritySettings {
  const settings: SecuritySettings = {};
  const security = config.security;
  if (security?.keyring) settings.keyring = readKeyring(security.keyring);
  if (security?.checkpoints) settings.checkpoints = resolve(security.checkpoints);
  if (security?.writer) settings.writer = { ...security.writer, privateKey: writerKey(security.writer.id) };
  if (config.content) settings.content = validateContentProtection({ ...config.content, keys: contentKeys() });
  return settings;
}

export function readKeyring(path: string): Keyring {
  const file = resolve(path);
  if (!existsSync(file)) throw new BackspaceError('invalid_config', `keyring ${file} does not exist`);
  return validateKeyring(readJsonFile(file, 'keyring') as Keyring);
}

function writerKey(id: string): string {
  const inline = process.env[WRITER_KEY_VARIABLE];
  if (inline) return inline;
  const file = process.env[WRITER_KEY_FILE_VARIABLE];
  if (file && existsSync(file)) return readFileSync(file, 'utf8');
  throw new BackspaceError('invalid_config', `the config names writer ${id}: set ${WRITER_KEY_VARIABLE} (the private key in PEM) or ${WRITER_KEY_FILE_VARIABLE} (its file)${file ? `; ${file} does not exist` : ''}`);
}

/** `BACKSPACE_CONTENT_KEYS=2026-11=<base64>,2026-12=<base64>` */
function contentKeys(): Record<string, string> {
  const text = process.env[CONTENT_KEYS_VARIABLE];
  if (!text) throw new BackspaceError('invalid_config', `the config protects content: set ${CONTENT_KEYS_VARIABLE} to id=base64key pairs, comma-separated`);
  const keys: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new BackspaceError('invalid_config', `${CONTENT_KEYS_VARIABLE}: "id=base64key" pairs expected`);
    keys[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return keys;
}
