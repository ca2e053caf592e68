// `backspace mcp` as an MCP client starts it: the SDK's own Client over stdio against the spawned
// binary, and over Streamable HTTP; effects read back from the GitHub simulator and the journal file.
// Needs `pnpm build` first (the binary imports built dist).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { BIN } from './support/cli.js';

describe('backspace mcp', () => {
  let github: GithubSimulator;
  let directory: string;
  let journalPath: string;
  let config: string;
  let env: Record<string, string>;

  const issues = () => (github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues;
  const journalEntries = async () => {
    const journal = createSqliteJournal({ path: journalPath });
    try {
      return await journal.entriesOfType(['session.started', 'session.ended', 'action.committed', 'action.rejected']);
    } finally {
      await journal.close();
    }
  };

  beforeAll(async () => {
    github = await createGithubSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-mcp-'));
    journalPath = join(directory, 'agent.db');
    config = join(directory, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url } } }));
    env = { GITHUB_TOKEN: github.seed.tokens.agent, NO_COLOR: '1' };
  });
  afterAll(async () => github.close());

  it('over stdio: lists the configured adapter’s tools, runs a call, refuses bad input, and ends the session when the client leaves', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--config', config], env: { ...(process.env as Record<string, string>), ...env }, cwd: directory, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);

    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('github_issue_create');
    expect(names.some((name) => name.startsWith('slack_'))).toBe(false);

    const { owner, repo } = github.seed;
    const created = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Filed over stdio' } })) as CallToolResult;
    expect(created.isError, JSON.stringify(created)).toBeUndefined();
    const number = (created.structuredContent as { result: { number: number } }).result.number;
    expect(issues().get(number)!.title).toBe('Filed over stdio');

    const invalid = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo } })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(invalid.structuredContent).toMatchObject({ status: 'invalid-input', issues: [expect.objectContaining({ path: 'title' })] });
    await client.close();

    await expect.poll(async () => (await journalEntries()).map((entry) => entry.type), { timeout: 5000 }).toEqual(['session.started', 'action.committed', 'session.ended']);
    const entries = await journalEntries();
    expect(entries[0]).toMatchObject({ agentId: 'mcp:stdio-test', data: { metadata: { transport: 'stdio', client: 'stdio-test' } } });
    expect(new Set(entries.map((entry) => entry.sessionId)).size).toBe(1);
    expect(stderr).toMatch(/backspace mcp: \d+ tools \(github\) over stdio/);
    expect(stderr).not.toContain(github.seed.tokens.agent);
  });

  it('over Streamable HTTP: each client connection is its own session, ended when the client ends it', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--config', config, '--http', '0', '--agent', 'web-agent'], { cwd: directory, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/at http:\/\/127\.0\.0\.1:\d+\/mcp/);
      const url = new URL(/at (http:\/\/\S+\/mcp)/.exec(stderr)![1]!);
      const before = (await journalEntries()).filter((entry) => entry.type === 'session.started').length;

      const clients = [new Client({ name: 'web-one', version: '1.0.0' }), new Client({ name: 'web-two', version: '1.0.0' })];
      const transports = clients.map(() => new StreamableHTTPClientTransport(url));
      for (const [index, client] of clients.entries()) await client.connect(transports[index]!);
      const { owner, repo } = github.seed;
      for (const [index, client] of clients.entries()) {
        const result = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: `Filed over HTTP by ${index}` } })) as CallToolResult;
        expect(result.isError, JSON.stringify(result)).toBeUndefined();
      }
      for (const [index, transport] of transports.entries()) {
        await transport.terminateSession();
        await clients[index]!.close();
      }
      await expect.poll(async () => (await journalEntries()).filter((entry) => entry.type === 'session.ended').length - before, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      const mine = (await journalEntries()).filter((entry) => entry.type === 'session.started' && entry.agentId === 'web-agent');
      expect(mine).toHaveLength(2);
      const ended = new Set((await journalEntries()).filter((entry) => entry.type === 'session.ended').map((entry) => entry.sessionId));
      for (const session of mine) expect(ended.has(session.sessionId)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).not.toContain(github.seed.tokens.agent);
  });
});
