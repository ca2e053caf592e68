// Dashboard links an operator pastes name the resource its actions journal; other links name none.
import { expect, it } from 'vitest';
import { describeResource } from './describe.js';
import { resourceFromUrl } from './resource-from-url.js';

it('reads the resource from a Stripe Dashboard link, and the label links back to the same page', () => {
  expect(resourceFromUrl('https://dashboard.stripe.com/test/customers/cus_QXg1o8vcGmoR32')).toEqual({ provider: 'stripe', type: 'customer', id: 'cus_QXg1o8vcGmoR32' });
  expect(resourceFromUrl('https://dashboard.stripe.com/acct_1Abc/payments/pi_3MtwBw')).toEqual({ provider: 'stripe', type: 'payment_intent', id: 'pi_3MtwBw' });
  expect(resourceFromUrl('https://dashboard.stripe.com/test/customers/sub_123')).toBeNull();
  expect(resourceFromUrl('https://example.com/test/customers/cus_123')).toBeNull();
  const refund = { provider: 'stripe', type: 'refund', id: 're_1' };
  const label = describeResource(refund, { amount: 4_700_000, currency: 'usd', status: 'succeeded', payment_intent: 'pi_1' });
  expect(label.label).toBe('refund re_1 of $47,000.00');
  expect(resourceFromUrl(label.url!)).toEqual(refund);
});
