// How a __Title__ action is declared: `defineAction` for the __Title__ client, every other type inferred
// (the name as written, the input from its schema, the result from `execute`), so `session.run` is typed
// from the adapters a runtime is given.
import { actionsFor } from '@backspace/core/adapter-kit';
import type { __Name__Client } from '../client.js';

export const define__Name__Action = actionsFor<__Name__Client>();
