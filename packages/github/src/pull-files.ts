// The files a pull request changes, every page of them: GitHub answers at most 100 a page, and lists at
// most 3000 in all, so a caller also learns whether the list is whole (against the pull's `changed_files`).
import type { GithubClient } from './client.js';

export interface PullFile {
  filename: string;
  status: string;
  sha: string | null;
}

/** Every file GitHub lists for the pull request; `complete` is false when it changed more than were listed. */
export async function listPullFiles(client: GithubClient, owner: string, repo: string, pull_number: number, changedFiles?: number): Promise<{ files: PullFile[]; complete: boolean }> {
  const files = (await client.octokit.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 })) as PullFile[];
  return { files, complete: changedFiles === undefined || files.length >= changedFiles };
}
