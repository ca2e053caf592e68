import { describe, expect, it } from 'vitest';
import { createNotionAdapter } from './notion-adapter.js';

describe('Notion resources as people know them', () => {
  const id = '00005eed-0000-4000-8000-000000000020';

  it('names a page by its title, linked on notion.so when the adapter talks to Notion', () => {
    const notion = createNotionAdapter({ token: 'secret_placeholder' });
    expect(notion.describe!({ provider: 'notion', type: 'page', id }, { title: 'Release runbook' })).toEqual({ label: 'page "Release runbook"', url: 'https://www.notion.so/00005eed000040008000000000000020' });
  });

  it("names a block by its type and first words, and links nothing of a simulator's", () => {
    const simulated = createNotionAdapter({ token: 'secret_placeholder', baseUrl: 'http://127.0.0.1:4011' });
    const snapshot = { type: 'to_do', content: { to_do: { rich_text: [{ type: 'text', text: { content: 'Releases are ', link: null } }, { type: 'text', text: { content: 'now manual', link: null } }] } } };
    expect(simulated.describe!({ provider: 'notion', type: 'block', id }, snapshot)).toEqual({ label: `to do block "Releases are now manual" (${id})` });
  });
});
