import { describe, expect, it } from 'vitest';
import { readLiveSettings } from './live-settings.js';

const variables = { required: ['TOKEN', 'REPO'], optional: ['URL'], explain: 'a token and a scratch repository' };

describe('readLiveSettings', () => {
  it('never goes live in CI, and says so, even with tokens given', () => {
    const settings = readLiveSettings('GITHUB', variables, { CI: 'true', BACKSPACE_LIVE_GITHUB_TOKEN: 't', BACKSPACE_LIVE_GITHUB_REPO: 'a/b' });
    expect(settings).toEqual({ mode: 'off', reason: expect.stringContaining('live mode never runs in CI') });
  });

  it('is off without tokens, naming the variables to set', () => {
    const settings = readLiveSettings('GITHUB', variables, {});
    expect(settings).toEqual({ mode: 'off', reason: expect.stringContaining('BACKSPACE_LIVE_GITHUB_TOKEN and BACKSPACE_LIVE_GITHUB_REPO') });
  });

  it('refuses half a configuration, naming what is missing', () => {
    expect(() => readLiveSettings('GITHUB', variables, { BACKSPACE_LIVE_GITHUB_TOKEN: 't' })).toThrow('live mode needs BACKSPACE_LIVE_GITHUB_REPO');
  });

  it('goes live with the values and the file to record into', () => {
    const settings = readLiveSettings('GITHUB', variables, { CI: 'false', BACKSPACE_LIVE_GITHUB_TOKEN: 't', BACKSPACE_LIVE_GITHUB_REPO: 'a/b', BACKSPACE_RECORD_GITHUB: 'rec.json' });
    expect(settings).toEqual({ mode: 'live', values: { TOKEN: 't', REPO: 'a/b', URL: undefined }, recording: 'rec.json' });
  });

  it('replays a recording anywhere, CI included', () => {
    expect(readLiveSettings('GITHUB', variables, { CI: 'true', BACKSPACE_REPLAY_GITHUB: 'rec.json' })).toEqual({ mode: 'replay', recording: 'rec.json' });
  });
});
