// Defects the fuzzer found that are not fixed yet, each named, with a seed that shows it and its owner.
// A violation matching an entry is printed but does not fail CI; anything else does. Remove an entry
// once its fix lands: its seed must then pass. Nothing is excluded silently.
import type { Violation } from './invariants.js';
import type { IncidentResult } from './runner.js';

export interface KnownDefect {
  /** What is wrong, in a sentence, and where the fix belongs. */
  defect: string;
  /** Which runs it can explain: one provider's, or any (`*`, a core defect). */
  provider: string;
  /**
   * A run that shows it, `<provider> <seed>`: `INCIDENT_SEED=<seed> INCIDENT_PROVIDER=<provider> npx
   * vitest run test/incidents`; or, where the generator no longer draws it, the reproduction in a sentence.
   */
  shownBy: string;
  matches(violation: Violation, result: IncidentResult): boolean;
}

/** The fields a "removed it, though others built on it (...)" violation names, without their writers. */
const builtOn = (violation: Violation): string[] => /though others built on it \((.*)\)$/.exec(violation.detail)?.[1]?.split(', ').map((entry) => entry.replace(/ by [ABH]$/, '')) ?? [];

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "stripe.customer.create's undo deletes a customer a person has since billed: its guard counts only subscriptions and invoice items as references (read-resources.ts), not a payment intent (a card authorized or charged) or an invoice made for the customer, so the person's payment or invoice is left on a deleted customer; fix in packages/stripe (the customer read's references, and the simulator's payment intent and invoice lists)",
    provider: 'stripe',
    shownBy: 'stripe 30000036 (a payment intent; stripe 30000159: an invoice)',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('customer:') && builtOn(violation).some((field) => /^(payment_intent|invoice):/.test(field)) && builtOn(violation).every((field) => /^(payment_intent|invoice|metadata):/.test(field)),
  },
  {
    defect:
      "stripe.customer.create's undo deletes a customer whose metadata a person has since added to: its guard compares only the metadata keys the customer was created with (customer-create.ts, fields from `post`), so a key added later is not seen as someone's change and goes with the customer; fix in packages/stripe/src/actions/customer-create.ts (guard every metadata key, or the metadata as a whole)",
    provider: 'stripe',
    shownBy: 'stripe 30000008',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('customer:') && builtOn(violation).length > 0 && builtOn(violation).every((field) => field.startsWith('metadata:')),
  },
  {
    defect:
      "stripe.coupon.create's undo deletes a coupon that a person or another session has since made a promotion code for: its guard watches only the coupon's name, so their promotion code is left on a deleted coupon and can no longer be redeemed; fix in packages/stripe/src/actions/coupon-create.ts (count the coupon's promotion codes made by others as references, as the customer's guard counts subscriptions)",
    provider: 'stripe',
    shownBy: 'stripe 30000104 (a person; stripe 30000129: another session)',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('coupon:') && builtOn(violation).length > 0 && builtOn(violation).every((field) => field.startsWith('promotion_code:')),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
