// Fidelity: the simulator executes Linear's own schema (the carried subset), so the SDK's documents
// validate and anything the real API would reject by its schema is rejected here too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { LinearClient } from '@linear/sdk';
import { DOCUMENTS, ISSUES_QUERY } from '../documents.js';
import { complexityOf, createLinearSimulator, LINEAR_MAX_QUERY_COMPLEXITY, linearSchema, type LinearSimulator } from './index.js';

const USED_DOCUMENTS = /documents this package sends \(@linear\/sdk [^:]+: ([^)]+)\)/;
const OWN_DOCUMENTS = /and its own \(([^)]+)\)/;
const header = () => readFileSync(new URL('../../spec/schema.graphql', import.meta.url), 'utf8').split('\n').slice(0, 3).join(' ');
const sandboxQuery = () => readFileSync(new URL('../conformance/sandbox.graphql', import.meta.url), 'utf8');

let simulator: LinearSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function post(query: string, variables: Record<string, unknown> = {}) {
  simulator ??= await createLinearSimulator();
  const response = await fetch(simulator.apiUrl, { method: 'POST', headers: { authorization: simulator.seed.tokens.agent, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } };
}

describe('linear simulator fidelity', () => {
  it("every SDK document the package sends validates against the carried schema subset", () => {
    // The spec's header names the SDK documents it was cut for; each must still validate against it.
    const names = USED_DOCUMENTS.exec(header())?.[1]?.split(',').map((name) => name.trim()) ?? [];
    expect(names.length).toBeGreaterThan(10);
    const sdk = readFileSync(createRequire(import.meta.url).resolve('@linear/sdk'), 'utf8');
    for (const name of names) {
      const text = new RegExp(`const ${name} = new TypedDocumentString\\(\`([\\s\\S]*?)\`[,)]`).exec(sdk)?.[1];
      expect(text, name).toBeDefined();
      expect(validate(linearSchema, parse(text!)).map((error) => error.message), name).toEqual([]);
    }
  });

  it("the package's own documents validate against the carried schema subset", () => {
    const files = OWN_DOCUMENTS.exec(header())?.[1]?.split(',').map((file) => file.trim()) ?? [];
    expect(files).toEqual(['src/documents.ts', 'src/conformance/sandbox.graphql']);
    expect(validate(linearSchema, parse(sandboxQuery())).map((error) => error.message)).toEqual([]);
    // The adapter's documents exactly as it sends them, each with its fragments.
    expect(Object.keys(DOCUMENTS).length).toBeGreaterThan(10);
    for (const [name, text] of Object.entries(DOCUMENTS)) expect(validate(linearSchema, parse(text)).map((error) => error.message), name).toEqual([]);
  });

  it("scores queries as Linear does and refuses one over 10,000 points before running it, with Linear's error", async () => {
    // What planning sends for 50 issues at once stays well under the limit (our scoring is Linear's documented
    // rule, not its code): about 7,200 points, archived sub-issues with their creator and trash flag, and attachments, included.
    expect(complexityOf(parse(ISSUES_QUERY), { ids: [], first: 50 })).toBeLessThan(0.75 * LINEAR_MAX_QUERY_COMPLEXITY);
    // Connections multiply what they select by their page size, 50 when none is given.
    expect(complexityOf(parse('{ issues(first: 10) { nodes { id title } } }'), {})).toBe(13); // 1 + 10 × (1 + 2 × 0.1)
    expect(complexityOf(parse('{ issues { nodes { id } } }'), {})).toBe(56); // 1 + 50 × (1 + 0.1)
    const { status, body } = await post('{ issues(first: 250) { nodes { id comments(first: 250) { nodes { id body } } } } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: 'Query too complex',
      extensions: { type: 'invalid input', code: 'INPUT_ERROR', userPresentableMessage: expect.stringMatching(/^The query is too complex\. Complexity: \d+\. Maximum allowed complexity: 10000\.$/) },
    });
  });

  it("serves what a person's SDK models fetch: issue.labels(), issue.state, a comment's edit, comments page by page", async () => {
    simulator = await createLinearSimulator();
    const { seed, state } = simulator;
    const person = new LinearClient({ apiKey: seed.tokens.human, apiUrl: simulator.apiUrl });
    const issue = await person.issue(seed.issues['ENG-1']!);

    expect((await issue.labels()).nodes.map((label) => [label.id, label.name])).toEqual([[seed.labels.Bug, 'Bug']]);
    const workflowState = await issue.state;
    expect([workflowState?.id, workflowState?.name, workflowState?.type]).toEqual([seed.workflowStates['In Progress'], 'In Progress', 'started']);

    const { commentId } = await person.createComment({ issueId: issue.id, body: 'First take.' });
    const edited = await person.updateComment(commentId!, { body: 'Second take.' });
    expect(edited.success).toBe(true);
    expect(state.comments.get(commentId!)).toMatchObject({ body: 'Second take.', editedAt: expect.any(String) });
    // Only its author edits a comment.
    const agent = new LinearClient({ apiKey: seed.tokens.agent, apiUrl: simulator.apiUrl });
    await expect(agent.updateComment(commentId!, { body: 'Not mine.' })).rejects.toMatchObject({ type: 'Forbidden' });
    expect(state.comments.get(commentId!)!.body).toBe('Second take.');

    for (const body of ['Two.', 'Three.']) await person.createComment({ issueId: issue.id, body });
    const first = await issue.comments({ first: 2 });
    expect([first.nodes.length, first.pageInfo.hasNextPage]).toEqual([2, true]);
    const rest = await issue.comments({ first: 2, after: first.pageInfo.endCursor });
    expect([rest.nodes.map((comment) => comment.body), rest.pageInfo.hasNextPage]).toEqual([['Three.'], false]);
  });

  it("lists a team's workflow states in order and labels by name, as the live conformance workspace reads them", async () => {
    simulator = await createLinearSimulator();
    const { teamId, labels, workflowStates } = simulator.seed;
    const { status, body } = await post(sandboxQuery(), { teamId, labelNames: ['Bug', 'Improvement', 'Wontfix'] });
    expect(status).toBe(200);
    expect(body.data).toEqual({
      workflowStates: { nodes: Object.entries(workflowStates).map(([name, id]) => ({ id, name })) },
      issueLabels: { nodes: [{ id: labels.Bug, name: 'Bug', team: { id: teamId } }, { id: labels.Improvement, name: 'Improvement', team: { id: teamId } }] },
    });
    const otherTeam = await post(sandboxQuery(), { teamId: '00000000-0000-4000-8000-000000000000', labelNames: [] });
    expect(otherTeam.body.data).toEqual({ workflowStates: { nodes: [] }, issueLabels: { nodes: [] } });
  });

  it('rejects a field Linear does not have, as a GraphQL validation error', async () => {
    const { status, body } = await post('query { issue(id: "ENG-1") { id estimatedHours } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('Cannot query field "estimatedHours" on type "Issue".'), extensions: { type: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('rejects an input field of the wrong type', async () => {
    simulator = await createLinearSimulator();
    const { status, body } = await post('mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { success } }', { input: { teamId: simulator.seed.teamId, title: 'x', priority: 'high' } });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/priority.*Int cannot represent/);
    expect(simulator.state.issues.size).toBe(3);
  });

  it('gives issues team-scoped identifiers and moves updatedAt on every change', async () => {
    simulator = await createLinearSimulator();
    const created = await post('mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { issue { id identifier updatedAt } } }', { input: { teamId: simulator.seed.teamId, title: 'Fourth' } });
    const issue = (created.body.data as { issueCreate: { issue: { id: string; identifier: string; updatedAt: string } } }).issueCreate.issue;
    expect(issue.identifier).toBe('ENG-4');
    const archived = await post('mutation ($id: String!) { issueArchive(id: $id) { entity { archivedAt trashed updatedAt } } }', { id: issue.id });
    const entity = (archived.body.data as { issueArchive: { entity: { archivedAt: string | null; trashed: boolean | null; updatedAt: string } } }).issueArchive.entity;
    expect(entity.archivedAt).not.toBeNull();
    expect(entity.trashed).toBeNull();
    expect(entity.updatedAt > issue.updatedAt).toBe(true);
    const trashed = await post('mutation ($id: String!) { issueDelete(id: $id) { entity { trashed } } }', { id: issue.id });
    expect(trashed.body.data).toEqual({ issueDelete: { entity: { trashed: true } } });
  });

  it('refuses a second create with the same client-chosen id', async () => {
    simulator = await createLinearSimulator();
    const input = { id: '5d2b8a40-1c0e-4f57-9a53-3c1f0f6a2b11', teamId: simulator.seed.teamId, title: 'Once' };
    await post('mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { success } }', { input });
    const again = await post('mutation ($input: IssueCreateInput!) { issueCreate(input: $input) { success } }', { input });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ type: 'invalid input' });
    expect(simulator.state.issues.size).toBe(4);
  });
});
