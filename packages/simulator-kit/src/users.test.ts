import { describe, expect, it } from 'vitest';
import { createUserRegistry, tokenFromRequest } from './users.js';

describe('users', () => {
  it('never gives a created user the id of a configured one', () => {
    const users = createUserRegistry({ users: { known: { id: 'user-1', name: 'octocat' } } });
    expect(users.forToken('stranger').id).toBe('user-2');
    expect(users.all().map((user) => user.name)).toEqual(['octocat', 'user-2']);
  });

  it('names created users the way a provider asks', () => {
    const users = createUserRegistry({ createUser: (_token, ordinal) => ({ id: `U0000${ordinal}`, name: `human-${ordinal}` }) });
    expect(users.forToken('a')).toEqual({ token: 'a', id: 'U00001', name: 'human-1' });
    expect(users.forToken('b').id).toBe('U00002');
    expect(users.forToken('a').id).toBe('U00001');
  });

  it('reads no token from other authorization schemes or a non-string body field', () => {
    expect(tokenFromRequest({ authorization: 'Basic dXNlcjpwYXNz' }, undefined)).toBeUndefined();
    expect(tokenFromRequest({}, { token: 42 })).toBeUndefined();
    expect(tokenFromRequest({ authorization: 'BEARER abc' }, { token: 'ignored' })).toBe('abc');
  });
});
