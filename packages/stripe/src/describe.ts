// Names a resource as people know it in the Dashboard, from a journaled snapshot, with amounts in their
// currency (a refund of $47,000.00), so plans show what money an action moved.
import type { ResourceRef, Snapshot, ResourceDescription } from '@backspace/core';

/** Stripe's amounts are integers in the smallest unit; zero-decimal currencies (jpy, krw, ...) have none. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export function formatAmount(amount: number, currency: string): string {
  const units = ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(units);
}

const DASHBOARD: Record<string, string> = { customer: 'customers', coupon: 'coupons', promotion_code: 'promotion_codes', refund: 'refunds', payment_intent: 'payments', subscription: 'subscriptions', invoiceitem: 'invoiceitems', invoice: 'invoices' };

export function describeResource(resource: ResourceRef, snapshot: Snapshot | null): ResourceDescription {
  const kind = resource.type.replaceAll('_', ' ');
  const money = typeof snapshot?.['amount'] === 'number' && typeof snapshot['currency'] === 'string' ? ` of ${formatAmount(snapshot['amount'], snapshot['currency'])}` : '';
  const name = typeof snapshot?.['name'] === 'string' ? ` "${snapshot['name']}"` : typeof snapshot?.['code'] === 'string' ? ` ${snapshot['code']}` : ` ${resource.id}`;
  const path = DASHBOARD[resource.type];
  return { label: `${kind}${name}${money}`, ...(path ? { url: `https://dashboard.stripe.com/test/${path}/${resource.id}` } : {}) };
}
