import { describe, expect, it } from 'vitest';
import { createGithubAdapter } from './github-adapter.js';
import { branchRef, fileRef, issueRef, pullRef } from './resources.js';

describe('GitHub resources as people know them', () => {
  const github = createGithubAdapter({ token: 'ghp_placeholder' });

  it('names an issue by repository, number and title, linked on github.com', () => {
    expect(github.describe!(issueRef('Octo-Org', 'widgets', 12), { title: 'Checkout fails with a gift card' })).toEqual({
      label: 'issue octo-org/widgets#12 "Checkout fails with a gift card"',
      url: 'https://github.com/octo-org/widgets/issues/12',
    });
    expect(github.describe!(pullRef('octo-org', 'widgets', 2), null)).toEqual({ label: 'pull request octo-org/widgets#2', url: 'https://github.com/octo-org/widgets/pull/2' });
    // A pull request's create is journaled on the issue of its number; its state (with a head) names it a pull request.
    expect(github.describe!(issueRef('octo-org', 'widgets', 3), { title: 'Tidy up', head: 'tidy' })).toEqual({ label: 'pull request octo-org/widgets#3 "Tidy up"', url: 'https://github.com/octo-org/widgets/pull/3' });
  });

  it('names branches and files, and links GitHub Enterprise through its web root', () => {
    const enterprise = createGithubAdapter({ token: 'ghp_placeholder', baseUrl: 'https://ghe.example.com/api/v3' });
    expect(enterprise.describe!(branchRef('octo-org', 'widgets', 'agent/fix'), null)).toEqual({ label: 'branch agent/fix in octo-org/widgets', url: 'https://ghe.example.com/octo-org/widgets/tree/agent/fix' });
    expect(enterprise.describe!(fileRef('octo-org', 'widgets', 'main', 'src/pricing.js'), null).label).toBe('src/pricing.js on main in octo-org/widgets');
  });

  it('gives no link where the web address is unknown (a simulator)', () => {
    const simulated = createGithubAdapter({ token: 'ghp_placeholder', baseUrl: 'http://127.0.0.1:4010' });
    expect(simulated.describe!(issueRef('octo-org', 'widgets', 1), { title: 'x' })).toEqual({ label: 'issue octo-org/widgets#1 "x"' });
  });
});
