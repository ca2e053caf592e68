// Fidelity: every operation the simulator serves answers in the shape Asana's OpenAPI description gives,
// successes and errors alike (validated against the carried subset of that description).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseValidator } from '@backspace/testkit';
import { createAsanaSimulator, type AsanaSimulator } from './create-simulator.js';

const document = JSON.parse(readFileSync(new URL('../../spec/asana-openapi.subset.json', import.meta.url), 'utf8')) as object;
const validator = createResponseValidator(liftNullableAllOf(document) as object, { basePath: '/api/1.0' });

/**
 * Asana marks nullable references as `allOf: [{ $ref }, { nullable: true }]`. The harness's converter
 * widens only the member that says `nullable`, so the `$ref` member still refuses null; lifting
 * `nullable` to the `allOf` itself gives the meaning OpenAPI 3.0 intends (the value may be null).
 */
function liftNullableAllOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(liftNullableAllOf);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, liftNullableAllOf(value)])) as Record<string, unknown>;
  const members = entries.allOf;
  if (!Array.isArray(members) || !members.some((member) => (member as { nullable?: boolean })?.nullable === true)) return entries;
  const stripped = members.map((member) => {
    const { nullable: _nullable, ...rest } = member as Record<string, unknown>;
    return rest;
  });
  return { ...entries, allOf: stripped, nullable: true };
}

