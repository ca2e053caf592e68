// Times as an operator types them: an ISO time, a duration ago (`30m`, `2h`, `7d`), `today`, `yesterday`.
import { isCalendarTime } from '@backspace/command-center';
import { BackspaceError } from '@backspace/core';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The ISO time `value` names, relative forms counted back from `now`; anything else is `invalid_input`. */
export function parseTime(option: string, value: string, now = new Date()): string {
  const text = value.trim().toLowerCase();
  const ago = /^(\d+)\s*(s|m|min|h|d|w)$/.exec(text);
  if (ago) {
    // A duration reaching past the earliest time a Date holds is no time at all.
    const at = new Date(now.getTime() - Number(ago[1]) * UNIT_MS[ago[2]!]!);
    if (Number.isNaN(at.getTime())) throw new BackspaceError('invalid_input', `${option} "${value}" reaches back further than any time can be named; give a shorter duration or an ISO time`);
    return at.toISOString();
  }
  if (text === 'today' || text === 'yesterday') {
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (text === 'yesterday' ? 1 : 0));
    return midnight.toISOString();
  }
  // ISO 8601 only: Date.parse alone also takes "1" or "May" as some year, and it rolls an impossible
  // date or hour over (2026-02-30 as 2 March, 24:00 as the next day): each part must be one the calendar has.
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso && isCalendarTime(iso.slice(1).map((part) => (part === undefined ? 0 : Number(part)))) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new BackspaceError('invalid_input', `${option} must be an ISO time (2026-03-01 or 2026-03-01T09:30Z), a time ago (30m, 2h, 7d) or today / yesterday, got "${value}"`);
}
