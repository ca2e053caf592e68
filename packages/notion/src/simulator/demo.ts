// Notion's part of `backspace demo`: the agent rewrites a 60-block runbook with wrong content, a human
// renames the page; rollback must bring back all 60 blocks and keep the human's title.
import type { Session } from '@backspace/core';
import type { DemoPart } from '@backspace/simulator-kit';
import { appendTree, countBlocks, readTree } from '../block-tree.js';
import { contentSignature } from '../content-signature.js';
import { createNotionClient, NotionApi } from '../notion-api.js';
import { createNotionAdapter } from '../notion-adapter.js';
import { toNodes } from '../actions/page-replace-content.js';
import { countTree, runbookBlocks, wrongBlocks } from './demo-content.js';
import { createNotionSimulator } from './notion-simulator.js';

const HUMAN_TITLE = 'Release runbook (owned by Dana)';

export async function createNotionDemo(): Promise<DemoPart & { pageId: string }> {
  const simulator = await createNotionSimulator();
  const adapter = createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });
  const humanSdk = createNotionClient(simulator.tokens.human, simulator.url);
  const human = new NotionApi(humanSdk, simulator.tokens.human);

  // Setup, before the story: Dana's runbook, shared with the integration.
  const runbook = runbookBlocks();
  const page = await humanSdk.pages.create({ parent: { page_id: simulator.seed.parentPageId }, properties: { title: { title: [{ type: 'text', text: { content: 'Release runbook' } }] } } });
  await appendTree(human, page.id, toNodes(runbook));
  const original = contentSignature(await readTree(human, page.id));

  return {
    provider: 'notion',
    adapter,
    simulator,
    pageId: page.id,
    async agent(session: Session) {
      await session.run('notion.page.replace_content', { page_id: page.id, children: wrongBlocks() }, { reasoning: 'tidy up the runbook' });
      return [`replaced the ${countTree(runbook)}-block "Release runbook" with ${wrongBlocks().length} wrong blocks ("Releases are now manual")`];
    },
    async human() {
      await humanSdk.pages.update({ page_id: page.id, properties: { title: { title: [{ type: 'text', text: { content: HUMAN_TITLE } }] } } });
      return [`Dana renamed the page to "${HUMAN_TITLE}"`];
    },
    async verify() {
      const tree = await readTree(human, page.id);
      const current = (await humanSdk.pages.retrieve({ page_id: page.id })) as { properties: Record<string, { type: string; title?: { plain_text: string }[] }> };
      const title = (Object.values(current.properties).find((property) => property.type === 'title')?.title ?? []).map((item) => item.plain_text).join('');
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      if (contentSignature(tree) !== original) agentEffectsRemaining.push(`"Release runbook" does not hold its original ${countTree(runbook)} blocks (${countBlocks(tree)} found)`);
      if (title !== HUMAN_TITLE) humanEditsLost.push(`the page title is "${title}", not Dana's "${HUMAN_TITLE}"`);
      return { agentEffectsRemaining, humanEditsLost };
    },
    close: () => simulator.close(),
  };
}

