// Builds the adapters the config enables, each on its official SDK with its token from the environment.
import type { Adapter } from '@backspace/core';
import { PROVIDERS, tokenFor, type BackspaceConfig, type Provider } from './config.js';

type Factory = (settings: { token: string; baseUrl?: string; timeoutMs?: number; appKind?: string }) => Adapter;

async function factoryFor(provider: Provider): Promise<Factory> {
  switch (provider) {
    case 'github':
      return (await import('@backspace/github')).createGithubAdapter as unknown as Factory;
    case 'slack':
      return (await import('@backspace/slack')).createSlackAdapter as unknown as Factory;
    case 'linear':
      return (await import('@backspace/linear')).createLinearAdapter as unknown as Factory;
    case 'notion':
      return (await import('@backspace/notion')).createNotionAdapter as unknown as Factory;
    case 'asana':
      return (await import('@backspace/asana')).createAsanaAdapter as unknown as Factory;
  }
}

/** The enabled adapters; with `listing`, every provider with a placeholder token (nothing is called). */
export async function createAdapters(config: BackspaceConfig, { listing = false } = {}): Promise<Adapter[]> {
  const enabled = listing ? [...PROVIDERS] : PROVIDERS.filter((provider) => config.adapters?.[provider]);
  const adapters: Adapter[] = [];
  for (const provider of enabled) {
    const settings: { baseUrl?: string; timeoutMs?: number; appKind?: string } = config.adapters?.[provider] ?? {};
    const factory = await factoryFor(provider);
    adapters.push(factory({ token: listing ? 'listing-only' : tokenFor(provider), ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}), ...(settings.appKind ? { appKind: settings.appKind } : {}) }));
  }
  return adapters;
}

/** Every provider's adapter, only to name resources (describe); placeholder tokens, nothing is called. */
export function namingAdapters(config: BackspaceConfig): Promise<Adapter[]> {
  return createAdapters(config, { listing: true });
}

/** The enabled adapters whose tokens are set, only to look names up; one that cannot be built leaves its ids as they are. */
export async function lookupAdapters(config: BackspaceConfig): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  for (const provider of PROVIDERS.filter((candidate) => config.adapters?.[candidate])) {
    try {
      adapters.push(...(await createAdapters({ ...config, adapters: { [provider]: config.adapters![provider] } })));
    } catch {
      // No token for it here (show and history need none): its resources keep their ids.
    }
  }
  return adapters;
}
