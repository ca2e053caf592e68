// Stripe's form encoding, as its SDKs send it: `metadata[plan]=pro`, `items[0][price]=price_1`,
// `expand[0]=discounts`. The kit hands form bodies over flat; this rebuilds the nesting Stripe reads.
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

/** Parses an `application/x-www-form-urlencoded` body (or query) into nested objects and arrays. */
export function parseStripeForm(raw: string): FormObject {
  const root: FormObject = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const [head, ...rest] = name.split('[');
    const path = [head!, ...rest.map((part) => part.replace(/\]$/, ''))];
    let node: FormObject | FormValue[] = root;
    for (const [index, segment] of path.entries()) {
      const last = index === path.length - 1;
      const key = segment === '' && Array.isArray(node) ? String(node.length) : segment;
      const container = node as unknown as Record<string, FormValue>;
      if (last) {
        container[key] = value;
        break;
      }
      // An index in brackets makes a list (`items[0]`), a name an object (`metadata[plan]`).
      container[key] ??= /^\d*$/.test(path[index + 1]!) ? [] : {};
      node = container[key] as FormObject | FormValue[];
    }
  }
  return root;
}
