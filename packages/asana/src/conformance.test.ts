// The conformance suite for Asana in one call: against the simulator; the live mode exercised offline (the
// simulator standing in for the real API behind its URL, recorded, then replayed with no server); and
// against the real API when a user gives a token and a sandbox (never in CI), or replayed from such a
// recording. Live, with a token and a sandbox:
//   BACKSPACE_LIVE_ASANA_TOKEN=…  BACKSPACE_LIVE_ASANA_PROJECT=<gid>  BACKSPACE_LIVE_ASANA_OTHER_PROJECT=<gid>
//   BACKSPACE_LIVE_ASANA_TAGS=<gid>,<gid>  [BACKSPACE_LIVE_ASANA_HUMAN_TOKEN=…]  [BACKSPACE_RECORD_ASANA=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_ASANA=fixtures/live.json. Never live in CI.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runConnectorConformance } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';

runConnectorConformance({
  name: 'asana',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: asanaConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'app.asana.com',
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('asana.task.create human-edit');
      expect(recordedRequests(recording, 'asana.task.create round-trip')).toContain('POST /api/1.0/tasks');
      expect(recordedRequests(recording, 'asana.task.tag.add human-edit').filter((path) => path.endsWith('/addTag'))).toHaveLength(2);
    },
  },
  live: {
    variables: {
      required: ['PROJECT', 'OTHER_PROJECT', 'TAGS'],
      optional: ['URL'],
      explain: 'a token, the gids of a scratch project and of a second project in its workspace, and two tag gids of that workspace, comma-separated',
    },
    secondUser: 'a token of another member of the workspace',
    live: ({ TOKEN, PROJECT, OTHER_PROJECT, TAGS, HUMAN_TOKEN, URL }) => {
      const tags = TAGS!.split(',').map((tag) => tag.trim());
      for (const [name, gid] of [['PROJECT', PROJECT], ['OTHER_PROJECT', OTHER_PROJECT]] as const) {
        if (!/^\d+$/.test(gid!)) throw new Error(`BACKSPACE_LIVE_ASANA_${name} must be a project gid (digits), got "${gid}"`);
      }
      if (tags.length !== 2 || tags[0] === tags[1] || !tags.every((tag) => /^\d+$/.test(tag))) throw new Error(`BACKSPACE_LIVE_ASANA_TAGS must be two different tag gids, comma-separated, got "${TAGS}"`);
      return async () => apiEnvironment({ baseUrl: URL ?? 'https://app.asana.com/api/1.0', project: PROJECT!, otherProject: OTHER_PROJECT!, tags: tags as [string, string], agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
    },
  },
});
