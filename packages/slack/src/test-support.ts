// Shared by this package's tests: a simulator with the agent's adapter on it, and a direct reader.
import type { Clock, Json, ResourceRef } from '@backspace/core';
import { createSlackAdapter } from './slack-adapter.js';
import { createSlackSimulator, findInspectedMessage, inspectChannel, type SlackSimulator, type SlackSimulatorOptions } from './simulator/index.js';
import { keyInText } from './marker.js';
import { splitId } from './resources.js';

export async function startSlack(options: SlackSimulatorOptions & { correction?: 'replace' | 'thread-reply' } = {}) {
  const simulator = await createSlackSimulator(options);
  // The adapter paces its history reads on the simulator's clock, told the app kind the simulator plays.
  const adapter = createSlackAdapter({
    token: simulator.seed.tokens.agent,
    baseUrl: simulator.url,
    ...(options.correction ? { correction: options.correction } : {}),
    ...(options.appKind ? { appKind: options.appKind } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { simulator, adapter, inspect: (resource: ResourceRef) => inspectResource(simulator, resource) };
}

/** Reads the simulator's state for one resource, never through the adapter or the API. */
export function inspectResource(simulator: SlackSimulator, resource: ResourceRef): Json | null {
  const { workspace } = simulator;
  workspace.postDueMessages();
  switch (resource.type) {
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return findInspectedMessage(workspace, channel, ts);
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
      const message = workspace.findMessage(channel, ts);
      return message ? { users: [...(message.reactions.get(name) ?? [])] } : null;
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return { pinned: workspace.channels.get(channel)?.pins.has(ts) ?? false };
    }
    case 'scheduled_message': {
      const [channel, id, key] = splitId(resource.id, 3) as [string, string, string];
      const entry = workspace.scheduled.get(id);
      if (entry && !entry.postedTs) return { state: 'scheduled', channel: entry.channel, post_at: entry.postAt };
      const posted = [...workspace.messages.values()].find((message) => message.channel === channel && !message.tombstone && keyInText(message.text) === key);
      return posted ? { state: 'posted', ...(findInspectedMessage(workspace, channel, posted.ts) as object) } : null;
    }
    case 'channel': {
      const channel = workspace.channels.get(resource.id);
      return channel ? inspectChannel(workspace, channel) : null;
    }
    default:
      return null;
  }
}

/**
 * A clock that moves only by what its callers sleep, at once: a rate-limit wait of a minute takes no
 * real time, and a test's timeline is the same on every run (shared by the simulator, the adapter and
 * the runtime, it is the one time they all see).
 */
export function virtualClock(start = Date.UTC(2026, 3, 1, 9)): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
  };
}
