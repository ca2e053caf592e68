import { describe, expect, it } from 'vitest';
import { findPathTemplate, matchPathTemplate } from './openapi-paths.js';
import { createResponseValidator } from './validator.js';

// A hand-trimmed slice of a GitHub-like description: $refs, OpenAPI 3.0 `nullable`, a 3.1 type
// array, formats ajv does not know, and a response given by reference.
const issueJson = { content: { 'application/json': { schema: { $ref: '#/components/schemas/issue' } } } };
const document = {
  openapi: '3.0.3',
  paths: {
    '/repos/{owner}/{repo}/issues/{issue_number}': {
      get: { operationId: 'issues/get', responses: { '200': issueJson, '404': { $ref: '#/components/responses/not_found' } } },
      delete: { operationId: 'issues/delete', responses: { '204': { description: 'No content' } } },
    },
    '/repos/{owner}/{repo}/issues/comments': {
      get: {
        operationId: 'issues/list-comments-for-repo',
        responses: { '200': { content: { 'application/json': { schema: { type: 'array', items: { type: 'object', required: ['id'] } } } } } },
      },
    },
  },
  components: {
    schemas: {
      issue: {
        type: 'object',
        required: ['number', 'title', 'state', 'milestone'],
        properties: {
          number: { type: 'integer' },
          title: { type: 'string' },
          state: { type: 'string', enum: ['open', 'closed'] },
          state_reason: { type: 'string', enum: ['completed', 'not_planned'], nullable: true },
          closed_at: { type: 'string', format: 'date-time', nullable: true },
          node_id: { type: 'string', format: 'github-node-id' },
          milestone: { allOf: [{ $ref: '#/components/schemas/milestone' }], nullable: true },
          labels: { type: 'array', items: { type: ['string', 'object'] } },
        },
      },
      milestone: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
      'basic-error': { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    },
    responses: { not_found: { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } } } },
  },
};

const goodIssue = { number: 1, title: 'Bug', state: 'open', state_reason: null, closed_at: null, node_id: 'I_1', milestone: null, labels: ['bug', { name: 'p1' }] };

describe('createResponseValidator', () => {
  const validator = createResponseValidator(document);
  const getIssue = (body: unknown, status = 200) => validator.validate({ method: 'GET', path: '/repos/o/r/issues/1', status, body });

  it('accepts a conforming body, with nulls, type arrays and unknown formats', () => {
    expect(getIssue(goodIssue)).toEqual({ ok: true, errors: [] });
    expect(getIssue({ ...goodIssue, milestone: { title: 'v1' }, state_reason: 'completed', closed_at: 'yesterday' }).ok).toBe(true);
  });

  it('rejects a non-conforming body with messages naming the operation and the field', () => {
    const result = getIssue({ ...goodIssue, title: 7, milestone: { title: 1 } });
    expect(result.ok).toBe(false);
    expect(result.errors).toContain('GET /repos/{owner}/{repo}/issues/{issue_number} (issues/get) 200: body.title must be string');
    expect(result.errors.join('\n')).toContain('body.milestone.title must be string');
    const missing = getIssue({ ...goodIssue, state: undefined });
    expect(missing.errors.join('\n')).toMatch(/issues\/get.*must have required property 'state'/);
    expect(getIssue({ ...goodIssue, state_reason: 'duplicate' }).ok).toBe(false);
  });

  it('follows a response given by $ref, and accepts documented responses without a body', () => {
    expect(getIssue({ message: 'Not Found' }, 404).ok).toBe(true);
    expect(getIssue({ msg: 'Not Found' }, 404).errors.join('\n')).toContain("must have required property 'message'");
    expect(validator.validate({ method: 'DELETE', path: '/repos/o/r/issues/1', status: 204, body: undefined }).ok).toBe(true);
  });

  it('says when the path, operation or status is not documented', () => {
    expect(validator.validate({ method: 'GET', path: '/users/octocat', status: 200, body: {} }).errors).toEqual([
      'GET /users/octocat: no path in the document matches',
    ]);
    expect(validator.validate({ method: 'PUT', path: '/repos/o/r/issues/1', status: 200, body: {} }).errors[0]).toContain('no such operation');
    expect(getIssue({}, 418).errors).toEqual(['GET /repos/{owner}/{repo}/issues/{issue_number} (issues/get): status 418 is not documented']);
  });

  it('prefers a literal segment over a parameter and strips a base path', () => {
    const comments = validator.validate({ method: 'GET', path: '/repos/o/r/issues/comments?per_page=5', status: 200, body: [{ id: 1 }] });
    expect(comments.ok).toBe(true);
    const prefixed = createResponseValidator(document, { basePath: '/api/v3' });
    expect(prefixed.validate({ method: 'GET', path: '/api/v3/repos/o/r/issues/2', status: 200, body: goodIssue }).ok).toBe(true);
  });
});

describe('path templates', () => {
  it('matches a concrete path to an OpenAPI template and decodes its parameters', () => {
    expect(matchPathTemplate('/repos/{owner}/{repo}/issues/{issue_number}', '/repos/octo%20cat/hello/issues/12')).toEqual({
      owner: 'octo cat',
      repo: 'hello',
      issue_number: '12',
    });
    expect(matchPathTemplate('/repos/{owner}/{repo}', '/repos/octocat/hello/issues')).toBeUndefined();
    expect(matchPathTemplate('/files/{name}.json', '/files/report.json')).toEqual({ name: 'report' });
  });

  it('finds the most specific template whatever the document order', () => {
    const templates = ['/repos/{owner}/{repo}/issues/{issue_number}', '/repos/{owner}/{repo}/issues/comments'];
    expect(findPathTemplate(templates, '/repos/o/r/issues/comments')?.template).toBe('/repos/{owner}/{repo}/issues/comments');
    expect(findPathTemplate(templates, '/repos/o/r/issues/3')).toEqual({ template: templates[0], params: { owner: 'o', repo: 'r', issue_number: '3' } });
    expect(findPathTemplate(templates, '/gists')).toBeUndefined();
  });
});

describe('nullable references', () => {
  it('accepts null for allOf [$ref, { nullable: true }] and still checks the referenced shape', () => {
    const document = {
      openapi: '3.0.0',
      paths: { '/tasks/{id}': { get: { operationId: 'getTask', responses: { 200: { content: { 'application/json': { schema: { type: 'object', properties: { assignee: { allOf: [{ $ref: '#/components/schemas/User' }, { nullable: true }] } } } } } } } } } },
      components: { schemas: { User: { type: 'object', required: ['gid'], properties: { gid: { type: 'string' } } } } },
    };
    const validator = createResponseValidator(document);
    expect(validator.validate({ method: 'GET', path: '/tasks/1', status: 200, body: { assignee: null } }).ok).toBe(true);
    expect(validator.validate({ method: 'GET', path: '/tasks/1', status: 200, body: { assignee: { gid: '1' } } }).ok).toBe(true);
    expect(validator.validate({ method: 'GET', path: '/tasks/1', status: 200, body: { assignee: { gid: 1 } } }).ok).toBe(false);
  });
});
