// A relative path in backspace.config.json (journal.path, security.keyring, security.checkpoints) is
// the config file's neighbour, wherever the command is started: an MCP client starts `backspace mcp
// --config /abs/backspace.config.json` in a folder of its own choosing, and a journal made there would be
// a second one nobody reads. Through the built binary (and the MCP SDK's stdio client), each command
// started in another, empty directory; what was written is read back from disk with better-sqlite3.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createRuntime } from '@backspace/core';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { BIN, runCli } from './test-cli.js';

const directory = (name: string) => mkdtempSync(join(tmpdir(), `backspace-config-${name}-`));

function writeConfig(folder: string, config: object): string {
  const file = join(folder, 'backspace.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Each entry's type and agent in a journal file, oldest first, read with better-sqlite3. */
function entries(path: string): { type: string; agent: string | null }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT type, agent_id AS agent FROM entries ORDER BY seq').all() as { type: string; agent: string | null }[];
  } finally {
    db.close();
  }
}

async function journalWithOneSession(path: string): Promise<void> {
  const journal = createSqliteJournal({ path });
  const runtime = createRuntime({ journal, adapters: [] });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.end();
  await journal.close();
}

describe('relative paths in a config file started from another directory', () => {
  it('backspace mcp --config: the agent session goes to the journal beside the config, none is made where it was started', async () => {
    const github = await createGithubSimulator();
    try {
      const home = directory('home');
      const elsewhere = directory('elsewhere');
      const config = writeConfig(home, { journal: { path: 'agents.db' }, adapters: { github: { baseUrl: github.url } } });
      const env = { ...(process.env as Record<string, string>), GITHUB_TOKEN: github.seed.tokens.agent };
      const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--config', config, '--agent', 'desk-agent'], cwd: elsewhere, env, stderr: 'pipe' });
      const client = new Client({ name: 'desk', version: '1.0.0' });
      await client.connect(transport);
      // The connection's session starts with its first call.
      const { owner, repo } = github.seed;
      const created = await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Filed from another folder' } });
      expect(created.isError, JSON.stringify(created)).toBeFalsy();
      await client.close();

      expect(readdirSync(elsewhere)).toEqual([]);
      expect(entries(join(home, 'agents.db')).slice(0, 3)).toEqual([
        { type: 'session.started', agent: 'desk-agent' },
        expect.objectContaining({ type: 'action.intent' }),
        expect.objectContaining({ type: 'action.committed' }),
      ]);
    } finally {
      await github.close();
    }
  });

  it('backspace sessions --config reads the journal beside the config', async () => {
    const home = directory('home');
    const elsewhere = directory('elsewhere');
    await journalWithOneSession(join(home, 'agents.db'));
    const result = await runCli(['sessions', '--config', writeConfig(home, { journal: { path: 'agents.db' } }), '--json'], { cwd: elsewhere });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect((JSON.parse(result.stdout) as { sessions: { agentId: string }[] }).sessions.map((session) => session.agentId)).toEqual(['triage-bot']);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('backspace checkpoint --config reads the keyring and appends to the checkpoint file beside the config', async () => {
    const home = directory('home');
    const elsewhere = directory('elsewhere');
    await journalWithOneSession(join(home, 'agents.db'));
    const keys = await runCli(['keys', '--id', 'ops-alice', '--role', 'operator', '--out', join(home, 'keys'), '--keyring', join(home, 'keyring.json'), '--json']);
    expect(keys.code, keys.stdout).toBe(0);
    const config = writeConfig(home, { journal: { path: 'agents.db' }, security: { keyring: 'keyring.json', checkpoints: 'checkpoints.jsonl' } });

    const result = await runCli(['checkpoint', '--config', config, '--json'], { cwd: elsewhere });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);
    const lines = readFileSync(join(home, 'checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([2]);
  });
});
