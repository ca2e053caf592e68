// Coupons and promotion codes (docs.stripe.com/api/coupons, /api/promotion_codes). A deleted coupon is
// gone (404) but the discounts it made stay; a promotion code is never deleted, only deactivated.
import { allowOnly, bool, currency, decimal, integer, listedCustomer, listPage, named, nullable, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata } from './objects.js';
import type { AddRoute } from './customers.js';

export function couponRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/coupons', (params) => {
    allowOnly(params, ['id', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'name', 'metadata', 'redeem_by']);
    const percentOff = decimal(params, 'percent_off');
    const amountOff = integer(params, 'amount_off', { min: 1 });
    if ((percentOff === undefined) === (amountOff === undefined)) fail(invalid('You must pass exactly one of amount_off or percent_off.', 'amount_off'));
    if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100)) fail(invalid('percent_off must be between 0 and 100.', 'percent_off'));
    const couponCurrency = currency(params);
    if (amountOff !== undefined && !couponCurrency) fail(invalid('You must pass currency when passing amount_off.', 'currency'));
    const duration = oneOf(params, 'duration', ['once', 'repeating', 'forever'] as const) ?? 'once';
    const months = integer(params, 'duration_in_months', { min: 1 });
    if (duration === 'repeating' && months === undefined) fail(invalid('You must pass duration_in_months when duration is repeating.', 'duration_in_months'));
    const id = text(params, 'id') ?? desk.id('').slice(1, 9).toUpperCase();
    if (desk.state.objects.get(id)?.object === 'coupon') fail(invalid('Coupon already exists.', 'id', 'resource_already_exists'));
    const coupon = fromExample('coupon', {
      id,
      created: desk.now(),
      percent_off: percentOff ?? null,
      amount_off: amountOff ?? null,
      currency: couponCurrency ?? null,
      duration,
      duration_in_months: duration === 'repeating' ? months! : null,
      max_redemptions: integer(params, 'max_redemptions', { min: 1 }) ?? null,
      redeem_by: integer(params, 'redeem_by') ?? null,
      name: nullable(params, 'name', null),
      metadata: mergeMetadata({}, params['metadata']),
      times_redeemed: 0,
      valid: true,
    });
    desk.state.objects.set(id, coupon);
    return { status: 200, body: coupon };
  });
  // Coupons, newest first (docs.stripe.com/api/coupons/list: `created`, paging); deleted ones are not listed.
  add('GET', '/v1/coupons', (params) => ({ status: 200, body: listPage(params, '/v1/coupons', [...desk.state.objects.values()].filter((found) => found.object === 'coupon' && found['deleted'] !== true)) }));
  add('GET', '/v1/coupons/:id', (_params, { id }) => ({ status: 200, body: desk.get('coupon', id!) }));
  // Only a coupon's name and metadata can change once it exists.
  add('POST', '/v1/coupons/:id', (params, { id }) => {
    allowOnly(params, ['name', 'metadata']);
    const coupon = desk.get('coupon', id!);
    coupon['name'] = nullable(params, 'name', coupon['name']);
    if (params['metadata'] !== undefined) coupon['metadata'] = mergeMetadata(coupon['metadata'], params['metadata']);
    return { status: 200, body: coupon };
  });
  add('DELETE', '/v1/coupons/:id', (_params, { id }) => {
    const coupon = desk.get('coupon', id!);
    coupon['valid'] = false;
    desk.state.objects.delete(id!);
    desk.state.objects.set(`deleted:${id}`, { ...coupon, id: id!, deleted: true });
    return { status: 200, body: { id: id!, object: 'coupon', deleted: true } };
  });

  const activeWithCode = (code: string, except?: string) =>
    [...desk.state.objects.values()].some((found) => found.object === 'promotion_code' && found.id !== except && found['active'] === true && String(found['code']).toLowerCase() === code.toLowerCase());
  add('POST', '/v1/promotion_codes', (params) => {
    allowOnly(params, ['promotion', 'code', 'active', 'customer', 'expires_at', 'max_redemptions', 'metadata', 'restrictions']);
    const promotion = (params['promotion'] ?? {}) as FormObject;
    if (required(text(promotion, 'type'), 'promotion[type]') !== 'coupon') fail(invalid('Invalid promotion[type]: must be one of coupon', 'promotion[type]'));
    const coupon = named(desk, 'coupon', required(text(promotion, 'coupon'), 'promotion[coupon]'), 'promotion[coupon]');
    const code = text(params, 'code') ?? desk.id('').slice(1, 9).toUpperCase();
    if (!/^[a-zA-Z0-9-]{1,500}$/.test(code)) fail(invalid('Invalid code: only letters, digits and dashes.', 'code'));
    const active = bool(params, 'active') ?? true;
    if (active && activeWithCode(code)) fail(invalid(`An active promotion code with \`code: ${code}\` already exists.`, 'code'));
    const customer = text(params, 'customer');
    if (customer) named(desk, 'customer', customer, 'customer');
    const id = desk.id('promo');
    const created = fromExample('promotion_code', {
      id,
      created: desk.now(),
      code,
      active,
      customer: customer ?? null,
      expires_at: integer(params, 'expires_at') ?? null,
      max_redemptions: integer(params, 'max_redemptions', { min: 1 }) ?? null,
      metadata: mergeMetadata({}, params['metadata']),
      times_redeemed: 0,
      promotion: { type: 'coupon', coupon: coupon.id },
      restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    });
    desk.state.objects.set(id, created);
    return { status: 200, body: created };
  });
  // Codes, active or not (docs.stripe.com/api/promotion_codes/list: `coupon`, `customer` (the codes
  // restricted to that customer), `active`, `code`).
  add('GET', '/v1/promotion_codes', (params) => {
    const coupon = text(params, 'coupon');
    const customer = listedCustomer(desk, params);
    const active = bool(params, 'active');
    const code = text(params, 'code');
    const data = [...desk.state.objects.values()].filter(
      (found) =>
        found.object === 'promotion_code' &&
        (coupon === undefined || (found['promotion'] as { coupon: string }).coupon === coupon) &&
        (customer === undefined || found['customer'] === customer) &&
        (active === undefined || found['active'] === active) &&
        (code === undefined || String(found['code']).toLowerCase() === code.toLowerCase()),
    );
    return { status: 200, body: listPage(params, '/v1/promotion_codes', data) };
  });
  add('GET', '/v1/promotion_codes/:id', (_params, { id }) => ({ status: 200, body: desk.get('promotion_code', id!) }));
  add('POST', '/v1/promotion_codes/:id', (params, { id }) => {
    allowOnly(params, ['active', 'metadata', 'restrictions']);
    const code = desk.get('promotion_code', id!);
    const active = bool(params, 'active');
    if (active === true && code['active'] !== true) {
      // Reactivating needs the coupon still valid and no other active code with the same text.
      const coupon = desk.state.objects.get((code['promotion'] as { coupon: string }).coupon);
      if (!coupon || coupon['valid'] !== true) fail(invalid('This promotion code cannot be reactivated because its coupon is no longer valid.', 'active'));
      if (activeWithCode(String(code['code']), code.id)) fail(invalid(`An active promotion code with \`code: ${String(code['code'])}\` already exists.`, 'active'));
    }
    if (active !== undefined) code['active'] = active;
    if (params['metadata'] !== undefined) code['metadata'] = mergeMetadata(code['metadata'], params['metadata']);
    return { status: 200, body: code };
  });
}
