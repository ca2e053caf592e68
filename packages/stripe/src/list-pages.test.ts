// What references a coupon or a customer is read to the last page: a rollback that saw only the first
// hundred would take a coupon whose newest codes are all the agent's for one nobody else uses.
import { afterEach, expect, it } from 'vitest';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';

let simulator: StripeSimulator | undefined;
afterEach(() => simulator?.close());

it('reads every promotion code of a coupon as its references, past Stripe’s first page of a hundred', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const coupon = await person.coupons.create({ percent_off: 10, duration: 'once', name: 'field sales' }, { idempotencyKey: key() });
  for (let index = 0; index < 101; index += 1) await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `FIELD${index}` }, { idempotencyKey: key() });
  const adapter = createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
  const read = (await adapter.read({ provider: 'stripe', type: 'coupon', id: coupon.id })) as { references: string[] };
  const codes = [...running.inspect().objects.values()].filter((found) => found.object === 'promotion_code').map((found) => `stripe.promotion_code:${found.id}`);
  expect(codes).toHaveLength(101);
  expect([...read.references].sort()).toEqual(codes.sort());
});
