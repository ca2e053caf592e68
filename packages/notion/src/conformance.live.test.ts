// The conformance suite against the real Notion API, when a user gives an integration token, a sandbox
// page and a sandbox Tasks data source, both shared with the integration:
//   BACKSPACE_LIVE_NOTION_TOKEN=…  BACKSPACE_LIVE_NOTION_PAGE=<page id>  BACKSPACE_LIVE_NOTION_DATA_SOURCE=<data source id>
//   [BACKSPACE_LIVE_NOTION_HUMAN_TOKEN=…]  [BACKSPACE_RECORD_NOTION=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_NOTION=fixtures/live.json. Never live in CI.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runLiveConformance } from '@backspace/testkit';
import { notionConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment } from './conformance/environments.js';
import { notionId } from './schemas.js';

/** A Notion id from a variable: the id itself, or the last id in a pasted Notion URL. */
function idFrom(name: string, value: string): string {
  const id = value.match(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi)?.at(-1);
  if (!id || !notionId.safeParse(id).success) throw new Error(`BACKSPACE_LIVE_NOTION_${name} must be a Notion id (32 hex digits, dashes optional), got "${value}"`);
  return id;
}

runLiveConformance({
  name: 'notion',
  variables: {
    required: ['PAGE', 'DATA_SOURCE'],
    explain: 'an integration token, and the ids of a scratch page and of a Tasks data source with Name, Status and Notes properties, both shared with that integration',
  },
  secondUser: 'the token of another integration connected to the same page and data source',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: notionConformanceCases,
  live: ({ TOKEN, PAGE, DATA_SOURCE, HUMAN_TOKEN }) => {
    const target = { baseUrl: 'https://api.notion.com', pageId: idFrom('PAGE', PAGE!), dataSourceId: idFrom('DATA_SOURCE', DATA_SOURCE!), agentToken: TOKEN!, humanToken: HUMAN_TOKEN };
    return async () => apiEnvironment(target);
  },
  replayEnvironment,
});
