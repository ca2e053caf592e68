// A connector's descriptor: everything the `backspace` CLI, the demo and the conformance suites need to
// know about one provider package, so a sixth connector plugs in without an edit to core, the CLI or the
// other five. Each provider package exports one as `connector`; the CLI finds them (its own dependencies
// and the packages named in backspace.config.json) and loops over them.
import { z } from 'zod';
import type { Adapter } from './adapter.js';
import { adapterToken, type AdapterSettings } from './adapter-settings.js';
import type { ResourceRef } from './resource.js';
import type { Session } from '../runtime/create-runtime.js';
import { BackspaceError } from '../errors.js';

/** The settings every connector takes under `adapters.<name>` in backspace.config.json. */
export const connectorSettings = z
  .object({
    /** Where the provider's API is (a simulator, GitHub Enterprise); the adapter's default otherwise. */
    baseUrl: z.string().url().optional(),
    /** How long one request may take (the adapters' default is 30 s). */
    timeoutMs: z.number().int().positive().max(600_000).optional(),
  })
  .strict();

export type ConnectorSettings = z.infer<typeof connectorSettings>;

/** A running simulator of the provider, as every connector's simulator offers it. */
export interface ConnectorSimulator {
  /** The base URL to give the official SDK (and `adapters.<name>.baseUrl`). */
  readonly url: string;
  /** The agent's token and a person's, both accepted by the simulator. */
  readonly tokens: { readonly agent: string; readonly human: string };
  /** The resource as the simulator holds it now (the provider's own shape), null when it does not exist. */
  inspectResource(resource: ResourceRef): unknown;
  close(): Promise<void>;
}

/** What rollback left: agent effects still there that are not declared residue, human edits destroyed. */
export interface DemoVerification {
  agentEffectsRemaining: string[];
  humanEditsLost: string[];
}

/** One provider's part of `backspace demo`: an agent's mistakes, a person's edits, and the check after rollback. */
export interface ConnectorDemo {
  provider: string;
  /** The agent's adapter, pointed at the simulator. */
  adapter: Adapter;
  simulator: { readonly url: string; close(): Promise<void> };
  /** Runs the agent's actions through the session; one story line per action. */
  agent(session: Session): Promise<string[]>;
  /** A person edits with their own token through the official SDK; one story line per edit. */
  human(): Promise<string[]>;
  /** Reads the simulator through the official SDK (a person's token) after rollback. */
  verify(): Promise<DemoVerification>;
  close(): Promise<void>;
}

export interface ConnectorDescriptor<Settings extends ConnectorSettings = ConnectorSettings> {
  /** The provider's name in resource keys, action names and `adapters.<name>` (`github`): lower case. */
  name: string;
  /** As people know it (`GitHub`). */
  title: string;
  /** The environment variable holding the token: tokens never live in the config file. */
  tokenVariable: string;
  /** The settings under `adapters.<name>`: `connectorSettings`, extended where the provider has more. */
  settings: z.ZodType<Settings>;
  /** The adapter on the official SDK, from its token and validated settings. */
  createAdapter(options: Settings & { token: string }): Adapter;
  /** Starts the provider's simulator in this process (loads the simulator only when called). */
  startSimulator?(): Promise<ConnectorSimulator>;
  /** The provider's part of `backspace demo`, its simulator started in this process. */
  demo?(): Promise<ConnectorDemo>;
}

/** As action names take it (`<provider>.<resource>.<verb>`): lower-case letters and digits. */
const NAME = /^[a-z][a-z0-9]{1,30}$/;
const TOKEN_VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/**
 * What a connector writes of its adapter: everything but `provider` (the descriptor's name) and the token
 * among its `secrets`, which `defineConnector` adds. `secrets` here gives only other secrets it holds.
 */
export type AdapterParts<A extends Adapter = Adapter> = Omit<A, 'provider' | 'secrets'> & { secrets?(): string[] };

