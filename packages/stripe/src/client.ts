// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). The SDK takes no signal per call: the kit's
// `SdkClient` runs each call under the kill switch, maps its failure (`toProviderError`, the token
// scrubbed), and gives `find` (null when gone or deleted) and `remove` (safe to run again).
import Stripe from 'stripe';
import { SdkClient } from '@backspace/core/adapter-kit';
import { toProviderError } from './provider-error.js';

export const STRIPE_API_VERSION = Stripe.API_VERSION;

export class StripeClient extends SdkClient<Stripe> {
  constructor(token: string, baseUrl = 'https://api.stripe.com', timeoutMs = 30_000) {
    const url = new URL(baseUrl);
    const port = url.port ? { port: Number(url.port) } : {};
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    const api = new Stripe(token, { apiVersion: STRIPE_API_VERSION, host: url.hostname, protocol, ...port, maxNetworkRetries: 0, timeout: timeoutMs, telemetry: false });
    // A retrieve of a deleted customer answers `{ deleted: true }`: for a snapshot, it is gone.
    super({ provider: 'stripe', api, secrets: [token], toError: toProviderError, deleted: (answer) => (answer as { deleted?: boolean }).deleted === true });
  }
}
