// Slack's part of `backspace demo`: the agent posts an internal note to the public #general, reacts to
// it and pins it; a human replies in its thread. Rollback unpins it, removes the reaction and, since a
// person answered, corrects the note instead of deleting it, so the reply stays (reported as residue).
import { WebClient } from '@slack/web-api';
import type { Session } from '@backspace/core';
import type { DemoPart, DemoVerification } from '@backspace/simulator-kit';
import { createSlackAdapter } from '../slack-adapter.js';
import { createSlackSimulator } from './slack-simulator.js';

export const INTERNAL_NOTE = "Customer ACME's contract renewal is at risk; internal only";
const HUMAN_REPLY = 'This looks internal. Moving the discussion to #acme-account-team.';

export async function createSlackDemo(): Promise<DemoPart> {
  const simulator = await createSlackSimulator();
  const { seed } = simulator;
  const adapter = createSlackAdapter({ token: seed.tokens.agent, baseUrl: simulator.url });
  const human = new WebClient(seed.tokens.human, { slackApiUrl: simulator.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  let noteTs: string | undefined;
  let replyTs: string | undefined;

  return {
    provider: 'slack',
    adapter,
    simulator: simulator as unknown as DemoPart['simulator'],

    async agent(session: Session) {
      const posted = await session.run<{ ts: string }>('slack.message.post', { channel: seed.channel, text: INTERNAL_NOTE });
      noteTs = posted.ts;
      await session.run('slack.reaction.add', { channel: seed.channel, timestamp: noteTs, name: 'rotating_light' });
      await session.run('slack.pin.add', { channel: seed.channel, timestamp: noteTs });
      return [
        `posted "${INTERNAL_NOTE}" to the public #general instead of the private #acme-account-team`,
        'reacted to it with :rotating_light:',
        'pinned it to #general',
      ];
    },

    async human() {
      if (!noteTs) throw new Error('run agent() before human(): the human replies to the agent’s note');
      const reply = await human.chat.postMessage({ channel: seed.channel, thread_ts: noteTs, text: HUMAN_REPLY });
      replyTs = reply.ts;
      return [`dana replied in the note's thread: "${HUMAN_REPLY}"`];
    },

    async verify(): Promise<DemoVerification> {
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      const history = await human.conversations.history({ channel: seed.channel, limit: 200 });
      const visible = [...(history.messages ?? [])];
      if (noteTs) {
        const thread = await human.conversations.replies({ channel: seed.channel, ts: noteTs }).catch(() => ({ messages: [] }));
        visible.push(...(thread.messages ?? []));
        const note = thread.messages?.find((message) => message.ts === noteTs);
        if (note?.reactions?.some((reaction) => reaction.name === 'rotating_light' && reaction.users?.includes(seed.botUserId))) {
          agentEffectsRemaining.push("the agent's :rotating_light: reaction is still on the note");
        }
        if (!(thread.messages ?? []).some((message) => message.ts === replyTs && message.text === HUMAN_REPLY)) {
          humanEditsLost.push(`dana's reply in the note's thread is gone`);
        }
      }
      if (visible.some((message) => message.text?.includes(INTERNAL_NOTE))) agentEffectsRemaining.push('the internal note is still readable in #general');
      const pins = await human.pins.list({ channel: seed.channel });
      if ((pins.items ?? []).some((item) => (item as { message?: { ts?: string } }).message?.ts === noteTs)) agentEffectsRemaining.push('the note is still pinned to #general');
      return { agentEffectsRemaining, humanEditsLost };
    },

    close: () => simulator.close(),
  };
}
