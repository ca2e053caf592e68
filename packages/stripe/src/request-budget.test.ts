// What each Stripe action costs at Stripe, counted at the simulator (its own request log, not the
// adapter): every action declares the fewest requests one call needs and one call costs exactly that;
// undoing it costs two requests a step, one more where Stripe's events say who set the fields last (a
// customer, coupon, promotion code or subscription), thirteen for a created customer and four for a created
// coupon (the reads that plan their deletion list what references them).
import { expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { createStripeAdapter } from './connector.js';
import { simulatorEnvironment, stripeConformanceCases } from './conformance/cases.js';

it('every action declares its minimum number of requests, one call costs no more, and undoing it stays within budget', async () => {
  const declared = createStripeAdapter({ token: 'sk_test_declared' }).actions.map((action) => [action.name, action.minimumRequests ?? null]);
  expect(declared.filter(([, minimum]) => minimum === null)).toEqual([]);
  const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: stripeConformanceCases });
  expect(costs.map((cost) => cost.action).sort()).toEqual(declared.map(([name]) => name).sort());
  expect(costs.map(({ action, requests }) => [action, requests])).toEqual(costs.map(({ action, minimum }) => [action, minimum]));
  // Planning reads the resource (to delete a customer: itself, with its tax IDs, sources and cash balance
  // expanded in the same answer, and the ten lists that reference it, its subscriptions, invoice items,
  // invoices, payment intents, saved payment methods, the promotion codes restricted to it, its quotes, its
  // subscription schedules, its open Checkout Sessions and its SetupIntents; a coupon: itself and its
  // promotion codes;
  // to put back an update's fields, the object alone), then, for the objects whose events it traces, one
  // page of events (who set the fields last: last-writers.ts); the inverse writes, and its answer
  // verifies it (a delete answers "gone").
  const traced = /^stripe\.(customer|coupon|promotion_code|subscription)\./;
  const budget = (action: string) => (action === 'stripe.customer.create' ? 13 : action === 'stripe.coupon.create' ? 4 : traced.test(action) ? 3 : 2);
  const overBudget = costs.filter(({ action, rollbackRequests, rollbackSteps }) => rollbackSteps > 0 && rollbackRequests > budget(action) * rollbackSteps);
  expect(overBudget.map(({ action, rollbackRequests, rollbackSteps }) => `${action}: ${rollbackRequests} requests for ${rollbackSteps} step(s)`)).toEqual([]);
}, 60_000);
