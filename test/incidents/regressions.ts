// Seeds that once showed a defect now fixed: every CI run replays them, so a fix that regresses fails
// by name. Add a seed here when its entry leaves known-defects.ts.
export const REGRESSION_SEEDS: Record<string, { seed: number; fixed: string }[]> = {
  github: [{ seed: 20_260_180, fixed: "an issue the agent opened, closed and reopened by a person, stays open" }],
  slack: [
    { seed: 20_260_298, fixed: "a message posted with its answer lost, then edited by a person, is kept (corrected), not deleted" },
    { seed: 30_000_100, fixed: "a pin a person made after the agent's attempt was lost is theirs: the rollback leaves it" },
  ],
};
