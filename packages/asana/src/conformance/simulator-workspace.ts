// The conformance workspace over the simulator: its seed for the sandbox, its records for reading.
import type { AsanaTestEnvironment } from '../test-support/environment.js';
import { humanWrites, type AsanaSandbox, type AsanaWorkspace } from './workspace.js';

export function simulatorWorkspace(environment: AsanaTestEnvironment): AsanaWorkspace {
  const { simulator } = environment;
  const { seed } = simulator;
  const sandbox: AsanaSandbox = {
    projectGid: seed.projectGid,
    otherProjectGid: seed.otherProjectGid,
    tags: seed.tags,
    agent: seed.users.agent,
    newFollower: seed.users.human,
    followers: [seed.users.teammate],
    customFieldUpdate: { [seed.customFields.priority.gid]: seed.customFields.priority.options.high, [seed.customFields.estimate]: 8 },
  };
  return {
    sandbox: () => sandbox,
    task: async (slot) => seed.taskGids[slot]!,
    human: humanWrites(environment.human),
    inspect: async (resource) => environment.inspect(resource),
  };
}
