import { describe, expect, it } from 'vitest';
import { channelRef, messageRef, reactionRef } from './resources.js';
import { createSlackAdapter } from './slack-adapter.js';

describe('Slack resources as people know them', () => {
  const slack = createSlackAdapter({ token: 'xoxb-placeholder' });

  it('names a channel by its name and a message by its first words', () => {
    expect(slack.describe!(channelRef('C000000RS'), { name: 'acme-account-team' })).toEqual({ label: 'channel #acme-account-team' });
    expect(slack.describe!(messageRef('C000000RS', '1796293047.546000'), { text: "Customer ACME's contract renewal is at risk; internal only" })).toEqual({
      label: 'message "Customer ACME\'s contract renewal is at risk; in…" in C000000RS at 1796293047.546000',
    });
  });

  it('names a reaction by its emoji and message', () => {
    expect(slack.describe!(reactionRef('C000000RS', '1796293047.546000', 'rotating_light'), null)).toEqual({ label: ':rotating_light: on message 1796293047.546000 in C000000RS' });
  });
});
