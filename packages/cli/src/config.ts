// backspace.config.json: where the journal lives and which adapters are enabled; tokens come only from
// environment variables, never from the file.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { BackspaceError, type ConnectorDescriptor } from '@backspace/core';
import { findConnectors, type FoundConnector } from './connectors.js';
import { readJsonFile } from './json-file.js';

export const configSchema = z
  .object({
    journal: z.union([z.object({ path: z.string().min(1) }).strict(), z.object({ postgres: z.string().min(1), schema: z.string().min(1).optional() }).strict()]).optional(),
    /** The enabled adapters by connector name, each with the settings its connector's schema takes. */
    adapters: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    /** Third-party connector packages, installed beside this file (npm install), besides the built-in ones. */
    connectors: z.array(z.string().min(1)).optional(),
    /** Writers and checkpoints (see the README): secrets come from the environment, never from here. */
    security: z
      .object({
        keyring: z.string().min(1).optional(),
        checkpoints: z.string().min(1).optional(),
        writer: z.object({ id: z.string().min(1), role: z.enum(['agent', 'operator', 'supervisor']) }).strict().optional(),
      })
      .strict()
      .optional(),
    /** How long the journal keeps entries before `backspace prune` removes them: 36h, 90d, 12w (default 90d). */
    retention: z.string().min(1).optional(),
    /** Content at rest: the mode and the current key's id; the keys come from BACKSPACE_CONTENT_KEYS. */
    content: z.object({ mode: z.enum(['encrypt', 'redact']), current: z.string().min(1) }).strict().optional(),
  })
  .strict();

export type BackspaceConfig = z.infer<typeof configSchema> & {
  /** The config file's directory, where third-party connectors are installed; the working directory without a file. */
  directory?: string;
};

export const DEFAULT_CONFIG_FILE = 'backspace.config.json';
export const DEFAULT_JOURNAL = 'backspace.db';

/**
 * Reads the config file; a missing default file means defaults, a missing named file is an error. Each
 * enabled adapter's settings are checked against its connector's schema, every problem named at once.
 */
export async function loadConfig(path: string | undefined): Promise<BackspaceConfig> {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new BackspaceError('invalid_config', `config file ${file} does not exist`);
    return { directory: process.cwd() };
  }
  // Named by line and column, never quoted: a token pasted into the file must not reach the output.
  const parsed = readJsonFile(file, 'config file');
  const result = configSchema.safeParse(parsed);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const config: BackspaceConfig = { ...(result.success ? besideFile(result.data, dirname(file)) : {}), directory: dirname(file) };
  // The adapters' settings are the connectors' to check; they are found only where the rest is sound.
  if (result.success) problems.push(...(await adapterProblems(config)));
  if (problems.length > 0) throw new BackspaceError('invalid_config', `config file ${file} is malformed: ${problems.join('; ')}`);
  return config;
}

/**
 * The file's relative paths (journal, keyring, checkpoints) as the file's neighbours, not the working
 * directory's: an MCP client starts `backspace mcp --config /abs/backspace.config.json` wherever it likes.
 */
function besideFile(config: z.infer<typeof configSchema>, directory: string): z.infer<typeof configSchema> {
  const at = (path: string) => (isAbsolute(path) || /^postgres(ql)?:\/\//.test(path) ? path : resolve(directory, path));
  const { journal, security } = config;
  return {
    ...config,
    ...(journal && 'path' in journal ? { journal: { ...journal, path: at(journal.path) } } : {}),
    ...(security ? { security: { ...security, ...(security.keyring ? { keyring: at(security.keyring) } : {}), ...(security.checkpoints ? { checkpoints: at(security.checkpoints) } : {}) } } : {}),
  };
}

/** Each enabled adapter that no connector is named for, or whose settings its connector's schema refuses. */
async function adapterProblems(config: BackspaceConfig): Promise<string[]> {
  const entries = Object.entries(config.adapters ?? {});
  // Named third-party packages are loaded even with no adapter enabled: one that is missing is said at once.
  if (entries.length === 0 && !config.connectors?.length) return [];
  const connectors = await connectorsOf(config);
  return entries.flatMap(([name, settings]) => {
    const found = connectors.find((connector) => connector.descriptor.name === name);
    if (!found) return [`adapters.${name}: no connector is named ${name} (known: ${connectors.map((connector) => connector.descriptor.name).join(', ')}; name a third-party one's package under "connectors")`];
    const checked = found.descriptor.settings.safeParse(settings);
    return checked.success ? [] : checked.error.issues.map((issue) => `adapters.${[name, ...issue.path].join('.')}: ${issue.message}`);
  });
}

/** The connectors this config can use: the CLI's own and the third-party packages it names. */
export function connectorsOf(config: BackspaceConfig): Promise<FoundConnector[]> {
  return findConnectors({ configDirectory: config.directory ?? process.cwd(), packages: config.connectors ?? [] });
}

/** The token of a connector, from the environment variable its descriptor names. */
export function tokenFor(descriptor: ConnectorDescriptor): string {
  const token = process.env[descriptor.tokenVariable];
  if (!token) throw new BackspaceError('invalid_config', `the ${descriptor.name} adapter needs a token: set the ${descriptor.tokenVariable} environment variable`);
  return token;
}
