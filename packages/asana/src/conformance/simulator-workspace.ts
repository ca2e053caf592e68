// The conformance workspace over the simulator: its seed for the sandbox, its records for reading. The
// first check of an environment takes the first tasks of the seed; each later `prepare` (the request
// budget runs a case twice in one environment) moves on to tasks no check has touched.
import type { AsanaTestEnvironment } from '../test-support/environment.js';
import { humanWrites, type AsanaSandbox, type AsanaWorkspace } from './workspace.js';

/** Tasks one check may use (slots 0 to 9 today); the seed must hold this many per prepared round. */
export const TASKS_PER_CHECK = 16;

export function simulatorWorkspace(environment: AsanaTestEnvironment): AsanaWorkspace & { prepare(): Promise<void> } {
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
  let round = -1;
  return {
    sandbox: () => sandbox,
    task: async (slot) => {
      const gid = seed.taskGids[Math.max(round, 0) * TASKS_PER_CHECK + slot];
      if (!gid) throw new Error(`the simulator's seed has no task for slot ${slot} of round ${round}: start it with more tasks`);
      return gid;
    },
    async prepare() {
      round += 1;
    },
    human: humanWrites(environment.human),
    inspect: async (resource) => environment.inspect(resource),
  };
}
