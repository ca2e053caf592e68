// backspace.config.json: where the journal lives and which adapters are enabled; tokens come only from
// environment variables, never from the file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { BackspaceError } from '@backspace/core';

export const PROVIDERS = ['github', 'slack', 'linear', 'notion', 'asana'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The environment variable that holds each provider's token. */
export const TOKEN_VARIABLES: Record<Provider, string> = {
  github: 'GITHUB_TOKEN',
  slack: 'SLACK_BOT_TOKEN',
  linear: 'LINEAR_API_KEY',
  notion: 'NOTION_TOKEN',
  asana: 'ASANA_TOKEN',
};

/** Where the provider's API is, and how long one request may take (the adapter's default is 30 s). */
const adapterSettings = z.object({ baseUrl: z.string().url().optional(), timeoutMs: z.number().int().positive().max(600_000).optional() }).strict();

/** Slack's history limits depend on the app's kind (non-Marketplace apps: 1 read a minute, 15 messages). */
const slackSettings = adapterSettings.extend({ appKind: z.enum(['marketplace', 'internal', 'non-marketplace']).optional() }).strict();

export const configSchema = z
  .object({
    journal: z.union([z.object({ path: z.string().min(1) }).strict(), z.object({ postgres: z.string().min(1), schema: z.string().min(1).optional() }).strict()]).optional(),
    adapters: z
      .object({ github: adapterSettings.optional(), slack: slackSettings.optional(), linear: adapterSettings.optional(), notion: adapterSettings.optional(), asana: adapterSettings.optional() })
      .strict()
      .optional(),
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

export type BackspaceConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG_FILE = 'backspace.config.json';
export const DEFAULT_JOURNAL = 'backspace.db';

/** Reads the config file; a missing default file means defaults, a missing named file is an error. */
export function loadConfig(path: string | undefined): BackspaceConfig {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new BackspaceError('invalid_config', `config file ${file} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BackspaceError('invalid_config', `config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = configSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new BackspaceError('invalid_config', `config file ${file} is malformed: ${problems}`);
  }
  return result.data;
}

export function tokenFor(provider: Provider): string {
  const variable = TOKEN_VARIABLES[provider];
  const token = process.env[variable];
  if (!token) throw new BackspaceError('invalid_config', `the ${provider} adapter needs a token: set the ${variable} environment variable`);
  return token;
}
