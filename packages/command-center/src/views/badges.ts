// Statuses and outcomes as badges: a colour for a glance, always with the word beside it.
import { html, type Html } from '../html.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'other' | 'muted';

/** Every status, outcome and phase the pages show, with its tone (the script uses the same map). */
export const TONES: Record<string, Tone> = {
  // plan statuses
  undo: 'info', partial: 'warn', conflict: 'warn', 'already-undone': 'muted', gone: 'muted', expired: 'other', irreversible: 'other', unreachable: 'bad',
  // rollback outcomes and phases
  verified: 'ok', corrected: 'ok', skipped: 'muted', failed: 'bad', waiting: 'muted', started: 'info', finished: 'ok',
  // actions
  committed: 'ok', 'in flight': 'warn', unknown: 'bad', rejected: 'bad', blocked: 'bad', 'awaiting approval': 'warn', approved: 'ok', denied: 'bad',
  compensated: 'ok', running: 'warn', ended: 'muted', 'rolled-back': 'info',
  // integrity
  intact: 'ok', broken: 'bad',
};

export function toneClass(word: string): string {
  return `tone-${TONES[word] ?? 'muted'}`;
}

export function badge(word: string, label: string = word): Html {
  return html`<span class="badge ${toneClass(word)}">${label}</span>`;
}
