// What the runner needs of one provider: its simulator, the agent's adapter, inputs for every declared
// action that fit the current state, a person's edits through the official SDK, and the independent reader.
import type { Adapter } from '@backspace/core';
import type { FaultInjector, RequestLog, SimulatorRequest } from '@backspace/testkit';
import type { SkippingClock } from '../clock.js';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';

export interface IncidentEnvironment {
  provider: string;
  /** The adapter's base URL (the worker process builds its own adapter from it). */
  url: string;
  agentToken: string;
  faults: FaultInjector;
  log: RequestLog;
  /** A fresh agent adapter on the agent's token: each session's process has its own. */
  createAdapter(): Adapter;
  /**
   * An input for `action` that fits the current state, its texts tagged with `tag` (`ta12`, `tb3`), or
   * undefined when nothing fits now (no open pull request to merge, say).
   */
  agentInput(action: string, rng: Rng, tag: string): Promise<unknown>;
  /** One edit by a person through the provider's official SDK; returns what it did, for the trace. */
  humanEdit(rng: Rng, tag: string): Promise<string>;
  /**
   * A person making, through their own SDK, the change an agent's write whose outcome stayed unknown
   * would have made (doing by hand what the bot seemed to fail at); what they did, or undefined where the
   * kit has no such edit for the action. Its value is the agent's: only the provider's history tells whose.
   */
  humanRepeat?(action: string, input: unknown): Promise<string | undefined>;
  /** Every object, read straight from the simulator's state. */
  observe(): World;
  /** Whether a request writes (REST: not a GET; Slack and Linear: by method or mutation). */
  isWrite(request: SimulatorRequest): boolean;
  /**
   * Fields that are marks others leave on an item rather than work built on it (reactions, pins,
   * labels): an item the agent made may be removed with them.
   */
  marks?: RegExp;
  /**
   * Marks that another session on the agent's own token leaves, which the provider cannot tell from the
   * agent's own (a Slack pin names the bot user, whichever session made it): not work built on an item
   * when session B left them; a person's still is.
   */
  sameTokenMarks?: RegExp;
  /** Lets the provider's time pass after an agent step (a scheduled message falls due). */
  settle?(rng: Rng): void;
  close(): Promise<void>;
}

export interface ProviderKit {
  provider: string;
  start(clock: SkippingClock): Promise<IncidentEnvironment>;
}

/** Strips Backspace's hidden markers so a person's view of a text is compared. */
export function visibleText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s*<!-- backspace:[^>]*-->/g, '').replace(/[\u200b\u200c\u2063]/g, '').trim();
}

/** A short stable digest of a longer value, so fields stay small. */
export function digest(value: string): string {
  let hash = 2166136261;
  for (let index = 0; index < value.length; index += 1) hash = Math.imul(hash ^ value.charCodeAt(index), 16777619);
  return `${value.slice(0, 24)}#${(hash >>> 0).toString(36)}`;
}
