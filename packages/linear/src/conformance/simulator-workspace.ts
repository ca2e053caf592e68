// The conformance workspace over the simulator: its seed's team, states, labels and issues, and its
// records read straight.
import type { LinearClient } from '@linear/sdk';
import type { LinearSimulator } from '../simulator/index.js';
import { inspectResource } from '../test-support.js';
import { missing, type LinearWorkspace } from './workspace.js';

export function simulatorWorkspace(simulator: LinearSimulator, human: LinearClient): LinearWorkspace {
  const { seed, state } = simulator;
  const named = (ids: Record<string, string>, name: string, what: string) => ids[name] ?? missing(`the simulator's seed has no ${what} named ${name}`);
  return {
    teamId: () => seed.teamId,
    stateId: (name) => named(seed.workflowStates, name, 'workflow state'),
    labelId: (name) => named(seed.labels, name, 'label'),
    seededIssue: async (index) => Object.values(seed.issues)[index]!,
    // The simulator starts empty of agent-made issues each time.
    uniqueTitle: (title) => title,
    human,
    inspect: async (resource) => inspectResource(simulator, resource),
    counts: {
      committed: (mutation) => state.committed.get(mutation) ?? 0,
      stored: (kind) => state[kind].size,
    },
  };
}
