// The actions every registered adapter declares, by name.
import type { ActionDefinition } from '../contract/action.js';
import { compensationOperations, type Adapter } from '../contract/adapter.js';
import type { Reversibility } from '../contract/reversibility.js';
import { BackspaceError } from '../errors.js';
import { presentAction, toolNameOf, type ToolPresentation } from './tool-listing.js';

export interface RegisteredAction {
  definition: ActionDefinition;
  adapter: Adapter;
}

export interface ActionListing extends ToolPresentation {
  name: string;
  provider: string;
  reversibility: Reversibility;
  /** For operators: what it does and how it is undone. */
  description: string;
}

const ACTION_NAME = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*){2,}$/;

export class ActionRegistry {
  private readonly actions = new Map<string, RegisteredAction>();
  private readonly adapters = new Map<string, Adapter>();
  private readonly tools = new Map<string, string>();
  private listing: ActionListing[] | undefined;

  constructor(adapters: Adapter[]) {
    for (const adapter of adapters) {
      if (this.adapters.has(adapter.provider)) {
        throw new BackspaceError('invalid_config', `two adapters registered for provider "${adapter.provider}"`);
      }
      this.adapters.set(adapter.provider, adapter);
      // An operation declared twice (beside two actions, or beside one and in `compensations`) is refused here.
      compensationOperations(adapter);
      for (const definition of adapter.actions) {
        if (!ACTION_NAME.test(definition.name) || !definition.name.startsWith(`${adapter.provider}.`)) {
          throw new BackspaceError('invalid_config', `action name "${definition.name}" is not <provider>.<resource>.<verb> for provider "${adapter.provider}"`);
        }
        // Without either, a write would land and then not know what it touched: refused before any runs.
        if (!definition.resource && !definition.target) throw new BackspaceError('invalid_config', `action "${definition.name}" names its resource neither by resource() nor by target()`);
        if (this.actions.has(definition.name)) throw new BackspaceError('invalid_config', `action "${definition.name}" registered twice`);
        const toolName = toolNameOf(definition.name);
        const sameTool = this.tools.get(toolName);
        if (sameTool) throw new BackspaceError('invalid_config', `actions "${sameTool}" and "${definition.name}" would both be the tool "${toolName}"`);
        this.tools.set(toolName, definition.name);
        this.actions.set(definition.name, { definition, adapter });
      }
    }
  }

  get(name: string): RegisteredAction {
    const found = this.actions.get(name);
    if (found) return found;
    const known = [...this.actions.keys()].sort();
    throw new BackspaceError('unknown_action', `unknown action "${name}"; known actions: ${known.join(', ') || '(none registered)'}`, {
      details: { action: name, known },
    });
  }

  adapter(provider: string): Adapter {
    const found = this.adapters.get(provider);
    if (!found) throw new BackspaceError('invalid_config', `no adapter registered for provider "${provider}"`);
    return found;
  }

  hasAdapter(provider: string): boolean {
    return this.adapters.has(provider);
  }

  /** Every action as a tool (JSON Schema input, descriptions, undo story), built once. */
  list(): ActionListing[] {
    this.listing ??= [...this.actions.values()]
      .map(({ definition, adapter }) => ({
        name: definition.name,
        provider: adapter.provider,
        reversibility: definition.reversibility,
        description: definition.description,
        ...presentAction(definition, adapter.provider),
      }))
      .sort((left, right) => left.name.localeCompare(right.name));
    return structuredClone(this.listing);
  }

  secrets(): string[] {
    return [...this.adapters.values()].flatMap((adapter) => adapter.secrets?.() ?? []);
  }
}
