// Lines the engine writes with resource keys in them, as an operator reads them.
import { describe, expect, it } from 'vitest';
import { withResourceNames as withNames } from '@backspace/core';
import { labelsByKey } from './describe.js';

describe('withNames', () => {
  const labels = labelsByKey(
    [
      { actionId: 'a1', resource: 'linear.issue:ad8b97ad' },
      { actionId: 'a2', resource: 'github.issue:octo/widgets#1' },
      { actionId: 'a3', resource: 'github.issue:octo/widgets#12' },
      { actionId: 'a4', resource: 'asana.task:1204' },
    ],
    new Map([
      ['a1', { label: 'issue ENG-5 "Checkout fails"' }],
      ['a2', { label: 'issue #1 "Flaky test"' }],
      ['a3', { label: 'issue #12 "Release notes"' }],
    ]),
  );

  it('puts each described resource by its name and leaves keys nobody described', () => {
    expect(withNames('linear.issue.create on linear.issue:ad8b97ad: left in place (linear.comment:77 put inside it by others)', labels)).toBe(
      'linear.issue.create on issue ENG-5 "Checkout fails": left in place (linear.comment:77 put inside it by others)',
    );
    expect(withNames('restore asana.task:1204', labels)).toBe('restore asana.task:1204');
  });

  it('does not split a longer key that begins with a shorter one', () => {
    expect(withNames('github.issue:octo/widgets#12 and github.issue:octo/widgets#1', labels)).toBe('issue #12 "Release notes" and issue #1 "Flaky test"');
  });
});
