// Builds the adapters the config enables, each by its connector on its official SDK with its token from
// the environment.
import { BackspaceError, type Adapter } from '@backspace/core';
import { connectorsOf, tokenFor, type BackspaceConfig } from './config.js';
import type { FoundConnector } from './connectors.js';

/** The enabled adapters; with `listing`, every connector's adapter with a placeholder token (nothing is called). */
export async function createAdapters(config: BackspaceConfig, { listing = false } = {}): Promise<Adapter[]> {
  const connectors = await connectorsOf(config);
  const enabled = listing ? connectors.map((connector) => connector.descriptor.name) : Object.keys(config.adapters ?? {});
  return enabled.map((name) => {
    const { descriptor } = connectorNamed(connectors, name);
    // loadConfig checked the settings against this schema; parsing again gives its defaults and types.
    const settings = descriptor.settings.parse(config.adapters?.[name] ?? {});
    return descriptor.createAdapter({ ...settings, token: listing ? 'listing-only' : tokenFor(descriptor) });
  });
}

function connectorNamed(connectors: FoundConnector[], name: string): FoundConnector {
  const found = connectors.find((connector) => connector.descriptor.name === name);
  if (!found) throw new BackspaceError('invalid_config', `no connector is named ${name} (known: ${connectors.map((connector) => connector.descriptor.name).join(', ')})`, { details: { connector: name } });
  return found;
}

/** Every connector's adapter, only to name resources (describe); placeholder tokens, nothing is called. */
export function namingAdapters(config: BackspaceConfig): Promise<Adapter[]> {
  return createAdapters(config, { listing: true });
}

/** The enabled adapters whose tokens are set, only to look names up; one that cannot be built leaves its ids as they are. */
export async function lookupAdapters(config: BackspaceConfig): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  for (const name of Object.keys(config.adapters ?? {})) {
    try {
      adapters.push(...(await createAdapters({ ...config, adapters: { [name]: config.adapters![name]! } })));
    } catch {
      // No token for it here (show and history need none): its resources keep their ids.
    }
  }
  return adapters;
}
