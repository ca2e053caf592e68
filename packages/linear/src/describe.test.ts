import { describe, expect, it } from 'vitest';
import { createLinearAdapter } from './linear-adapter.js';

describe('Linear resources as people know them', () => {
  const linear = createLinearAdapter({ token: 'lin_api_placeholder' });

  it('names an issue by its identifier and title rather than its UUID', () => {
    expect(linear.describe!({ provider: 'linear', type: 'issue', id: '568b9e02-ddac-588d-88be-03c51f84d2aa' }, { identifier: 'ENG-6', title: 'Checkout fails with a 500' })).toEqual({ label: 'issue ENG-6 "Checkout fails with a 500"' });
  });

  it('names a comment by its first words, and keeps the id when nothing else is known', () => {
    expect(linear.describe!({ provider: 'linear', type: 'comment', id: 'c-1' }, { body: 'ACME confirmed this one also fails with store credit, not just gift cards.' }).label).toBe('comment "ACME confirmed this one also fails with store c…"');
    expect(linear.describe!({ provider: 'linear', type: 'issue', id: 'u-1' }, null)).toEqual({ label: 'issue u-1' });
  });
});
