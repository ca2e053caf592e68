// How a Linear action is declared: `defineAction` for the Linear client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';

export const defineLinearAction = actionsFor<LinearCalls>();
