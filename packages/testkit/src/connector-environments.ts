// A connector's conformance environments from its descriptor: the four `runConnectorConformance` takes
// (the simulator with its back doors; the simulator behind its public URL only, as a stand-in for the real
// API; a recording of that replayed with no server; the real API with a user's tokens). In each the agent
// acts through the connector's adapter and a person through their own SDK client with their own token; the
// connector gives that client, how a person reads a resource through the public API, and its own fields.
import { randomBytes } from 'node:crypto';
import type { ConnectorDescriptor, ConnectorSimulator, Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment, Replayed } from './adapter-conformance.js';

/** Where a live run acts: the agent's token, a person's (the agent's own when none is given), the API's URL. */
export interface LiveTarget {
  agentToken: string;
  /** Another user's token on the same account: what the human-edit checks need. */
  humanToken?: string | undefined;
  /** Default: the connector's `baseUrl`. */
  baseUrl?: string | undefined;
}

/** What the connector's own fields of an environment are made from. */
export interface EnvironmentParts<Person, Meta> {
  person: Person;
  /** Made fresh for each test (`meta()`), kept in its recording and given back when it is replayed. */
  meta: Meta;
  /** The simulator, in the simulator environment only (not where it stands in for the API). */
  simulator?: ConnectorSimulator;
}

export interface ConnectorEnvironmentsOptions<Person, Meta extends Json, Extra extends object> {
  connector: Pick<ConnectorDescriptor, 'name' | 'createAdapter' | 'startSimulator'>;
  /** The real API's base URL: a live run's default, and a replay's when its recording names none. */
  baseUrl: string;
  /** A person's own client (the provider's official SDK) with their token, at `baseUrl`. */
  person(baseUrl: string, token: string): Person;
  /** A resource's state as the person reads it through the public API: the API modes' independent reader. */
  inspect(person: Person, resource: ResourceRef): Promise<Json | null>;
  /** What a test starts with and its recording keeps, so a replay asks for the same things (default: `{}`). */
  meta?(): Meta;
  /** The connector's own fields of the environment (or a `prepare`), from its person, meta and simulator. */
  extra?(parts: EnvironmentParts<Person, Meta>): Extra;
}

/**
 * An environment the connector's cases get: the agent's adapter, the person's client, its own fields, and
 * `runId`: unique to the test and kept in its recording, so names made from it (a promotion code, a
 * title a live account must not have yet) come out the same when the recording is replayed.
 */
export type ConnectorEnvironment<Person, Extra extends object = object> = ConformanceEnvironment & { person: Person; runId: string } & Extra;

export interface ConnectorEnvironments<Environment> {
  /** A fresh simulator, inspected through its back door (`inspectResource`). */
  simulator(): Promise<Environment>;
  /** A fresh simulator reached only through its public URL, its tokens named for the recording. */
  simulatorAsApi(): Promise<Environment>;
  /** A recorded test stood up again offline: the recorded base URL and meta, stand-in tokens. */
  replayEnvironment(replayed?: Replayed): Promise<Environment>;
  /** The real API with a user's tokens. */
  live(target: LiveTarget): Promise<Environment>;
}

export function connectorEnvironments<Person, Meta extends Json = Record<string, never>, Extra extends object = object>(
  options: ConnectorEnvironmentsOptions<Person, Meta, Extra>,
): ConnectorEnvironments<ConnectorEnvironment<Person, Extra>> {
  const { connector } = options;
  const freshMeta = () => ({ runId: randomBytes(4).toString('hex'), ...(options.meta?.() as object | undefined) }) as Meta & { runId: string };
  /** A recording made before runs had ids has none: the replay gets a fresh one. */
  const runIdOf = (meta: Meta) => (typeof (meta as { runId?: unknown }).runId === 'string' ? (meta as { runId: string }).runId : randomBytes(4).toString('hex'));
  const extra = (parts: EnvironmentParts<Person, Meta>) => options.extra?.(parts) ?? ({} as Extra);
  const start = async () => {
    if (!connector.startSimulator) throw new Error(`the ${connector.name} connector has no startSimulator`);
    return connector.startSimulator();
  };
  /** The agent and a person on the public API at `baseUrl`; `close` ends what stands behind it. */
  const onApi = (baseUrl: string, agentToken: string, humanToken: string, meta: Meta, close: () => Promise<void> = async () => undefined): ConnectorEnvironment<Person, Extra> => {
    const person = options.person(baseUrl, humanToken);
    return {
      adapter: connector.createAdapter({ token: agentToken, baseUrl }),
      person,
      runId: runIdOf(meta),
      inspect: (resource) => options.inspect(person, resource),
      recording: { baseUrl, meta, secrets: [agentToken, humanToken] },
      close,
      ...extra({ person, meta }),
    };
  };

  return {
    async simulator() {
      const simulator = await start();
      const person = options.person(simulator.url, simulator.tokens.human);
      const meta = freshMeta();
      return {
        adapter: connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
        // Every connector's simulator is a simulator-kit handle; the descriptor types only what the CLI uses.
        simulator: simulator as unknown as ConformanceEnvironment['simulator'],
        person,
        runId: meta.runId,
        inspect: (resource) => simulator.inspectResource(resource) as Json | null,
        close: () => simulator.close(),
        ...extra({ person, meta, simulator }),
      };
    },
    async simulatorAsApi() {
      const simulator = await start();
      return onApi(simulator.url, simulator.tokens.agent, simulator.tokens.human, freshMeta(), () => simulator.close());
    },
    async replayEnvironment(replayed) {
      return onApi(replayed?.baseUrl ?? options.baseUrl, 'replayed-agent-token', 'replayed-person-token', (replayed?.meta as Meta | undefined) ?? freshMeta());
    },
    async live(target) {
      return onApi(target.baseUrl ?? options.baseUrl, target.agentToken, target.humanToken ?? target.agentToken, freshMeta());
    },
  };
}
