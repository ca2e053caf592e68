// The MCP server over Streamable HTTP in front of a GitHub simulator, for the tests that connect real MCP
// clients: the runtime on an in-memory journal, the server, and the simulator's issues by title to read
// back what was written.
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { serveHttp, type HttpServer } from './index.js';

export interface GithubOverHttp {
  github: GithubSimulator;
  runtime: Runtime;
  http: HttpServer;
  /** The issues the simulator holds with this title. */
  titled(title: string): { title: string; number: number }[];
  close(): Promise<void>;
}

/**
 * Serves the GitHub adapter's actions over HTTP, on `github` (a fresh simulator when not given). `slow`:
 * GitHub requests time out after 200 ms, and a write left so may still land for 1 s.
 */
export async function githubOverHttp({ github, slow = false }: { github?: GithubSimulator; slow?: boolean } = {}): Promise<GithubOverHttp> {
  const simulator = github ?? (await createGithubSimulator());
  const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, ...(slow ? { timeoutMs: 200 } : {}) });
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], killSwitchPollMs: 0, ...(slow ? { inFlightTimeoutMs: 1_000 } : {}) });
  const http = await serveHttp({ runtime, secrets: () => adapter.secrets?.() ?? [] });
  return {
    github: simulator,
    runtime,
    http,
    titled: (title) => [...(simulator.inspect() as unknown as { issues: Map<number, { title: string; number: number }> }).issues.values()].filter((issue) => issue.title === title),
    async close() {
      await http.close();
      await runtime.journal.close();
      await simulator.close();
    },
  };
}
