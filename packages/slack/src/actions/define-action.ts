// How a Slack action is declared: `defineAction` for the Slack connection, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { SlackConnection } from '../connection.js';

export const defineSlackAction = actionsFor<SlackConnection>();
