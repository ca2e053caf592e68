// One provider's part of `backspace demo`: the agent's mistakes, a human's edits, and the check that
// rollback removed the first and kept the second. Each provider package exports one from its simulator.
import type { Adapter, Session } from '@backspace/core';
import type { SimulatorHandle } from './handle.js';

export interface DemoVerification {
  /** Agent effects still present after rollback that are not declared residue, one line each. */
  agentEffectsRemaining: string[];
  /** Human edits that rollback destroyed, one line each. */
  humanEditsLost: string[];
}

export interface DemoPart {
  provider: string;
  /** The agent's adapter, pointed at the simulator. */
  adapter: Adapter;
  simulator: SimulatorHandle<unknown, unknown>;
  /** Runs the agent's actions through the session; one story line per action. */
  agent(session: Session): Promise<string[]>;
  /** A human edits with their own token through the official SDK; one story line per edit. */
  human(): Promise<string[]>;
  /** Reads the simulator through the official SDK (human token) after rollback. */
  verify(): Promise<DemoVerification>;
  close(): Promise<void>;
}
