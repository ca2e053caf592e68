// The command center's plan pages are GETs, which any page the operator visits can trigger
// (`<img src="http://127.0.0.1:4477/sessions/<id>/plan">`). Asked by another site they are refused before
// anything is read: no request reaches the provider, nothing reaches the journal. Opened by the operator
// they are dry runs: a write whose answer was lost is named as unknown, never looked up or recorded.
// Counted on the GitHub simulator's requests and the journal file read by the test's own connection.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createCommandCenterApp } from '@backspace/command-center';
import { BIN } from './support/cli.js';
import { entryTypes, fingerprint, sessionWithLostAnswer } from './support/lost-answer.js';
import { tempJournalPath } from './support/rig.js';

const HOST = { host: '127.0.0.1:4477' };

describe('command center plan pages', () => {
  let simulator: GithubSimulator;
  let journal: JournalStore;
  let path: string;
  let sessionId: string;
  let app: ReturnType<typeof createCommandCenterApp>['app'];

  beforeEach(async () => {
    simulator = await createGithubSimulator();
    path = tempJournalPath();
    sessionId = await sessionWithLostAnswer(simulator, path);
    // As `backspace serve` holds it: the journal open to write, the adapters with the operator's token.
    journal = createSqliteJournal({ path, create: false });
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [], retry: { baseDelayMs: 1 } });
    ({ app } = createCommandCenterApp({ runtime, operator: 'dana' }, { host: '127.0.0.1' }));
  });
  afterEach(async () => {
    await journal.close();
    await simulator.close();
  });

  it.each([
    ['a session plan', () => `/sessions/${sessionId}/plan`],
    ['an incident plan', () => '/incident?agents=triage-bot'],
    ['a session page (its names are looked up with the tokens)', () => `/sessions/${sessionId}`],
  ])('refuses %s asked by another site, reading nothing and recording nothing', async (_name, target) => {
    const types = entryTypes(path, sessionId);
    const requests = simulator.stats.requests;
    for (const site of ['cross-site', 'same-site']) {
      const answer = await app.request(`http://127.0.0.1:4477${target()}`, { headers: { ...HOST, 'sec-fetch-site': site, 'sec-fetch-dest': 'image' } });
      expect(answer.status).toBe(403);
      expect(await answer.text()).toMatch(/another site/);
    }
    expect(simulator.stats.requests).toBe(requests);
    expect(entryTypes(path, sessionId)).toEqual(types);
  });

  it('shows the plan to the operator without looking the lost write up or recording anything', async () => {
    const types = entryTypes(path, sessionId);
    for (const site of ['same-origin', 'none', undefined]) {
      const answer = await app.request(`http://127.0.0.1:4477/sessions/${sessionId}/plan`, { headers: { ...HOST, ...(site ? { 'sec-fetch-site': site } : {}) } });
      expect(answer.status).toBe(200);
      expect(entryTypes(path, sessionId)).toEqual(types);
      const page = await answer.text();
      expect(page).toMatch(/Outcome unknown: not planned here/);
      expect(page).toMatch(/key call-9\): outcome unknown, settled when the rollback runs/);
      // The rollback settles it, so the button stays.
      expect(page).toMatch(/Roll back 1 step of session/);
    }
    expect(entryTypes(path, sessionId)).toEqual(types);
    // The session list any site may link to still opens.
    expect((await app.request('http://127.0.0.1:4477/', { headers: { ...HOST, 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it('`backspace serve` plans on a read-only open: the journal file keeps its bytes', async () => {
    await journal.close();
    writeFileSync(join(dirname(path), 'backspace.config.json'), JSON.stringify({ journal: { path }, adapters: { github: { baseUrl: simulator.url } } }));
    const before = fingerprint(path);
    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { cwd: dirname(path), env: { ...process.env, GITHUB_TOKEN: simulator.seed.tokens.agent }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = out.match(/"url":\s*"([^"]+)"/);
          if (found) resolve(found[1]!);
        });
        server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const plan = await fetch(`${url}sessions/${sessionId}/plan`, { headers: { 'sec-fetch-site': 'none' } });
      expect(plan.status).toBe(200);
      expect(await plan.text()).toMatch(/outcome unknown, settled when the rollback runs/);
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    expect(fingerprint(path)).toEqual(before);
    // Reopened for afterEach.
    journal = createSqliteJournal({ path, create: false });
  }, 60_000);
});
