// A Stripe simulator with a confirmed payment to refund, and runtimes on one journal file (separate
// stores: separate processes, as an agent's, a person's and an operator's would be), closed by `cleanup`.
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from '@backspace/stripe';
import { createStripeSimulator, personKey, personOn, type StripeSimulator } from '@backspace/stripe/simulator';
import { tempJournalPath } from './rig.js';

export interface RigRuntimeOptions {
  policy?: PolicyRule[];
  killSwitchPollMs?: number;
  inFlightTimeoutMs?: number;
}

export async function stripeRefundRig(name: string, cleanup: (() => Promise<void>)[]) {
  const simulator: StripeSimulator = await createStripeSimulator();
  const path = tempJournalPath(name);
  const stores: { close(): Promise<void> }[] = [];
  const runtime = ({ policy = [], killSwitchPollMs = 50, ...extra }: RigRuntimeOptions = {}): Runtime => {
    const journal = createSqliteJournal({ path });
    stores.push(journal);
    return createRuntime({ journal, adapters: [createStripeAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy, killSwitchPollMs, ...extra });
  };
  cleanup.push(async () => {
    for (const store of stores) await store.close();
    await simulator.close();
  });
  const payment = await personOn(simulator).paymentIntents.create({ amount: 90_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: personKey() });
  const refunds = () => [...simulator.inspect().objects.values()].filter((found) => found.object === 'refund');
  return { simulator, runtime, payment, refunds };
}
