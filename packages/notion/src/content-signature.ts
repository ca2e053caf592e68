// A loose fingerprint of block content (types, text, checked state, nesting), to recognise content a
// lost write already put in place whatever defaults Notion filled in.
type Loose = Record<string, any>;

export function contentSignature(nodes: readonly Loose[]): string {
  return JSON.stringify(nodes.map(nodeSignature));
}

function nodeSignature(node: Loose): unknown {
  const type = (node.type as string | undefined) ?? Object.keys(node).find((key) => key !== 'object' && key !== 'children' && typeof node[key] === 'object')!;
  const content = (node[type] ?? {}) as Loose;
  const children = (node.children as Loose[] | undefined) ?? (content.children as Loose[] | undefined) ?? [];
  const text = ((content.rich_text as Loose[] | undefined) ?? []).map((item) => item.text?.content ?? item.plain_text ?? '').join('');
  return [type, text, content.checked ?? null, children.map(nodeSignature)];
}
