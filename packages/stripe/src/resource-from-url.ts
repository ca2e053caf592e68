// The resource a Stripe Dashboard link names (`https://dashboard.stripe.com/test/customers/cus_...`),
// for operators who paste one (`backspace history <url>`); the id's prefix must fit the page.
import type { ResourceRef } from '@backspace/core';

const PAGES: Record<string, { type: string; prefix: RegExp }> = {
  customers: { type: 'customer', prefix: /^cus_/ },
  coupons: { type: 'coupon', prefix: /^[A-Za-z0-9_-]+$/ },
  promotion_codes: { type: 'promotion_code', prefix: /^promo_/ },
  subscriptions: { type: 'subscription', prefix: /^sub_/ },
  invoiceitems: { type: 'invoiceitem', prefix: /^ii_/ },
  invoices: { type: 'invoice', prefix: /^in_/ },
  payments: { type: 'payment_intent', prefix: /^pi_/ },
  refunds: { type: 'refund', prefix: /^re_/ },
};

export function resourceFromUrl(url: string): ResourceRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname !== 'dashboard.stripe.com') return null;
  const match = /^\/(?:acct_[A-Za-z0-9]+\/)?(?:test\/)?([a-z_]+)\/([A-Za-z0-9_-]+)\/?$/.exec(parsed.pathname);
  const page = match ? PAGES[match[1]!] : undefined;
  return page && page.prefix.test(match![2]!) ? { provider: 'stripe', type: page.type, id: match![2]! } : null;
}
