// The __Title__ connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
// The CLI finds it by the `backspace-connector` keyword in package.json (or by the package's name under
// `connectors` in backspace.config.json); nothing else needs an edit.
import { defineConnector } from '@backspace/core/adapter-kit';
import { __name__Adapter, __NAME___TOKEN_VARIABLE } from './adapter.js';

export const connector = defineConnector({
  name: '__name__',
  title: '__Title__',
  tokenVariable: __NAME___TOKEN_VARIABLE,
  // The settings default to `connectorSettings` (baseUrl, timeoutMs). More?
  // `settings: connectorSettings.extend({ region: z.enum([...]).optional() }).strict()`.
  adapter: __name__Adapter,
  startSimulator: async () => (await import('./simulator/index.js')).create__Name__Simulator(),
});

/** The __Title__ adapter: its token `settings.token`, else __NAME___TOKEN; scrubbed from everything journaled. */
export const create__Name__Adapter = connector.createAdapter;
