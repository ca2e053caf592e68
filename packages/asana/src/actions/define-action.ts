// How an Asana action is declared: `defineAction` for the Asana client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { AsanaClient } from '../client.js';

export const defineAsanaAction = actionsFor<AsanaClient>();
