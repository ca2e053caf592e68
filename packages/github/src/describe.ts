// GitHub objects as people know them: an issue's number and title, a branch, a file on a branch, with a
// link to github.com (or GitHub Enterprise) where the API root tells where the web app is.
import { quoted, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';
import { parseRef } from './resources.js';

/** The web root that serves the repositories of an API root: api.github.com and GHE's /api/v3. */
export function webRoot(baseUrl: string | undefined): string | null {
  if (!baseUrl || /^https:\/\/api\.github\.com\/?$/.test(baseUrl)) return 'https://github.com';
  const enterprise = /^(https?:\/\/[^/]+)\/api\/v3\/?$/.exec(baseUrl);
  return enterprise ? enterprise[1]! : null;
}

export function describeGithubResource(resource: ResourceRef, snapshot: Snapshot | null, web: string | null): ResourceDescription {
  const { owner, repo, number, branch, path } = parseRef(resource);
  const where = `${owner}/${repo}`;
  const link = (suffix: string) => (web ? { url: `${web}/${where}/${suffix}` } : {});
  const title = typeof snapshot?.title === 'string' ? ` ${quoted(snapshot.title)}` : '';
  switch (resource.type) {
    case 'issue':
      // A pull request's create is journaled on its issue (its conversation); its state names its head.
      if (typeof snapshot?.head === 'string') return { label: `pull request ${where}#${number}${title}`, ...link(`pull/${number}`) };
      return { label: `issue ${where}#${number}${title}`, ...link(`issues/${number}`) };
    case 'pull':
      return { label: `pull request ${where}#${number}${title}`, ...link(`pull/${number}`) };
    case 'merge':
      return { label: `merge of pull request ${where}#${number}`, ...link(`pull/${number}`) };
    case 'comment':
      return { label: `comment ${number} in ${where}${snapshot?.body ? ` ${quoted(snapshot.body)}` : ''}` };
    case 'branch':
      return { label: `branch ${branch} in ${where}`, ...link(`tree/${branch}`) };
    case 'file':
      return { label: `${path} on ${branch || 'the default branch'} in ${where}`, ...(branch ? link(`blob/${branch}/${path}`) : {}) };
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
