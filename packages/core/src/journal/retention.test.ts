// Which entries a prune may take: sessions whole, a prefix of the journal, periods people write.
import { describe, expect, it } from 'vitest';
import type { Json } from '../contract/json.js';
import type { EntryType, JournalEntry } from '../contract/journal.js';
import { parseRetention, planPrune } from './retention.js';

const OLD = '2026-01-01T00:00:00.000Z';
const CUTOFF = new Date('2026-06-01T00:00:00.000Z');

function entries(rows: [type: EntryType, sessionId: string | null, at?: string][]): JournalEntry[] {
  return rows.map(([type, sessionId, at = OLD], index) => ({
    seq: index + 1, id: `e${index + 1}`, at, type, sessionId, agentId: 'bot', actionId: null, action: null, idempotencyKey: null, resource: null, correlationId: null,
    data: (type === 'kill' ? { scope: 'all' } : {}) as Json, prevHash: '', hash: `h${index + 1}`,
  }));
}

describe('planPrune', () => {
  it('never takes part of a session: one that spans an entry the prune cannot take stays whole', () => {
    const journal = entries([['session.started', 'a'], ['session.started', 'b'], ['session.ended', 'b'], ['kill', null], ['session.ended', 'a']]);
    const plan = planPrune(journal, CUTOFF);
    expect([plan.throughSeq, plan.sessions]).toEqual([0, []]);
    expect(plan.heldBack).toEqual({ seq: 4, reason: 'the kill at entry 4 is still in force' });
  });

  it('takes a session rolled back but never ended, and keeps the one ended after the cutoff', () => {
    const journal = entries([['session.started', 'a'], ['rollback.finished', 'a'], ['session.started', 'b'], ['session.ended', 'b', '2026-07-01T00:00:00.000Z']]);
    const plan = planPrune(journal, CUTOFF);
    expect([plan.throughSeq, plan.sessions]).toEqual([2, ['a']]);
    expect(plan.heldBack?.reason).toBe('session b has entries within the retention period');
  });
});

describe('parseRetention', () => {
  it('reads hours, days and weeks, and refuses anything else by name', () => {
    expect([parseRetention('36h'), parseRetention('90d'), parseRetention('2w')]).toEqual([36 * 3_600_000, 90 * 86_400_000, 14 * 86_400_000]);
    for (const bad of ['0d', '90', '3 months', '-1d', '1.5d']) expect(() => parseRetention(bad, '--older-than')).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining(`--older-than: "${bad}"`) }));
  });
});
