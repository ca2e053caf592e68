// The simulated workspace the simulator starts with: one team, its workflow states, labels and a few issues.
export const AGENT_TOKEN = 'lin_api_agent_backspace';
export const HUMAN_TOKEN = 'lin_api_human_backspace';

export interface LinearSeed {
  teamId: string;
  teamKey: string;
  /** Workflow states by name: Backlog, Todo, In Progress, Done, Canceled, Duplicate. */
  workflowStates: Record<string, string>;
  /** Labels by name: Bug, Feature, Improvement. */
  labels: Record<string, string>;
  projectId: string;
  /** The team's current cycle, and a milestone of the project: what a person plans an issue into. */
  cycleId: string;
  projectMilestoneId: string;
  users: { agent: string; human: string };
  tokens: { agent: string; human: string };
  /** Seeded issues by identifier (`ENG-1`, ...) giving ids. */
  issues: Record<string, string>;
}

export const SEED_STATES: Array<{ name: string; type: string; position: number }> = [
  { name: 'Backlog', type: 'backlog', position: 0 },
  { name: 'Todo', type: 'unstarted', position: 1 },
  { name: 'In Progress', type: 'started', position: 2 },
  { name: 'Done', type: 'completed', position: 3 },
  { name: 'Canceled', type: 'canceled', position: 4 },
  { name: 'Duplicate', type: 'canceled', position: 5 },
];

export const SEED_LABELS = ['Bug', 'Feature', 'Improvement'];

export const SEED_ISSUES: Array<{ title: string; description: string; state: string; labels: string[]; priority: number }> = [
  { title: 'Checkout fails with a 500 when the cart holds a gift card', description: 'Reported by three customers since Monday.', state: 'In Progress', labels: ['Bug'], priority: 2 },
  { title: 'Export issues as CSV', description: 'Customers ask for a CSV export of filtered views.', state: 'Backlog', labels: ['Feature'], priority: 3 },
  { title: 'Speed up the search index rebuild', description: 'It takes 40 minutes on large workspaces.', state: 'Todo', labels: ['Improvement'], priority: 4 },
];
