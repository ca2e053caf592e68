// What every adapter factory takes, and where its token comes from: the settings, or the environment
// variable its connector names. Tokens never live in backspace.config.json.
import { BackspaceError } from '../errors.js';
import type { ConnectorSettings } from './connector.js';

/** An adapter's settings: its token (default: the connector's environment variable), and the connector's settings. */
export type AdapterSettings<Settings extends ConnectorSettings = ConnectorSettings> = Partial<Settings> & {
  /** The agent's token; default: the connector's environment variable. */
  token?: string | undefined;
};

/**
 * The token in `settings`, else in the environment variable `variable`; a typed `invalid_config` naming both
 * when neither has one (`what`: "the Stripe adapter needs a secret key").
 */
export function adapterToken(settings: { token?: string | undefined }, variable: string, what: string): string {
  const token = settings.token ?? process.env[variable];
  if (!token) throw new BackspaceError('invalid_config', `${what}: pass { token } or set ${variable}`, { details: { setting: 'token', variable } });
  return token;
}
