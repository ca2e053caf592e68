// What a step on one resource changes in others, as its adapter says (`Adapter.affects`: an append into a
// Notion toggle changes the toggle's state in the page holding it). Asked only while rolling back, with
// the runtime's retries; an adapter that cannot say, or a provider that cannot be read, gives none.
import type { AffectedFields } from '../contract/adapter.js';
import type { ResourceRef } from '../contract/resource.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';

export function askAffects(context: RuntimeContext, resource: ResourceRef): Promise<AffectedFields[]> {
  const adapter = context.registry.hasAdapter(resource.provider) ? context.registry.adapter(resource.provider) : undefined;
  return adapter?.affects ? withRetry(() => adapter.affects!(resource), context.clock, context.retry).catch(() => []) : Promise.resolve([]);
}
