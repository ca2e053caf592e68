// Stripe's native idempotency, end to end through the official SDK: the same key and parameters replay
// Stripe's stored answer (`Idempotent-Replayed: true`) with no second effect; the same key with other
// parameters is Stripe's idempotency_error, which the adapter gives as Backspace's idempotency_conflict.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createRuntime, systemClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';

let simulator: StripeSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe('stripe idempotency keys', () => {
  it('replays the stored answer for the same key and parameters, and refuses the key with other parameters', async () => {
    const running = (simulator = await createStripeSimulator());
    const adapter = createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
    const create = adapter.actions.find((action) => action.name === 'stripe.customer.create')!;
    const context = { client: adapter.client, idempotencyKey: 'attempt-1', clock: systemClock };
    const first = await create.execute({ name: 'ACME Corp' }, context);
    const again = await create.execute({ name: 'ACME Corp' }, context);
    expect(again.id).toBe(first.id);
    // The SDK's answer carries the response it came in (typed as the customer alone).
    expect((again as Stripe.Response<Stripe.Customer>).lastResponse.headers['idempotent-replayed']).toBe('true');
    expect([...running.inspect().objects.values()].filter((found) => found.object === 'customer')).toHaveLength(1);
    await expect(create.execute({ name: 'Globex' }, context)).rejects.toMatchObject({ code: 'idempotency_conflict' });
    expect([...running.inspect().objects.values()].filter((found) => found.object === 'customer').map((found) => found['name'])).toEqual(['ACME Corp']);
  });

  it('after a lost answer (and the SDK’s own resend lost too), the runtime’s lookup replays Stripe’s stored answer: one customer', async () => {
    const running = (simulator = await createStripeSimulator());
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [] });
    // The SDK resends a request whose connection closed once, on its own: both answers are lost here.
    running.faults.inject({ method: 'POST', path: '/v1/customers', kind: 'drop-after-commit', times: 2 });
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const created = (await session.run('stripe.customer.create', { name: 'ACME Corp' })) as { id: string };
    const posts = running.log.entries().filter((logged) => logged.method === 'POST' && logged.path === '/v1/customers');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    const customers = [...running.inspect().objects.values()].filter((found) => found.object === 'customer');
    expect(customers.map((found) => found.id)).toEqual([created.id]);
  });

  it('a write whose agent died before its answer is settled by planning in another process, from the journaled input: replayed, then undone', async () => {
    const running = (simulator = await createStripeSimulator());
    const path = join(mkdtempSync(join(tmpdir(), 'stripe-replay-')), 'journal.db');
    const adapter = () => createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
    const agentRuntime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [adapter()], policy: [] });
    // The answers are lost and every lookup in the call fails: the agent leaves the write unsettled.
    running.faults.inject({ method: 'POST', path: '/v1/customers', kind: 'drop-after-commit', times: 2 });
    running.faults.inject({ method: 'POST', path: '/v1/customers', kind: 'server-error', status: 503, times: 50 });
    const session = await agentRuntime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.customer.create', { name: 'Vandelay Industries', email: 'art@vandelay.test', description: 'importer' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    running.faults.clear();
    await agentRuntime.journal.close();
    const [made] = [...running.inspect().objects.values()].filter((found) => found.object === 'customer' && found['name'] === 'Vandelay Industries');
    expect(made).toBeDefined();

    // The operator's process: the journal keeps the input with its keys sorted, the lookup replays it.
    const journal = createSqliteJournal({ path });
    const operatorRuntime = createRuntime({ journal, adapters: [adapter()], policy: [] });
    await operatorRuntime.endSession(session.id, { by: 'ops' });
    const report = await operatorRuntime.rollback(session.id);
    await journal.close();
    expect(report.steps.map((step) => [step.action, step.outcome]), JSON.stringify(report.residue)).toEqual([['stripe.customer.create', 'verified']]);
    expect(running.inspect().objects.get(made!.id)?.['deleted']).toBe(true);
  });

  it('a cancel whose agent died before it reached Stripe is not made by the rollback: the payment stays authorized', async () => {
    const running = (simulator = await createStripeSimulator());
    const person = personOn(running);
    const intent = await person.paymentIntents.create({ amount: 4_200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, { idempotencyKey: key() });
    const path = join(mkdtempSync(join(tmpdir(), 'stripe-never-sent-')), 'journal.db');
    const adapter = () => createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
    const agentRuntime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [adapter()], policy: [], retry: { baseDelayMs: 10 } });
    // Every attempt's connection is cut before Stripe takes it: the intent is journaled, nothing lands.
    running.faults.inject({ method: 'POST', path: '/v1/payment_intents/:id/cancel', kind: 'reset', times: 50 });
    const session = await agentRuntime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.payment_intent.cancel', { id: intent.id })).rejects.toMatchObject({ code: 'outcome_unknown' });
    running.faults.clear();
    await agentRuntime.journal.close();
    expect((await person.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');

    // The operator's process settles the write: looking it up must not send the cancel itself.
    const journal = createSqliteJournal({ path });
    const operatorRuntime = createRuntime({ journal, adapters: [adapter()], policy: [] });
    await operatorRuntime.endSession(session.id, { by: 'ops' });
    await operatorRuntime.rollback(session.id);
    const entries = await journal.sessionEntries(session.id);
    await journal.close();
    expect((await person.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');
    expect(entries.filter((entry) => entry.action === 'stripe.payment_intent.cancel').map((entry) => entry.type)).toContain('action.failed');
  });

  it('a cancel that did land, its answers lost, is still found by the rollback and named as irreversible', async () => {
    const running = (simulator = await createStripeSimulator());
    const person = personOn(running);
    const intent = await person.paymentIntents.create({ amount: 4_200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, { idempotencyKey: key() });
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [], retry: { baseDelayMs: 10 } });
    running.faults.inject({ method: 'POST', path: '/v1/payment_intents/:id/cancel', kind: 'drop-after-commit', times: 50 });
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.payment_intent.cancel', { id: intent.id })).rejects.toMatchObject({ code: 'outcome_unknown' });
    running.faults.clear();
    await runtime.endSession(session.id, { by: 'ops' });
    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.status])).toEqual([['stripe.payment_intent.cancel', 'irreversible']]);
    expect((await person.paymentIntents.retrieve(intent.id)).status).toBe('canceled');
    await runtime.journal.close();
  });

  it('answers with the pinned Stripe-Version and refuses another version in Stripe’s envelope', async () => {
    const running = (simulator = await createStripeSimulator());
    const created = await personOn(running).customers.create({ name: 'Initech' }, { idempotencyKey: key() });
    expect(created.lastResponse.apiVersion).toBe(createStripeAdapter({ token: 'sk_test_x' }).client.api.getApiField('version'));
    const response = await fetch(`${running.url}/v1/customers/${created.id}`, { headers: { authorization: `Bearer ${running.tokens.human}`, 'stripe-version': '2020-08-27' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'api_version_invalid' } });
  });
});
