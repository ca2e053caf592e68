// Links people paste, read as the resources the journal names: each adapter's resourceFromUrl gives the
// key the agent's write was journaled under, for the five providers against their simulators (Linear's
// issue link names its identifier, so that adapter asks the simulator for the id).
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, resourceKey, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator } from '@backspace/slack/simulator';
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator } from '@backspace/linear/simulator';
import { createNotionAdapter } from '@backspace/notion';
import { createNotionSimulator } from '@backspace/notion/simulator';
import { createAsanaAdapter } from '@backspace/asana';
import { createAsanaSimulator } from '@backspace/asana/simulator';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** Runs one action and gives the resource key its committed entry was journaled under. */
async function journaledKey(adapter: Adapter, action: string, input: unknown): Promise<{ key: string; result: any }> {
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'agent' });
  const result = await session.run(action, input);
  const committed = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!;
  return { key: committed.resource!, result };
}

const keyOf = async (adapter: Adapter, url: string) => {
  const ref = await adapter.resourceFromUrl!(url);
  return ref ? resourceKey(ref) : null;
};

describe('resourceFromUrl', () => {
  it('GitHub: an issue page, and a link it does not know', async () => {
    const simulator = await createGithubSimulator();
    open.push(simulator);
    const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
    const { owner, repo } = simulator.seed;
    const { key, result } = await journaledKey(adapter, 'github.issue.create', { owner, repo, title: 'Linked' });
    expect(await keyOf(adapter, `https://github.com/${owner}/${repo}/issues/${result.number}`)).toBe(key);
    expect(await keyOf(adapter, `https://github.com/${owner}/${repo}/actions`)).toBeNull();
  });

  it('GitHub: a pull request page names the pull request the agent opened', async () => {
    const simulator = await createGithubSimulator();
    open.push(simulator);
    const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
    const { owner, repo, defaultBranch } = simulator.seed;
    simulator.createBranch('linked');
    simulator.push('linked', { 'docs/linked.md': 'Linked\n' }, 'Link it');
    const { key, result } = await journaledKey(adapter, 'github.pull.create', { owner, repo, title: 'Linked', head: 'linked', base: defaultBranch });
    expect(await keyOf(adapter, `https://github.com/${owner}/${repo}/pull/${result.number}`)).toBe(key);
  });

  it('Slack: a message permalink', async () => {
    const simulator = await createSlackSimulator();
    open.push(simulator);
    const adapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
    const { key, result } = await journaledKey(adapter, 'slack.message.post', { channel: simulator.seed.channel, text: 'linked' });
    expect(await keyOf(adapter, `https://acme.slack.com/archives/${simulator.seed.channel}/p${String(result.ts).replace('.', '')}`)).toBe(key);
  });

  it('Linear: an issue link names its identifier; the adapter reads the issue to learn its id', async () => {
    const simulator = await createLinearSimulator();
    open.push(simulator);
    const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
    const { key, result } = await journaledKey(adapter, 'linear.issue.create', { teamId: simulator.seed.teamId, title: 'Linked' });
    expect(await keyOf(adapter, `https://linear.app/acme/issue/${result.identifier}/linked`)).toBe(key);
    expect(await keyOf(adapter, 'https://linear.app/acme/issue/NOPE-999/none')).toBeNull();
  });

  it('Notion: a page link with its title before the id', async () => {
    const simulator = await createNotionSimulator();
    open.push(simulator);
    const adapter = createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });
    const page = simulator.seed.parentPageId;
    const { key } = await journaledKey(adapter, 'notion.page.update', { page_id: page, properties: { title: { title: [{ type: 'text', text: { content: 'Linked' } }] } } });
    expect(await keyOf(adapter, `https://www.notion.so/acme/Linked-${page.replace(/-/g, '')}`)).toBe(key);
  });

  it('Asana: a task link in a project', async () => {
    const simulator = await createAsanaSimulator({ requestsPerMinute: false });
    open.push(simulator);
    const adapter = createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });
    const { key, result } = await journaledKey(adapter, 'asana.task.create', { name: 'Linked', projects: [simulator.seed.projectGid] });
    expect(await keyOf(adapter, `https://app.asana.com/0/${simulator.seed.projectGid}/${result.gid}/f`)).toBe(key);
    expect(await keyOf(adapter, `https://app.asana.com/1/${simulator.seed.workspaceGid}/project/${simulator.seed.projectGid}/task/${result.gid}`)).toBe(key);
  });
});
