import { describe, expect, it } from 'vitest';
import type { Json } from '../contract/json.js';
import { REDACTED, redactPaths, scrubSecrets } from './redact.js';

describe('redaction', () => {
  it('redacts named fields, with * for any key or index, without touching the original', () => {
    const input: Json & { auth: { password: string } } = { auth: { password: 'p' }, items: [{ secret: 'a', keep: 1 }, { secret: 'b' }], plain: 'x' };
    expect(redactPaths(input, ['auth.password', 'items.*.secret'])).toEqual({ auth: { password: REDACTED }, items: [{ secret: REDACTED, keep: 1 }, { secret: REDACTED }], plain: 'x' });
    expect(input.auth.password).toBe('p');
  });

  it('scrubs secret values wherever they hide, keys included', () => {
    expect(scrubSecrets({ text: 'Bearer xoxb-123456', ['xoxb-123456']: ['xoxb-123456!'] }, ['xoxb-123456'])).toEqual({ text: `Bearer ${REDACTED}`, [REDACTED]: [`${REDACTED}!`] });
  });
});