describe('the simulator’s answers fit Asana’s OpenAPI description', () => {
  let simulator: AsanaSimulator;
  const checked: string[] = [];

  beforeAll(async () => {
    simulator = await createAsanaSimulator({ requestsPerMinute: false });
  });
  afterAll(() => simulator.close());

  /** Sends one request as `token` and validates the answer; returns its `data`. */
  async function exchange(method: string, path: string, body?: unknown, token = simulator.tokens.agent, expectedStatus?: number): Promise<any> {
    const response = await fetch(`${simulator.basePath}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify({ data: body }) }),
    });
    const parsed = (await response.json()) as { data?: unknown; errors?: unknown };
    if (response.status >= 400) expect(parsed, 'Asana error bodies carry message and help').toEqual({ errors: [{ message: expect.any(String), help: expect.any(String) }] });
    const result = validator.validate({ method, path: `/api/1.0${path.split('?')[0]}`, status: response.status, body: parsed });
    expect(result.errors, `${method} ${path}`).toEqual([]);
    if (expectedStatus !== undefined) expect(response.status, `${method} ${path}: ${JSON.stringify(parsed)}`).toBe(expectedStatus);
    else expect(response.status, `${method} ${path}: ${JSON.stringify(parsed)}`).toBeLessThan(300);
    checked.push(`${method} ${path.split('?')[0]} ${response.status}`);
    return parsed.data;
  }

  it('serves every operation the adapter uses in the documented shapes', async () => {
    const seed = simulator.seed;
    const { priority, estimate, ticket } = seed.customFields;
    const created = await exchange('POST', '/tasks', { name: 'Fidelity', projects: [seed.projectGid], assignee: 'me', due_on: '2026-12-01', custom_fields: { [priority.gid]: priority.options.low, [estimate]: 2.5, [ticket]: 'FID-1' }, external: { gid: 'fidelity-key', data: 'x' } }, undefined, 201);
    await exchange('GET', `/tasks/${created.gid}`);
    await exchange('GET', `/tasks/external:fidelity-key?opt_fields=name,assignee.name,memberships.section.name`);
    await exchange('PUT', `/tasks/${created.gid}`, { completed: true, notes: 'done', custom_fields: { [priority.gid]: priority.options.high } });
    const subtask = await exchange('POST', `/tasks/${created.gid}/subtasks`, { name: 'Child' }, undefined, 201);
    await exchange('GET', `/tasks/${created.gid}/subtasks?opt_fields=name,created_by,created_at`);
    await exchange('POST', `/tasks/${subtask.gid}/setParent`, { parent: seed.taskGids[0] });
    await exchange('POST', `/tasks/${created.gid}/addProject`, { project: seed.otherProjectGid, section: seed.sections.roadmap });
    await exchange('POST', `/tasks/${created.gid}/removeProject`, { project: seed.otherProjectGid });
    await exchange('POST', `/tasks/${created.gid}/addTag`, { tag: seed.tags.urgent });
    await exchange('POST', `/tasks/${created.gid}/removeTag`, { tag: seed.tags.urgent });
    await exchange('POST', `/tasks/${created.gid}/addFollowers`, { followers: [seed.users.human] });
    await exchange('POST', `/tasks/${created.gid}/removeFollowers`, { followers: [seed.users.human] });
    const story = await exchange('POST', `/tasks/${created.gid}/stories`, { text: 'Looks good' }, undefined, 201);
    await exchange('GET', `/tasks/${created.gid}/stories`);
    await exchange('GET', `/stories/${story.gid}`);
    // The system stories a rollback reads for who changed what: every field a story carries, the dates
    // before and after a due date change and the sections of a move included.
    await exchange('PUT', `/tasks/${created.gid}`, { due_at: '2026-12-02T15:00:00Z' });
    await exchange('POST', `/tasks/${created.gid}/addProject`, { project: seed.projectGid, section: seed.sections.doing });
    const systemStories = await exchange('GET', `/tasks/${created.gid}/stories?opt_fields=created_by,type,resource_subtype,project,tag,follower,custom_field,new_section,old_section,old_dates,new_dates`);
    for (const subtype of ['due_date_changed', 'section_changed']) await exchange('GET', `/stories/${systemStories.find((candidate: { resource_subtype: string }) => candidate.resource_subtype === subtype).gid}`);
    await exchange('DELETE', `/stories/${story.gid}`);
    await exchange('GET', `/projects/${seed.projectGid}/tasks?opt_fields=name,completed`);
    await exchange('GET', `/sections/${seed.sections.todo}/tasks`);
    await exchange('GET', `/tasks?project=${seed.projectGid}`);
    await exchange('GET', `/tasks?assignee=me&workspace=${seed.workspaceGid}`);
    await exchange('GET', '/users/me');
    await exchange('GET', `/workspaces/${seed.workspaceGid}`);
    await exchange('GET', `/projects/${seed.projectGid}`);
    await exchange('GET', `/projects/${seed.projectGid}/sections`);
    await exchange('GET', `/sections/${seed.sections.doing}`);
    await exchange('GET', `/tags/${seed.tags.blocked}`);
    const batch = [
      { method: 'get', relative_path: `/tasks/${created.gid}`, options: { fields: ['name', 'due_on', 'num_subtasks', 'memberships.section'] } },
      { method: 'get', relative_path: `/tasks/${created.gid}/stories`, options: { limit: 1, fields: ['type'] } },
      { method: 'get', relative_path: `/tasks/${created.gid}/subtasks`, options: { fields: ['gid'] } },
      { method: 'get', relative_path: `/stories/${story.gid}` },
      { method: 'put', relative_path: `/tasks/${created.gid}`, data: { notes: 'batched' }, options: { fields: ['notes'] } },
      { method: 'get', relative_path: '/tasks/1999999999' },
    ];
    const results = await exchange('POST', '/batch', { actions: batch });
    // Each action's answer is the answer its own operation gives, errors included.
    expect(results.map((result: { status_code: number }) => result.status_code)).toEqual([200, 200, 200, 404, 200, 404]);
    for (const [index, action] of batch.entries()) {
      const { status_code: status, body } = results[index];
      expect(validator.validate({ method: action.method.toUpperCase(), path: `/api/1.0${action.relative_path}`, status, body }).errors, `${action.method} ${action.relative_path} in a batch`).toEqual([]);
    }
    expect(results[1].body.next_page, 'pages as on its own').toMatchObject({ offset: expect.any(String) });
    expect(simulator.task(created.gid)!.notes).toBe('batched');
    await exchange('DELETE', `/tasks/${created.gid}`);
    expect(checked).toHaveLength(34);
  });

  it('answers errors in Asana’s documented error shape (400, 401, 403, 404)', async () => {
    const seed = simulator.seed;
    await exchange('POST', '/tasks', { name: 'No workspace' }, undefined, 400);
    await exchange('PUT', `/tasks/${seed.taskGids[0]}`, { custom_fields: { [seed.customFields.estimate]: 'lots' } }, undefined, 400);
    await exchange('PUT', `/tasks/${seed.taskGids[0]}`, { start_on: '2026-12-01' }, undefined, 400);
    await exchange('GET', '/tasks/1999999999', undefined, undefined, 404);
    await exchange('POST', '/batch', { actions: [] }, undefined, 400);
    await exchange('POST', '/batch', { actions: Array.from({ length: 11 }, () => ({ method: 'get', relative_path: '/users/me' })) }, undefined, 400);
    await exchange('GET', `/tasks/${seed.taskGids[0]}`, undefined, '', 401);
    const comment = await exchange('POST', `/tasks/${seed.taskGids[0]}/stories`, { text: 'mine' }, simulator.tokens.human, 201);
    await exchange('DELETE', `/stories/${comment.gid}`, undefined, simulator.tokens.agent, 403);
  });

  it('serves the dependency and attachment operations a person uses, in the documented shapes', async () => {
    const seed = simulator.seed;
    const created = await exchange('POST', '/tasks', { name: 'Linked', projects: [seed.projectGid] }, undefined, 201);
    await exchange('POST', `/tasks/${created.gid}/addDependencies`, { dependencies: [seed.taskGids[0]] }, simulator.tokens.human);
    await exchange('POST', `/tasks/${created.gid}/addDependents`, { dependents: [seed.taskGids[1]] }, simulator.tokens.human);
    expect((await exchange('GET', `/tasks/${created.gid}/dependencies`)).map((task: { gid: string }) => task.gid)).toEqual([seed.taskGids[0]]);
    expect((await exchange('GET', `/tasks/${created.gid}/dependents?opt_fields=name,completed`)).map((task: { gid: string }) => task.gid)).toEqual([seed.taskGids[1]]);
    const task = await exchange('GET', `/tasks/${created.gid}?opt_fields=dependencies,dependents`);
    expect(task).toEqual({ gid: created.gid, dependencies: [expect.objectContaining({ gid: seed.taskGids[0] })], dependents: [expect.objectContaining({ gid: seed.taskGids[1] })] });
    await exchange('POST', `/tasks/${created.gid}/addDependencies`, { dependencies: [created.gid] }, simulator.tokens.human, 400);
    await exchange('POST', `/tasks/${created.gid}/removeDependencies`, { dependencies: [seed.taskGids[0]] }, simulator.tokens.human);
    await exchange('POST', `/tasks/${created.gid}/removeDependents`, { dependents: [seed.taskGids[1]] }, simulator.tokens.human);

    // An upload is multipart/form-data, as the SDK's createAttachmentForObject sends it.
    const upload = async (fields: Record<string, string | Blob>, status: number) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value, ...(value instanceof Blob ? ['notes.txt'] : []));
      const response = await fetch(`${simulator.basePath}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${simulator.tokens.human}` }, body: form });
      const body = (await response.json()) as { data?: { gid: string } };
      expect(validator.validate({ method: 'POST', path: '/api/1.0/attachments', status: response.status, body }).errors).toEqual([]);
      expect(response.status, JSON.stringify(body)).toBe(status);
      return body.data;
    };
    const file = await upload({ parent: created.gid, file: new Blob(['eleven byte']) }, 200);
    const link = await upload({ parent: created.gid, resource_subtype: 'external', url: 'https://example.com/spec', name: 'Spec' }, 200);
    await upload({ parent: created.gid }, 400);
    expect(await exchange('GET', `/attachments?parent=${created.gid}`)).toEqual([expect.objectContaining({ gid: file!.gid, resource_type: 'attachment' }), expect.objectContaining({ gid: link!.gid, name: 'Spec' })]);
    expect(await exchange('GET', `/attachments/${file!.gid}`)).toMatchObject({ name: 'notes.txt', size: 11, parent: { gid: created.gid } });
    await exchange('DELETE', `/attachments/${link!.gid}`, undefined, simulator.tokens.agent, 403);
    await exchange('DELETE', `/attachments/${link!.gid}`, undefined, simulator.tokens.human);
    const subtypes = (await exchange('GET', `/tasks/${created.gid}/stories?opt_fields=resource_subtype,created_by`)).map((story: { resource_subtype: string }) => story.resource_subtype);
    expect(subtypes).toEqual(['dependency_added', 'dependent_added', 'dependency_removed', 'dependent_removed', 'attachment_added', 'attachment_added']);
    await exchange('DELETE', `/tasks/${created.gid}`);
    await exchange('GET', `/attachments/${file!.gid}`, undefined, undefined, 404);
  });

  it('answers past the rate limit with 429, Retry-After, and the same documented error body', async () => {
    const limited = await createAsanaSimulator({ requestsPerMinute: 1 });
    try {
      const send = () => fetch(`${limited.basePath}/users/me`, { headers: { authorization: `Bearer ${limited.tokens.agent}` } });
      expect((await send()).status).toBe(200);
      const response = await send();
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      // Asana documents no 429 per operation; its errors share one schema, checked here as the 400 answer's.
      const body = await response.json();
      expect(validator.validate({ method: 'GET', path: '/api/1.0/users/me', status: 400, body }).errors).toEqual([]);
      // The schema requires nothing; Asana always sends both, so check them too.
      expect(body).toEqual({ errors: [{ message: expect.any(String), help: expect.any(String) }] });
    } finally {
      await limited.close();
    }
  });
});
