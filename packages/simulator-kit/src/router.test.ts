import { describe, expect, it } from 'vitest';
import { createRouter } from './router.js';
import type { SimulatorRequest } from './types.js';

const answer = (name: string) => () => ({ status: 200, body: name });

describe('createRouter', () => {
  const router = createRouter()
    .add('*', '/repos/:owner/:repo/issues/:number', answer('any method'))
    .get('/repos/:owner/:repo/issues/:number', answer('get issue'))
    .get('/repos/:owner/:repo/issues/comments', answer('list comments'))
    .get('/repos/:owner/:repo/git/refs/*ref', answer('get ref'))
    .post('/chat.postMessage', answer('post message'));

  it('passes route parameters, decoded', () => {
    expect(router.resolve('get', '/repos/octo/hello%20world/issues/3')).toMatchObject({
      params: { owner: 'octo', repo: 'hello world', number: '3' },
      pattern: '/repos/:owner/:repo/issues/:number',
    });
    expect(router.resolve('GET', '/repos/o/r/git/refs/heads/main').params).toEqual({ owner: 'o', repo: 'r', ref: 'heads/main' });
  });

  it('prefers literal segments and specific methods, whatever the order routes were added in', async () => {
    const run = async (method: string, path: string) => (await router.resolve(method, path).handler({} as SimulatorRequest)).body;
    expect(await run('GET', '/repos/o/r/issues/comments')).toBe('list comments');
    expect(await run('GET', '/repos/o/r/issues/1')).toBe('get issue');
    expect(await run('PATCH', '/repos/o/r/issues/1')).toBe('any method');
    expect(await run('POST', '/chat.postMessage/')).toBe('post message');
  });

  it('leaves unknown routes and dots in literals to the not-found handler', () => {
    expect(router.resolve('POST', '/chatXpostMessage').pattern).toBeUndefined();
    expect(router.resolve('GET', '/chat.postMessage').pattern).toBeUndefined();
  });
});
