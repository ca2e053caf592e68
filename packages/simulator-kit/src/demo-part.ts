// One provider's part of `backspace demo`: the agent's mistakes, a human's edits, and the check that
// rollback removed the first and kept the second. Each provider package exports one from its simulator;
// its connector descriptor (`demo()`) hands it to the CLI. The contract is core's `ConnectorDemo`.
import type { ConnectorDemo, DemoVerification } from '@backspace/core';
import type { SimulatorHandle } from './handle.js';

export type { DemoVerification };

export interface DemoPart extends ConnectorDemo {
  simulator: SimulatorHandle<unknown, unknown>;
}
