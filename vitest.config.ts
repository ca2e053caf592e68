import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources: the `@backspace/source` export condition points each workspace
// package at its src/ instead of its built dist/ (a name no dependency's exports can collide with).
export default defineConfig({
  resolve: { conditions: ['@backspace/source'] },
  ssr: { resolve: { conditions: ['@backspace/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // One test file per core (vitest's default leaves one core idle): most files wait on simulators,
    // child processes and PostgreSQL more than they compute, and each journal, schema, port and
    // temporary directory a test makes is its own, so files run side by side.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
