// A 60-block runbook for the demo and the page-restore tests: headings, rich text with annotations and
// links, to-dos (some checked, some nested), lists nested four deep, a toggle, quote, callout, code, divider.
type Block = Record<string, unknown>;

const plain = (content: string, annotations: Record<string, unknown> = {}, url?: string) => ({
  type: 'text',
  text: { content, link: url ? { url } : null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default', ...annotations },
});
const block = (type: string, content: Record<string, unknown>, children?: Block[]): Block => ({ type, [type]: { ...content, ...(children ? { children } : {}) } });
const textBlock = (type: string, text: string, children?: Block[], extra: Record<string, unknown> = {}) => block(type, { rich_text: [plain(text)], ...extra }, children);

export function runbookBlocks(): Block[] {
  const blocks: Block[] = [
    textBlock('heading_1', 'Release runbook'),
    block('paragraph', { rich_text: [plain('Read this '), plain('before', { bold: true }), plain(' every release; see '), plain('the wiki', { italic: true, color: 'blue' }, 'https://example.com/wiki'), plain('.')] }),
  ];
  for (const phase of [1, 2, 3, 4]) {
    blocks.push(
      textBlock('heading_2', `Phase ${phase}`),
      textBlock('to_do', `Task ${phase}.a`, [textBlock('to_do', `Check ${phase}.a.1`, undefined, { checked: true }), textBlock('to_do', `Check ${phase}.a.2`, undefined, { checked: false })], { checked: phase % 2 === 0 }),
      textBlock('bulleted_list_item', `Note ${phase}`, [textBlock('bulleted_list_item', `Detail ${phase}`, [textBlock('bulleted_list_item', `Deeper ${phase}`, [textBlock('bulleted_list_item', `Deepest ${phase}`)])])]),
      textBlock('numbered_list_item', `Step ${phase}.1`),
      textBlock('numbered_list_item', `Step ${phase}.2`),
      block('paragraph', { rich_text: [plain(`Phase ${phase} owner signs off`, { italic: true, underline: true })] }),
    );
  }
  blocks.push(
    textBlock('toggle', 'FAQ', [textBlock('paragraph', 'Who deploys? The on-call.'), textBlock('paragraph', 'When? Tuesdays.'), block('paragraph', { rich_text: [plain('rollback', { code: true }), plain(' is always allowed.')] })]),
    textBlock('quote', 'Slow is smooth, smooth is fast.'),
    block('callout', { rich_text: [plain('Freeze starts Friday.')], icon: { type: 'emoji', emoji: '🧊' } }),
    block('code', { rich_text: [plain('pnpm release --dry-run')], language: 'shell' }),
    block('divider', {}),
  );
  for (const item of ['Status page', 'Changelog', 'Support brief', 'Metrics', 'Retro', 'Thank the team']) blocks.push(textBlock('bulleted_list_item', item));
  return blocks;
}

export function wrongBlocks(): Block[] {
  return [
    textBlock('heading_1', 'DRAFT (agent)'),
    textBlock('paragraph', 'Releases are now manual; ignore the old runbook.'),
    textBlock('to_do', 'Delete the staging environment', undefined, { checked: false }),
  ];
}

export function countTree(blocks: readonly Block[]): number {
  return blocks.reduce((sum, entry) => {
    const content = entry[entry.type as string] as { children?: Block[] };
    return sum + 1 + countTree(content.children ?? []);
  }, 0);
}
