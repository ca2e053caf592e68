// What `plan`, `rollback` and `incident` take to narrow a rollback: action ids or prefixes, providers,
// resources (a key or a link into the provider's app) and a time window; and how a resource is named.
import { Option, type Command } from 'commander';
import { BackspaceError, parseResourceKey, resourceKey, type Adapter, type StepSelection } from '@backspace/core';
import { parseTime } from './time.js';

export interface SelectionFlags {
  only?: string[];
  provider?: string[];
  resource?: string[];
  since?: string;
  until?: string;
  includeCascades?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];

/** Adds the selection options; `window` adds --since/--until too (an incident uses them for its sessions instead). */
export function withSelectionOptions(command: Command, { window = true } = {}): Command {
  command
    .addOption(new Option('--only <actions>', 'only these actions: ids or unambiguous prefixes (repeat, or separate with commas)').argParser(collect))
    .addOption(new Option('--provider <providers>', 'only the actions on these providers (github, slack, ...)').argParser(collect))
    .addOption(new Option('--resource <resource>', 'only the actions on this resource: its key (github.issue:octo/widgets#12) or a link to it (repeatable)').argParser(collect));
  if (window) {
    command
      .option('--since <time>', 'only actions committed at or after this time: ISO, a time ago (30m, 2h, 7d), today or yesterday')
      .option('--until <time>', 'only actions committed before this time (the same forms)');
  }
  return command.option('--include-cascades', 'also roll back later sessions, of any agent, that changed the same resources after (the plan lists them)');
}

/** The selection the flags give, or undefined for the whole session(s); links become keys through the adapters. */
export async function selectionFrom(flags: SelectionFlags, adapters: () => Promise<Adapter[]>, { window = true } = {}): Promise<StepSelection | undefined> {
  const selection: StepSelection = {};
  if (flags.only?.length) selection.actions = flags.only;
  if (flags.provider?.length) selection.providers = flags.provider;
  if (flags.resource?.length) selection.resources = await Promise.all(flags.resource.map((given) => resourceKeyOf(given, adapters)));
  if (window && flags.since) selection.since = parseTime('--since', flags.since);
  if (window && flags.until) selection.until = parseTime('--until', flags.until);
  return Object.keys(selection).length > 0 ? selection : undefined;
}

/** A resource as an operator names it: a resource key as the journal holds it, or a link the adapters know (built only for a link). */
export async function resourceKeyOf(given: string, adaptersFor: () => Promise<Adapter[]>): Promise<string> {
  if (!/^https?:\/\//i.test(given)) {
    try {
      return resourceKey(parseResourceKey(given));
    } catch {
      throw new BackspaceError('invalid_input', `"${given}" is neither a resource key (provider.type:id, e.g. github.issue:octo/widgets#12) nor a link (https://...)`);
    }
  }
  const adapters = await adaptersFor();
  for (const adapter of adapters) {
    const ref = await adapter.resourceFromUrl?.(given);
    if (ref) return resourceKey(ref);
  }
  const known = adapters.filter((adapter) => adapter.resourceFromUrl).map((adapter) => adapter.provider);
  throw new BackspaceError('invalid_input', `no configured provider knows the link ${given} (providers asked: ${known.join(', ') || 'none'}); give the resource key instead`, { details: { url: given } });
}
