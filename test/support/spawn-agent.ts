// Starts a worker (test/workers/) in its own process and reads its lines as they come.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface AgentProcess {
  child: ChildProcess;
  /** Resolves with the first line starting with `prefix`. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
}

/** The kill-switch agent: runs actions on a shared SQLite journal until the kill switch refuses one. */
export function spawnAgent(journalPath: string, agentId: string): AgentProcess {
  return spawnWorker('kill-switch-agent.mjs', [journalPath, agentId]);
}

/** Any worker in test/workers/, which imports the packages' built dist (`pnpm build` first). */
export function spawnWorker(name: string, args: string[]): AgentProcess {
  const worker = fileURLToPath(new URL(`../workers/${name}`, import.meta.url));
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    waiters.splice(0).forEach((wake) => wake());
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return {
    child,
    line: (prefix, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`agent process printed no "${prefix}" line; stderr: ${errors}`)), timeoutMs);
        const check = () => {
          const found = lines.find((line) => line.startsWith(prefix));
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      }),
  };
}
