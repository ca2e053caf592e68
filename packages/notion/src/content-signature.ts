// A loose fingerprint of block content (types, text, checked state, nesting), to recognise content a
// lost write already put in place whatever defaults Notion filled in.
type Loose = Record<string, any>;

export function contentSignature(nodes: readonly Loose[]): string {
  return JSON.stringify(nodes.map((node) => nodeSignature(node, true)));
}

/** One block's own fingerprint, children left out (a listed block does not carry them). */
export function blockSignature(node: Loose): string {
  return JSON.stringify(nodeSignature(node, false));
}

/** A block's type, listed or in request form: its `type`, or the one key holding its content. */
export function blockType(node: Loose): string {
  return (node.type as string | undefined) ?? Object.keys(node).find((key) => key !== 'object' && key !== 'children' && typeof node[key] === 'object')!;
}

function nodeSignature(node: Loose, deep: boolean): unknown {
  const type = blockType(node);
  const content = (node[type] ?? {}) as Loose;
  const text = ((content.rich_text as Loose[] | undefined) ?? []).map((item) => item.text?.content ?? item.plain_text ?? '').join('');
  const own = [type, text, type === 'to_do' ? Boolean(content.checked) : null];
  if (!deep) return own;
  const children = (node.children as Loose[] | undefined) ?? (content.children as Loose[] | undefined) ?? [];
  return [...own, children.map((child) => nodeSignature(child, true))];
}
