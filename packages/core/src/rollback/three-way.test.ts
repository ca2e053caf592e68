import { describe, expect, it } from 'vitest';
import type { Compensation } from '../contract/compensation.js';
import { assessGuarded, assessRestoreFields } from './three-way.js';

const restore = (pre: Record<string, string>, post: Record<string, string>): Compensation => ({
  operation: 'restore',
  resource: { provider: 'p', type: 't', id: '1' },
  input: {},
  strategy: 'restore-fields',
  fields: Object.keys(post),
  pre,
  post,
  expect: { fields: pre },
  description: 'restore',
});

describe('three-way check', () => {
  it('restores only fields with pre != post and current == post', () => {
    const compensation = restore({ a: '0', b: '0', c: '0' }, { a: '1', b: '1', c: '0' });
    expect(assessRestoreFields(compensation, { a: '1', b: '1', c: 'x' })).toMatchObject({ status: 'undo', restore: ['a', 'b'] });
    expect(assessRestoreFields(compensation, { a: '1', b: 'human', c: '0' })).toMatchObject({ status: 'partial', restore: ['a'] });
    expect(assessRestoreFields(compensation, { a: 'h', b: 'h', c: '0' })).toMatchObject({ status: 'conflict', restore: [] });
    expect(assessRestoreFields(compensation, { a: '0', b: '0', c: '0' })).toMatchObject({ status: 'already-undone' });
    expect(assessRestoreFields(compensation, null)).toMatchObject({ status: 'gone' });
  });

  it("keeps a field holding the agent's value that the provider's history says someone else set since", () => {
    const compensation = restore({ state: 'open', title: 'old' }, { state: 'closed', title: 'new' });
    const assessed = assessRestoreFields(compensation, { state: 'closed', title: 'new' }, new Map([['state', 'set again by octo-human since']]));
    expect(assessed).toMatchObject({ status: 'partial', restore: ['title'], reason: expect.stringContaining('state (set again by octo-human since)') });
    expect(assessed.fields?.find((check) => check.field === 'state')).toMatchObject({ decision: 'keep', setSince: 'set again by octo-human since' });
    expect(assessRestoreFields(compensation, { state: 'closed', title: 'new' }, new Map([['state', 'x'], ['title', 'y']]))).toMatchObject({ status: 'conflict', restore: [] });
  });

  it('guards a whole-resource undo on the fields others could have built on', () => {
    const create: Compensation = { ...restore({}, { comments: '0', title: 'x' }), strategy: 'guarded', pre: null, expect: { absent: true } };
    expect(assessGuarded(create, { comments: '0', title: 'x' })).toMatchObject({ status: 'undo' });
    expect(assessGuarded(create, { comments: '2', title: 'x' })).toMatchObject({ status: 'conflict', reason: expect.stringMatching(/comments/) });
    expect(assessGuarded(create, null)).toMatchObject({ status: 'already-undone' });
    const close: Compensation = { ...create, expect: { fields: { state: 'closed' } } };
    expect(assessGuarded(close, null)).toMatchObject({ status: 'gone' });
  });

  it('compares every field a prefix names in a guarded undo: one someone added since is theirs', () => {
    const close: Compensation = { ...restore({}, {}), strategy: 'guarded', fields: ['title', 'label:*'], pre: null, post: { title: 'x', 'label:bug': true }, expect: { fields: { state: 'closed' } } };
    expect(assessGuarded(close, { title: 'x', state: 'open', 'label:bug': true, 'label:docs': null })).toMatchObject({ status: 'undo' });
    expect(assessGuarded(close, { title: 'x', state: 'open', 'label:bug': true, 'label:docs': true })).toMatchObject({ status: 'conflict', reason: expect.stringMatching(/label:docs changed/) });
    expect(assessGuarded(close, { title: 'x', state: 'open' })).toMatchObject({ status: 'conflict', reason: expect.stringMatching(/label:bug changed/) });
  });

  it('treats what others put inside a container as a conflict, and what this rollback removes first as not', () => {
    const create: Compensation = {
      ...restore({}, { title: 'x', children: [] as never }),
      strategy: 'guarded',
      pre: null,
      fields: ['title'],
      contents: 'children',
      expect: { absent: true },
    };
    const current = { title: 'x', children: ['p.block:mine', 'p.block:theirs'] };
    expect(assessGuarded(create, current, new Set(['p.block:mine', 'p.block:theirs']))).toMatchObject({ status: 'undo' });
    expect(assessGuarded(create, current, new Set(['p.block:mine']))).toMatchObject({ status: 'conflict', foreign: ['p.block:theirs'], reason: expect.stringMatching(/p\.block:theirs put inside it by others/) });
    expect(assessGuarded({ ...create, post: { title: 'x', children: ['p.block:theirs'] } }, current, new Set(['p.block:mine']))).toMatchObject({ status: 'undo' });
  });

  it('counts what newer steps of the rollback put back inside a container, unless the rollback also takes it away', () => {
    const create: Compensation = { ...restore({}, { title: 'x', children: [] as never }), strategy: 'guarded', pre: null, fields: ['title'], contents: 'children', expect: { absent: true } };
    const empty = { title: 'x', children: [] };
    expect(assessGuarded(create, empty, new Set(), new Set(['t.task:theirs']))).toMatchObject({ status: 'conflict', foreign: ['t.task:theirs'] });
    expect(assessGuarded(create, empty, new Set(['t.task:mine']), new Set(['t.task:mine']))).toMatchObject({ status: 'undo' });
  });
});
