import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../contract/journal.js';
import { GENESIS_HASH, canonicalJson, entryHash, verifyChain } from './hash-chain.js';
import { entryFields } from './stored-entry.js';

/** Entries of sessions `a` and `b` interleaved, each session its own chain, numbered with a gap at 4. */
function twoChains(anchor = GENESIS_HASH): JournalEntry[] {
  const heads = new Map<string, string>();
  return [
    [1, 'a'],
    [2, 'b'],
    [3, 'a'],
    [5, 'a'],
    [6, 'b'],
  ].map(([seq, sessionId]) => chained(seq as number, sessionId as string, heads, anchor));
}

function chained(seq: number, sessionId: string, heads: Map<string, string>, anchor: string): JournalEntry {
  const { fields } = entryFields({ type: 'action.intent', sessionId, data: { seq } });
  const entry = { ...fields, seq, prevHash: heads.get(sessionId) ?? anchor, hash: '' };
  entry.hash = entryHash(entry);
  heads.set(sessionId, entry.hash);
  return entry;
}

const bySession = { chainOf: (entry: JournalEntry) => (entry.sessionId === 'a' ? 0 : 1) };

describe('verifyChain over several chains', () => {
  it('accepts chains that interleave and a seq that skips a number', () => {
    expect(verifyChain(twoChains(), bySession)).toEqual({ ok: true, entries: 5 });
  });

  it('still reads them as one chain, and fails, when no layout is given', () => {
    expect(verifyChain(twoChains())).toMatchObject({ ok: false, firstBad: { seq: 2 } });
  });

  it('names the next entry of the chain an entry was removed from', () => {
    const entries = twoChains().filter((entry) => entry.seq !== 3);
    expect(verifyChain(entries, bySession)).toMatchObject({ ok: false, firstBad: { seq: 5, reason: expect.stringContaining('does not link') } });
  });

  it('names an edited entry', () => {
    const entries = twoChains();
    entries[1] = { ...entries[1]!, data: { seq: 99 } };
    expect(verifyChain(entries, bySession)).toMatchObject({ ok: false, firstBad: { seq: 2, reason: expect.stringContaining('edited') } });
  });

  it('names an entry moved to another chain, since its session is part of what was hashed', () => {
    const entries = twoChains();
    entries[4] = { ...entries[4]!, sessionId: 'a' };
    expect(verifyChain(entries, bySession)).toMatchObject({ ok: false, firstBad: { seq: 6 } });
  });

  it('names the first entry out of place when entries come reordered', () => {
    const entries = twoChains();
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    expect(verifyChain(entries, bySession)).toMatchObject({ ok: false, firstBad: { seq: 5 } });
    expect(verifyChain([entries[1]!, entries[0]!], bySession)).toMatchObject({ ok: false, firstBad: { seq: 1, reason: expect.stringContaining('reordered') } });
  });

  it('starts every chain from the anchor it is given', () => {
    const anchor = 'a'.repeat(64);
    expect(verifyChain(twoChains(anchor), { ...bySession, anchor })).toEqual({ ok: true, entries: 5 });
    expect(verifyChain(twoChains(anchor), bySession)).toMatchObject({ ok: false, firstBad: { seq: 1 } });
  });
});

describe('canonicalJson', () => {
  it('writes what JSON.stringify writes, with keys sorted', () => {
    const value = { b: [1, undefined, 'x'], a: { toJSON: 'just a field' }, skipped: undefined, at: new Date('2026-01-01T00:00:00.000Z') };
    expect(canonicalJson(value as never)).toBe('{"a":{"toJSON":"just a field"},"at":"2026-01-01T00:00:00.000Z","b":[1,null,"x"]}');
    expect(JSON.parse(canonicalJson(value as never))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
