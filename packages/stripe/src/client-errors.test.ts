// How Stripe's failures reach Backspace, through the official SDK against the simulator: a missing
// object is refused (not retried, nothing landed), test mode's rate limit is retryable as
// `Stripe-Should-Retry` says, a refused connection sent nothing, and a key reused with other
// parameters is idempotency_conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@backspace/core';
import { StripeClient } from './client.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';

let simulator: StripeSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function agentClient() {
  simulator = await createStripeSimulator();
  return new StripeClient(simulator.tokens.agent, simulator.url);
}

describe('stripe provider errors', () => {
  it('a missing object is a refusal: 404 resource_missing, not retryable, nothing landed', async () => {
    const client = await agentClient();
    const error = await client.call('POST /v1/customers/cus_nobody', true, (api) => api.customers.update('cus_nobody', { name: 'x' }, { idempotencyKey: 'k1' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 404, providerCode: 'resource_missing', isRetryable: false, outcomeUnknown: false });
  });

  it('test mode’s rate limit answers 429 with Stripe-Should-Retry, which makes the error retryable', async () => {
    const client = await agentClient();
    const statuses = await Promise.all(Array.from({ length: 26 }, () => fetch(`${simulator!.url}/v1/customers/cus_nobody`, { headers: { authorization: `Bearer ${simulator!.tokens.human}` } }).then((response) => [response.status, response.headers.get('stripe-should-retry')])));
    expect(statuses.filter(([status]) => status === 429)).toEqual([[429, 'true']]);
    const error = await client.call('GET /v1/customers/cus_nobody', false, (api) => api.customers.retrieve('cus_nobody')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, providerCode: 'rate_limit', isRetryable: true, outcomeUnknown: false });
  });

  it('a refused connection sent nothing: retryable, and a write’s outcome is known', async () => {
    const client = await agentClient();
    await simulator!.close();
    simulator = undefined;
    const error = await client.call('POST /v1/customers', true, (api) => api.customers.create({ name: 'x' }, { idempotencyKey: 'k2' })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ isRetryable: true, outcomeUnknown: false });
    expect((error as ProviderError).status).toBeUndefined();
  });

  it('the same key with other parameters is idempotency_conflict, and the message names no secret', async () => {
    const client = await agentClient();
    await client.call('POST /v1/customers', true, (api) => api.customers.create({ name: 'First' }, { idempotencyKey: 'k3' }));
    const error = await client.call('POST /v1/customers', true, (api) => api.customers.create({ name: 'Second' }, { idempotencyKey: 'k3' })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'idempotency_conflict' });
    expect(String((error as Error).message)).not.toContain(simulator!.tokens.agent);
  });
});
