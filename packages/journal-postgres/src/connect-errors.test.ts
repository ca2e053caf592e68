import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BackspaceError } from '@backspace/core';
import { explainFailure } from './connect-errors.js';
import { createPostgresJournal } from './index.js';
import { TEST_DATABASE_URL, closeTestJournals, dropLater, freshSchema, postgresAvailable } from './test-support/postgres-server.js';

const PASSWORD = 'Sup3r-s3cret_pw';

/** The rejection of `createPostgresJournal`, checked to be a password-free `journal_unavailable`. */
async function openingFails(connectionString: string): Promise<BackspaceError> {
  const error = await createPostgresJournal({ connectionString, schema: dropLater(freshSchema()) }).then(
    () => expect.fail('the journal opened'),
    (failure: unknown) => failure,
  );
  expect(BackspaceError.isInstance(error)).toBe(true);
  const failure = error as BackspaceError;
  expect(failure.code).toBe('journal_unavailable');
  for (const shown of [failure.message, inspect(failure, { depth: 10 }), JSON.stringify(failure.toJSON())]) {
    expect(shown).not.toContain(PASSWORD);
  }
  return failure;
}

/** The test server's URL with another user, password or database. */
function testUrl(change: (url: URL) => void): string {
  const url = new URL(TEST_DATABASE_URL);
  change(url);
  return url.toString();
}

describe('opening a PostgreSQL journal that cannot be reached', () => {
  it('says the server cannot be reached, names it without the password, and may be retried', async () => {
    const failure = await openingFails(`postgres://agent:${PASSWORD}@127.0.0.1:1/journal`);
    expect(failure.message).toMatch(/agent@127\.0\.0\.1:1\/journal.*cannot reach the server/);
    expect(failure.isRetryable).toBe(true);
  });

  it('refuses an unusable schema name before connecting', async () => {
    await expect(createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: 'Robert"; DROP TABLE x' })).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(createPostgresJournal({ connectionString: '' })).rejects.toMatchObject({ code: 'invalid_config' });
  });

  it('calls a connection the server ended a retryable failure', () => {
    const failure = explainFailure({ code: '57P01', message: 'terminating connection due to administrator command' }, { server: 'agent@db:5432/journal', password: null }, 'appending action.intent');
    expect(failure).toMatchObject({ code: 'journal_unavailable', isRetryable: true });
    expect(failure.message).toContain('appending action.intent failed: the server ended the connection (57P01');
  });

  it('scrubs the password even when the server echoes it', () => {
    const failure = explainFailure({ code: '28P01', message: `password authentication failed (${PASSWORD})` }, { server: 'agent@db:5432/journal', password: PASSWORD }, 'opening the journal');
    expect(failure.message).toMatch(/refused these credentials/);
    expect(inspect(failure, { depth: 10 })).not.toContain(PASSWORD);
  });
});

const available = await postgresAvailable();

describe.skipIf(!available)('opening a PostgreSQL journal with the wrong database or user', () => {
  afterAll(closeTestJournals);

  it('says the database does not exist', async () => {
    const failure = await openingFails(testUrl((url) => ((url.password = PASSWORD), (url.pathname = '/no_such_backspace_db'))));
    expect(failure.message).toMatch(/database does not exist/);
    expect(failure.isRetryable).toBe(false);
  });

  it('says the server refused the credentials', async () => {
    const failure = await openingFails(testUrl((url) => ((url.username = 'no_such_backspace_role'), (url.password = PASSWORD))));
    expect(failure.message).toMatch(/no_such_backspace_role@.*refused these credentials/);
  });
});
