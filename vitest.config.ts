import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources: the `source` export condition points each workspace package at
// its src/ instead of its built dist/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
