// Resource references: the stable name of a provider object an action touches.

export interface ResourceRef {
  /** `github`, `slack`, ... */
  provider: string;
  /** `issue`, `message`, `page`, ... */
  type: string;
  /** Provider-stable id, e.g. `octo/repo#12`, `C123/1700000000.000100`. */
  id: string;
}

/** `github.issue:octo/repo#12`: the form stored in the journal and used to index it. */
export function resourceKey(ref: ResourceRef): string {
  return `${ref.provider}.${ref.type}:${ref.id}`;
}

export function parseResourceKey(key: string): ResourceRef {
  const colon = key.indexOf(':');
  const dot = key.indexOf('.');
  if (colon < 0 || dot < 0 || dot > colon) throw new TypeError(`not a resource key: ${key}`);
  return { provider: key.slice(0, dot), type: key.slice(dot + 1, colon), id: key.slice(colon + 1) };
}
