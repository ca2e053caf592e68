// Which kind of Asana token a string is: the adapter and the simulator decide the same way.

/**
 * Asana personal access tokens start with their format version, `1/` or `2/` (`2/<user>/<id>:<secret>`).
 * Any other bearer token is taken for an OAuth app's access token, the only kind that may write a
 * task's `external` data (and so the only kind whose writes can carry an idempotency key there).
 */
export type AsanaTokenKind = 'personal' | 'oauth';

export function asanaTokenKind(token: string): AsanaTokenKind {
  return /^[12]\//.test(token) ? 'personal' : 'oauth';
}
