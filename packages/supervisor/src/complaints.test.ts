// Complaint spikes in a customer Slack channel, read through the Slack adapter's client: complaints
// that point at an agent's work (its correlation id) reach the threshold, and the agent is paused and
// its session rolled back; chatter and complaints about nothing of the agent's do not count.
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor } from './index.js';
import { channelTexts, dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('complaints trigger', () => {
  it('three complaints naming the agent\'s case in the window pause it and roll its session back', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const { channel, privateChannel } = rig.simulator.seed;
    const customer = rig.simulator.client();
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
      slack: rig.supervisorAdapter,
      config: { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam', 'wrong', 'stop'], threshold: 3, windowMs: 60_000, pollMs: 50, response: 'pause-and-rollback' } } },
    });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());

    const session = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-4471' });
    await session.run('slack.message.post', { channel: privateChannel, text: 'Following up on CASE-4471 again' });
    await customer.chat.postMessage({ channel, text: 'CASE-4471: why do I keep getting spam from your bot?' });
    await customer.chat.postMessage({ channel, text: 'lunch anyone?' });
    await customer.chat.postMessage({ channel, text: 'the status page is wrong today' });
    await customer.chat.postMessage({ channel, text: 'CASE-4471 this is wrong, I never asked for it' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two complaints about the agent: under the threshold.
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(0);

    await customer.chat.postMessage({ channel, text: 'please STOP messaging me about CASE-4471' });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the response');
    const [finding] = await entriesOf(rig.journal, 'supervisor.finding');
    expect(finding).toMatchObject({ agentId: 'outreach', sessionId: session.id });
    const evidence = dataOf(finding!).evidence as { complaints: { mentions: string[] }[] };
    expect(dataOf(finding!)).toMatchObject({ trigger: 'complaints', verdict: 'fail' });
    expect(evidence.complaints).toHaveLength(3);
    expect(evidence.complaints.every((complaint) => complaint.mentions.includes('CASE-4471'))).toBe(true);
    // The customers' words stay in Slack: the finding keeps when, which pattern, and what they named.
    expect(JSON.stringify(dataOf(finding!))).not.toContain('never asked');
    expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'outreach' }]);
    expect(channelTexts(rig.simulator, privateChannel)).not.toContain('Following up on CASE-4471 again');
  });
});
