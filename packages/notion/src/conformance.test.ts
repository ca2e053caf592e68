// The conformance suite for Notion in one call: against the simulator; the live mode exercised offline (the
// simulator standing in for the real API behind its URL, recorded, then replayed with no server); and
// against the real API when a user gives a token and a sandbox (never in CI), or replayed from such a
// recording. Live, with a token and a sandbox:
// page and a sandbox Tasks data source, both shared with the integration:
//   BACKSPACE_LIVE_NOTION_TOKEN=…  BACKSPACE_LIVE_NOTION_PAGE=<page id>  BACKSPACE_LIVE_NOTION_DATA_SOURCE=<data source id>
//   [BACKSPACE_LIVE_NOTION_HUMAN_TOKEN=…]  [BACKSPACE_RECORD_NOTION=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_NOTION=fixtures/live.json. Never live in CI.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runConnectorConformance } from '@backspace/testkit';
import { notionConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';
import { notionId } from './schemas.js';

/** A Notion id from a variable: the id itself, or the last id in a pasted Notion URL. */
function idFrom(name: string, value: string): string {
  const id = value.match(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi)?.at(-1);
  if (!id || !notionId.safeParse(id).success) throw new Error(`BACKSPACE_LIVE_NOTION_${name} must be a Notion id (32 hex digits, dashes optional), got "${value}"`);
  return id;
}

runConnectorConformance({
  name: 'notion',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: notionConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'api.notion.com',
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('notion.comment.create human-edit');
      const requests = recordedRequests(recording, 'notion.comment.create round-trip');
      expect(requests).toContain('POST /v1/comments');
      expect(requests.filter((request) => request.startsWith('DELETE /v1/comments/'))).toHaveLength(1);
    },
  },
  live: {
    variables: {
      required: ['PAGE', 'DATA_SOURCE'],
      explain: 'an integration token, and the ids of a scratch page and of a Tasks data source with Name, Status and Notes properties, both shared with that integration',
    },
    secondUser: 'the token of another integration connected to the same page and data source',
    live: ({ TOKEN, PAGE, DATA_SOURCE, HUMAN_TOKEN }) => {
      const target = { baseUrl: 'https://api.notion.com', pageId: idFrom('PAGE', PAGE!), dataSourceId: idFrom('DATA_SOURCE', DATA_SOURCE!), agentToken: TOKEN!, humanToken: HUMAN_TOKEN };
      return async () => apiEnvironment(target);
    },
  },
});
