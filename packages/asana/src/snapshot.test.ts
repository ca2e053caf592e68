// A task's snapshot from a write's answer: the same form a read gives, and nothing the answer does not say.
import { describe, expect, it } from 'vitest';
import { answeredTask, taskSnapshot } from './snapshot.js';

const task = {
  gid: '1201',
  name: 'Call ACME',
  notes: '',
  assignee: null,
  due_on: '2026-05-01',
  due_at: null,
  start_on: null,
  completed: false,
  parent: null,
  memberships: [{ project: { gid: '1301' }, section: { gid: '1401' } }],
  tags: [{ gid: '1501' }],
  followers: [],
  custom_fields: [],
};

describe('asana: a task as a write answered it', () => {
  it('is the snapshot a read gives, the relations it put on or took off named either way', () => {
    const answered = answeredTask(task, ['tag:1501', 'tag:1502', 'follower:1601', 'project:1302', 'completed']);
    expect(answered).toEqual({ ...taskSnapshot(task), 'tag:1502': null, 'follower:1601': null, 'project:1302': null });
    expect(answered?.['tag:1501']).toBe(true);
  });

  it('says nothing when the answer lacks what a snapshot is built from (an empty object, or fields left out)', () => {
    expect(answeredTask(undefined, ['tag:1501'])).toBeUndefined();
    expect(answeredTask({}, ['tag:1501'])).toBeUndefined();
    const { tags: _tags, ...withoutTags } = task;
    expect(answeredTask(withoutTags, ['tag:1501'])).toBeUndefined();
  });
});
