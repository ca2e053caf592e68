import { describe, expect, it } from 'vitest';
import type { Adapter } from '@backspace/core';
import { connectorEnvironments } from './connector-environments.js';

/** A descriptor whose adapter and person only say where they were pointed and with which token. */
const connector = { name: 'acme', createAdapter: (settings: { token: string; baseUrl?: string }) => settings as unknown as Adapter };
const environments = connectorEnvironments({
  connector,
  baseUrl: 'https://api.acme.example',
  person: (baseUrl, token) => ({ baseUrl, token }),
  inspect: async (person, resource) => ({ readBy: person.token, id: resource.id }),
  meta: () => ({ runId: 'fresh' }),
  extra: ({ meta, simulator }) => ({ runId: meta.runId, onSimulator: simulator !== undefined }),
});

describe('connectorEnvironments', () => {
  it('goes live at the real API, the person acting with the agent\'s token when no second one is given', async () => {
    const live = await environments.live({ agentToken: 'agent' });
    expect(live.adapter).toEqual({ token: 'agent', baseUrl: 'https://api.acme.example' });
    expect(live.person).toEqual({ baseUrl: 'https://api.acme.example', token: 'agent' });
    expect(live.recording).toEqual({ baseUrl: 'https://api.acme.example', meta: { runId: 'fresh' }, secrets: ['agent', 'agent'] });
    expect(await live.inspect({ provider: 'acme', type: 'item', id: 'it_1' })).toEqual({ readBy: 'agent', id: 'it_1' });
    expect(live.onSimulator).toBe(false);
  });

  it('goes live at the base URL and with the person\'s token given', async () => {
    const live = await environments.live({ agentToken: 'agent', humanToken: 'human', baseUrl: 'https://acme.internal' });
    expect(live.person).toEqual({ baseUrl: 'https://acme.internal', token: 'human' });
    expect(live.recording?.secrets).toEqual(['agent', 'human']);
  });

  it('replays at the recorded base URL with the recorded meta, and no real token', async () => {
    const replayed = await environments.replayEnvironment({ baseUrl: 'https://recorded.example', meta: { runId: 'recorded' } });
    expect(replayed.runId).toBe('recorded');
    expect(replayed.person.baseUrl).toBe('https://recorded.example');
    expect(replayed.recording?.meta).toEqual({ runId: 'recorded' });
    expect((await environments.replayEnvironment()).person.baseUrl).toBe('https://api.acme.example');
  });

  it('names the connector when it has no simulator to start', async () => {
    await expect(environments.simulator()).rejects.toThrow('the acme connector has no startSimulator');
  });
});
