// A page shaped like real ones: every block type the simulator serves, nested as real pages nest them
// (an uploaded image and an external file, a table, toggles, a callout, code, lists, to-dos, a quote, a
// divider, columns, a synced block, a bookmark). Shared by the tests that restore such pages.
import { text } from './test-support.js';

type Loose = Record<string, any>;

export const UPLOAD = '7e1f0a52-3c1d-4c8e-9a41-2b7d6f0c9e11';
const cell = (content: string) => text(content);

/** Every block type the simulator serves, nested as real pages nest them. */
export function realPageBlocks(): Loose[] {
  return [
    { heading_1: { rich_text: text('Incident review'), is_toggleable: false } },
    { callout: { rich_text: text('Read before the call'), icon: { type: 'emoji', emoji: '📣' }, color: 'yellow_background' } },
    { image: { type: 'file_upload', file_upload: { id: UPLOAD }, caption: text('The graph') } },
    { file: { type: 'external', external: { url: 'https://example.com/postmortem.pdf' }, name: 'postmortem.pdf' } },
    { table: { table_width: 2, has_column_header: true, children: [{ table_row: { cells: [cell('When'), cell('What')] } }, { table_row: { cells: [cell('09:14'), cell('Deploy')] } }] } },
    { toggle: { rich_text: text('Timeline'), children: [{ numbered_list_item: { rich_text: text('Alert'), children: [{ bulleted_list_item: { rich_text: text('paged on-call') } }] } }] } },
    { code: { rich_text: text('kubectl rollout undo deploy/api'), language: 'bash' } },
    { to_do: { rich_text: text('Write the follow-ups'), checked: true } },
    { quote: { rich_text: text('Slow is smooth.') } },
    { divider: {} },
    { column_list: { children: [{ column: { children: [{ paragraph: { rich_text: text('Left') } }] } }, { column: { children: [{ paragraph: { rich_text: text('Right') } }] } }] } },
    { synced_block: { synced_from: null, children: [{ paragraph: { rich_text: text('Shared status line') } }] } },
    { bookmark: { url: 'https://status.example.com', caption: [] } },
    { heading_2: { rich_text: text('Owners'), is_toggleable: true, children: [{ paragraph: { rich_text: text('Dana') } }] } },
  ];
}
