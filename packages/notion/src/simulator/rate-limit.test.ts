// Notion's documented limit: an average of three requests per second per integration, bursts allowed.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { createNotionClient } from '../notion-api.js';
import { createNotionSimulator } from './index.js';

describe('the simulator’s default rate limit', () => {
  it('lets a burst through, refuses the integration past 2700 requests in 15 minutes with Retry-After, and not another token', async () => {
    const clock = createManualClock();
    const simulator = await createNotionSimulator({ clock });
    try {
      const agent = createNotionClient(simulator.tokens.agent, simulator.url);
      const human = createNotionClient(simulator.tokens.human, simulator.url);
      const pageId = simulator.seed.parentPageId;
      for (let batch = 0; batch < 27; batch += 1) {
        await Promise.all(Array.from({ length: 100 }, () => agent.pages.retrieve({ page_id: pageId })));
      }
      const refused = await agent.pages.retrieve({ page_id: pageId }).catch((caught: unknown) => caught);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number((refused as { headers: Headers }).headers.get('retry-after'))).toBeGreaterThan(0);
      await expect(human.pages.retrieve({ page_id: pageId })).resolves.toMatchObject({ id: pageId });
      clock.advance(15 * 60_000);
      await expect(agent.pages.retrieve({ page_id: pageId })).resolves.toMatchObject({ id: pageId });
    } finally {
      await simulator.close();
    }
  });
});
