// The conformance workspace over the simulator: arranging and reading straight in its records.
import type { SlackSimulator } from '../simulator/index.js';
import { inspectResource } from '../test-support.js';
import type { SlackWorkspace } from './workspace.js';

export function simulatorWorkspace(simulator: SlackSimulator): SlackWorkspace {
  const { channel, humanUserId, tokens } = simulator.seed;
  let channels = 0;
  return {
    channel,
    agent: simulator.client(tokens.agent),
    human: simulator.client(tokens.human),
    humanUserId: async () => humanUserId,
    // The first seeded message, "Welcome to #general!", posted by the seeded person.
    personsMessage: async () => simulator.workspace.channels.get(channel)!.timeline[0]!,
    uniqueChannelName: (prefix) => `${prefix}-${++channels}`,
    inspect: async (resource) => inspectResource(simulator, resource),
  };
}
