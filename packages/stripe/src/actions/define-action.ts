// How a Stripe action is declared: `defineAction` for the Stripe client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { StripeClient } from '../client.js';

export const defineStripeAction = actionsFor<StripeClient>();
