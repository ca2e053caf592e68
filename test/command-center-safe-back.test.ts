// The kill form's `back` field says where the operator goes after a kill: only a path on this site.
// Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/evil.example` or `/\evil.example`
// would send the operator to another site. Checked on the redirect the browser would follow.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createCommandCenterApp } from '@backspace/command-center';

const journals: JournalStore[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
});

async function killWithBack(back: string): Promise<string | null> {
  const journal = createSqliteJournal({ path: ':memory:' });
  journals.push(journal);
  const runtime = createRuntime({ journal, adapters: [] });
  const session = await runtime.startSession({ agentId: 'triage-agent', reason: 'test' });
  const { app, center } = createCommandCenterApp({ runtime, operator: 'dana' }, { host: '127.0.0.1' });
  const body = new URLSearchParams({ scope: 'session', target: session.id, reason: 'runaway', back, _csrf: center.csrfToken }).toString();
  const answer = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:4477', origin: 'http://127.0.0.1:4477' }, body });
  expect(answer.status).toBe(303);
  return answer.headers.get('location');
}

describe('the command center redirect after a kill', () => {
  it('goes back to a page of this site', async () => {
    expect(await killWithBack('/sessions/abc')).toBe('/sessions/abc');
  });

  it.each([
    ['a tab before the second slash', '/\t/evil.example'],
    ['a newline before the second slash', '/\n/evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['a backslash anywhere (browsers read it as a slash)', '/x/..\\..\\/evil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
  ])('never leaves the site: %s falls back to /control', async (_name, back) => {
    expect(await killWithBack(back)).toBe('/control');
  });
});
