// Prices (docs.stripe.com/api/prices): create one for a product made on the spot (`product_data`), and
// list them, filtered by lookup key as an integration finds its own catalog. A lookup key belongs to one
// price at a time: Stripe refuses a second unless `transfer_lookup_key` moves it.
import { allowOnly, bool, currency, integer, list, nullable, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';

export function priceRoutes(add: AddRoute, desk: Desk): void {
  const prices = () => [...desk.state.objects.values()].filter((found) => found.object === 'price');
  add('POST', '/v1/prices', (params) => {
    allowOnly(params, ['currency', 'unit_amount', 'product', 'product_data', 'recurring', 'lookup_key', 'transfer_lookup_key', 'nickname', 'metadata']);
    const priceCurrency = required(currency(params), 'currency');
    const unitAmount = required(integer(params, 'unit_amount'), 'unit_amount');
    const productData = params['product_data'] as FormObject | undefined;
    const product = text(params, 'product') ?? (productData ? (required(text(productData, 'name'), 'product_data[name]'), desk.id('prod')) : fail(invalid('Missing required param: product.', 'product', 'parameter_missing')));
    const recurring = params['recurring'] as FormObject | undefined;
    const interval = recurring ? required(oneOf(recurring, 'interval', ['day', 'week', 'month', 'year'] as const), 'recurring[interval]') : undefined;
    const lookupKey = nullable(params, 'lookup_key', null) as string | null;
    const holder = lookupKey === null ? undefined : prices().find((found) => found['lookup_key'] === lookupKey);
    if (holder && bool(params, 'transfer_lookup_key') !== true) fail(invalid(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key'));
    if (holder) holder['lookup_key'] = null;
    const id = desk.id('price');
    const price = fromExample('price', {
      id, created: desk.now(), currency: priceCurrency, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), product, lookup_key: lookupKey,
      nickname: nullable(params, 'nickname', null), metadata: mergeMetadata({}, params['metadata']), transform_quantity: null, type: interval ? 'recurring' : 'one_time',
      recurring: interval ? { interval, interval_count: integer(recurring!, 'interval_count', { min: 1 }) ?? 1, meter: null, usage_type: 'licensed', trial_period_days: null } : null,
    });
    desk.state.objects.set(id, price);
    return { status: 200, body: price };
  });
  add('GET', '/v1/prices', (params) => {
    const lookupKeys = list(params['lookup_keys']) as string[] | undefined;
    const active = bool(params, 'active');
    const data: StripeObject[] = prices().filter((found) => (lookupKeys === undefined || lookupKeys.includes(found['lookup_key'] as string)) && (active === undefined || found['active'] === active));
    return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/prices' } };
  });
}
