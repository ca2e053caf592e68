// `backspace mcp` creates the agents' SQLite journal on its first start (its one exception to "no
// command creates a journal"): a flag it cannot honour must be refused before that, naming the flag,
// and leave no journal behind for the fleet to miss. Run through the built binary; the directory is
// read back from disk.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-cli.js';

const emptyDirectory = () => mkdtempSync(join(tmpdir(), 'backspace-mcp-flags-'));

describe('backspace mcp with a flag it cannot honour', () => {
  it.each([
    ['a port that is not a number', ['--http', 'abc']],
    ['a port past 65535', ['--http', '70000']],
  ])('%s: the option named, exit 1, no journal created', async (_name, flags) => {
    const directory = emptyDirectory();
    const result = await runCli(['mcp', '--journal', join(directory, 'agents.db'), ...flags], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--http/);
    expect(result.stderr).toMatch(/port from 0 to 65535/);
    expect(result.stderr).not.toMatch(/options\.port|\.js:\d+:\d+/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('--schema with a SQLite path: refused as for every other command, no SQLite file made in its stead', async () => {
    const directory = emptyDirectory();
    const result = await runCli(['mcp', '--journal', join(directory, 'agents.db'), '--schema', 'fleet'], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--schema names a PostgreSQL schema/);
    expect(readdirSync(directory)).toEqual([]);
  });
});
