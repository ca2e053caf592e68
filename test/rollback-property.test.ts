// Property: random agent sessions interleaved with random edits by another person; after rollback every
// field the agent changed and nobody else touched is back at its pre-state, and every human change stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter, type Note } from '@backspace/testkit';
import { AGENT_TOKEN, HUMAN_TOKEN } from './support/rig.js';

type Field = 'title' | 'body' | 'tags';
const FIELDS: Field[] = ['title', 'body', 'tags'];
const SEEDED = 3;

type Step =
  | { actor: 'agent'; kind: 'create'; title: string }
  | { actor: 'agent' | 'human'; kind: 'update'; target: number; fields: Partial<Record<Field, string>> }
  | { actor: 'human'; kind: 'comment'; target: number };

const value = (prefix: string) => fc.stringMatching(/^[a-c]{1,2}$/).map((text) => `${prefix}-${text}`);
const patch = (prefix: string) =>
  fc.record({ title: value(prefix), body: value(prefix), tags: value(prefix) }, { requiredKeys: [] }).filter((fields) => Object.keys(fields).length > 0);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ actor: fc.constant('agent' as const), kind: fc.constant('create' as const), title: value('agent') }),
  fc.record({ actor: fc.constant('agent' as const), kind: fc.constant('update' as const), target: fc.nat(8), fields: patch('agent') }),
  fc.record({ actor: fc.constant('human' as const), kind: fc.constant('update' as const), target: fc.nat(8), fields: patch('human') }),
  fc.record({ actor: fc.constant('human' as const), kind: fc.constant('comment' as const), target: fc.nat(8) }),
);

const read = (note: Note, field: Field) => (field === 'tags' ? note.tags.join(',') : note[field]);

describe('rollback property', () => {
  it('restores what only the agent changed and keeps every change by someone else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const service = new NotesService();
        const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createNotesAdapter({ service, token: AGENT_TOKEN })], policy: [], retry: { baseDelayMs: 1 } });
        const ids: string[] = [];
        for (let index = 0; index < SEEDED; index += 1) ids.push((await service.create(HUMAN_TOKEN, { title: `seed-${index}`, body: 'seed', tags: ['seed'] })).id);
        const initial = new Map(service.inspect().map((note) => [note.id, note]));
        const agentCreated = new Set<string>();
        const humanLast = new Map<string, string>(); // `${id}.${field}` -> last value a human wrote
        const humanTouched = new Set<string>(); // note ids a human edited or commented on

        const session = await runtime.startSession({ agentId: 'prop' });
        for (const current of steps) {
          if (current.kind === 'create') {
            const note = await session.run('notes.note.create', { title: current.title });
            ids.push(note.id);
            agentCreated.add(note.id);
            continue;
          }
          const id = ids[current.target % ids.length]!;
          if (current.kind === 'comment') {
            await service.comment(HUMAN_TOKEN, id, 'human comment');
            humanTouched.add(id);
          } else if (current.actor === 'human') {
            await service.update(HUMAN_TOKEN, id, toPatch(current.fields));
            humanTouched.add(id);
            for (const [field, written] of Object.entries(current.fields)) humanLast.set(`${id}.${field}`, written);
          } else {
            await session.run('notes.note.update', { id, ...toPatch(current.fields) });
          }
        }
        await session.end();
        const report = await runtime.rollback(session.id);
        expect(report.byOutcome.failed).toBe(0);

        const final = new Map(service.inspect().map((note) => [note.id, note]));
        for (const id of ids) {
          const note = final.get(id);
          if (agentCreated.has(id)) {
            if (!humanTouched.has(id)) {
              expect(note, `agent note ${id} nobody touched is gone`).toBeUndefined();
              continue;
            }
            expect(note, `agent note ${id} a human built on stays`).toBeDefined();
          }
          const before = initial.get(id);
          for (const field of FIELDS) {
            const human = humanLast.get(`${id}.${field}`);
            if (human !== undefined) expect(read(note!, field), `${id}.${field} keeps the human's value`).toBe(human);
            else if (before) expect(read(note!, field), `${id}.${field} is back at its pre-state`).toBe(read(before, field));
          }
          const humanComments = note?.comments.filter((comment) => comment.text === 'human comment').length ?? 0;
          if (note) expect(humanComments).toBe(note.comments.length);
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

function toPatch(fields: Partial<Record<Field, string>>): { title?: string; body?: string; tags?: string[] } {
  const { tags, ...text } = fields;
  return { ...text, ...(tags !== undefined ? { tags: tags.split(',') } : {}) };
}
