import { describe, expect, it } from 'vitest';
import { describeServer, withoutPassword } from './settings.js';

describe('naming the server without its password', () => {
  it('reads a URL, decoding an escaped password so it can be scrubbed in either form', () => {
    const { server, password } = describeServer('postgres://agent:p%40ss%2Fw0rd@db.internal:6432/journal?sslmode=require');
    expect(server).toBe('agent@db.internal:6432/journal');
    expect(password).toBe('p@ss/w0rd');
    expect(withoutPassword('failed for p@ss/w0rd and p%40ss%2Fw0rd', password)).toBe('failed for *** and ***');
  });

  it('reads a key=value connection string', () => {
    expect(describeServer("host=db user=agent password='s3 cret' dbname=journal")).toEqual({ server: 'agent@db:5432/journal', password: 's3 cret' });
  });

  it('fills in what a URL leaves out', () => {
    expect(describeServer('postgres://db')).toEqual({ server: '(default user)@db:5432/(default database)', password: null });
  });
});
