import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources: the `source` export condition points each workspace package at
// its src/ instead of its built dist/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // eventsource-parser also publishes a `source` export of TypeScript, which Node cannot load: the MCP
    // SDK's HTTP client that imports it, and it, go through vite like our sources.
    server: { deps: { inline: [/@modelcontextprotocol\/sdk\/dist\/esm\/client\/streamableHttp\.js$/, 'eventsource-parser'] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