/** A descriptor as a connector writes it: its adapter's parts from the token, instead of `createAdapter`. */
export interface ConnectorDefinition<Settings extends ConnectorSettings, A extends Adapter> extends Omit<ConnectorDescriptor<Settings>, 'createAdapter' | 'settings'> {
  /** The settings under `adapters.<name>` (default: `connectorSettings`, the base URL and timeout). */
  settings?: z.ZodType<Settings>;
  /** The adapter on the official SDK, from the agent's token (resolved by the kit) and the settings given. */
  adapter(token: string, settings: AdapterSettings<Settings>): AdapterParts<A>;
}

/** A descriptor whose `createAdapter` takes the token from its settings or the environment, typed as the connector's adapter. */
export type DefinedConnector<Settings extends ConnectorSettings, A extends Adapter> = Omit<ConnectorDescriptor<Settings>, 'createAdapter'> & {
  /**
   * The adapter: its token `settings.token`, else the descriptor's token variable, else a typed
   * `invalid_config` naming that variable; `provider` is the descriptor's name, and `secrets()` always
   * gives the token, so nothing the journal stores carries it.
   */
  createAdapter(settings?: AdapterSettings<Settings>): A & { secrets(): string[] };
};

/**
 * A descriptor checked once, where the connector is written: a malformed one fails its package's tests.
 * Given `adapter(token, settings)`, the kit writes `createAdapter` (see `DefinedConnector`); a descriptor
 * with its own `createAdapter` is taken as it is.
 */
export function defineConnector<Settings extends ConnectorSettings, A extends Adapter>(definition: ConnectorDefinition<Settings, A>): DefinedConnector<Settings, A>;
export function defineConnector<Settings extends ConnectorSettings>(descriptor: ConnectorDescriptor<Settings>): ConnectorDescriptor<Settings>;
export function defineConnector(given: ConnectorDescriptor | ConnectorDefinition<ConnectorSettings, Adapter>): ConnectorDescriptor {
  const descriptor = given !== null && typeof given === 'object' && 'adapter' in given && typeof given.adapter === 'function' ? withCreateAdapter(given) : (given as ConnectorDescriptor);
  const problem = connectorProblem(descriptor);
  if (problem) throw new BackspaceError('invalid_config', `connector ${JSON.stringify(descriptor?.name)}: ${problem}`);
  return Object.freeze(descriptor);
}

function withCreateAdapter({ adapter, settings = connectorSettings, ...descriptor }: ConnectorDefinition<ConnectorSettings, Adapter>): ConnectorDescriptor {
  const createAdapter = (settings: AdapterSettings = {}): Adapter => {
    const token = adapterToken(settings, descriptor.tokenVariable, `the ${descriptor.title} adapter needs a token`);
    const parts = adapter(token, settings);
    const others = parts.secrets;
    return { ...parts, provider: descriptor.name, secrets: () => [token, ...(others?.() ?? [])] };
  };
  return { ...descriptor, settings, createAdapter };
}

/** What is wrong with something offered as a descriptor (a third-party package's export), or null. */
export function connectorProblem(candidate: unknown): string | null {
  if (typeof candidate !== 'object' || candidate === null) return 'it exports no `connector` object';
  const descriptor = candidate as Partial<ConnectorDescriptor>;
  if (typeof descriptor.name !== 'string' || !NAME.test(descriptor.name)) return 'its name must be 2 to 31 lower-case letters or digits, starting with a letter';
  if (typeof descriptor.title !== 'string' || descriptor.title.length === 0) return 'it has no title';
  if (typeof descriptor.tokenVariable !== 'string' || !TOKEN_VARIABLE.test(descriptor.tokenVariable)) return 'its tokenVariable must be an environment variable name (GITHUB_TOKEN)';
  if (typeof (descriptor.settings as { safeParse?: unknown } | undefined)?.safeParse !== 'function') return 'its settings are not a zod schema';
  if (typeof descriptor.createAdapter !== 'function') return 'it has no createAdapter';
  for (const optional of ['startSimulator', 'demo'] as const) {
    if (descriptor[optional] !== undefined && typeof descriptor[optional] !== 'function') return `its ${optional} is not a function`;
  }
  return null;
}
