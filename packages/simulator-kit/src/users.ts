// Per-token users: each distinct token is a distinct person, so a second SDK client acts as a human.
import type { SimulatorUser } from './types.js';

export interface UserIdentity {
  id: string;
  name: string;
}

export interface UserRegistryOptions {
  /** Known tokens and who they belong to; any other token gets a user on first use. */
  users?: Record<string, UserIdentity>;
  /** Names the users created on first use; `ordinal` counts them from 1. Default `user-<n>`. */
  createUser?: (token: string, ordinal: number) => UserIdentity;
}

export interface UserRegistry {
  /** The same token always gives the same user. */
  forToken(token: string): SimulatorUser;
  all(): SimulatorUser[];
}

export function createUserRegistry(options: UserRegistryOptions = {}): UserRegistry {
  const byToken = new Map<string, SimulatorUser>();
  for (const [token, identity] of Object.entries(options.users ?? {})) byToken.set(token, { token, ...identity });
  const takenIds = new Set([...byToken.values()].map((user) => user.id));
  let ordinal = 0;

  const nextIdentity = (token: string): UserIdentity => {
    if (options.createUser) return options.createUser(token, ++ordinal);
    // Skip ids the configured users already hold, so two tokens never share an id.
    let identity: UserIdentity;
    do {
      ordinal += 1;
      identity = { id: `user-${ordinal}`, name: `user-${ordinal}` };
    } while (takenIds.has(identity.id));
    return identity;
  };

  return {
    forToken(token) {
      let user = byToken.get(token);
      if (!user) {
        user = { token, ...nextIdentity(token) };
        byToken.set(token, user);
        takenIds.add(user.id);
      }
      return user;
    },
    all: () => [...byToken.values()],
  };
}

/**
 * The token a request carries: `Authorization: Bearer X` (Notion, Asana, Slack, Linear OAuth),
 * `token X` (GitHub), a bare `Authorization: X` (Linear API keys), or a `token` body field (Slack
 * form posts).
 */
export function tokenFromRequest(headers: Readonly<Record<string, string>>, body: unknown): string | undefined {
  const authorization = headers['authorization']?.trim();
  if (authorization) {
    const scheme = /^(bearer|token)\s+(.+)$/i.exec(authorization);
    if (scheme) return scheme[2]?.trim();
    // `Bearer ` with nothing after it (trimmed to the bare scheme) carries no token.
    if (/^(bearer|token)$/i.test(authorization)) return undefined;
    if (!/\s/.test(authorization)) return authorization;
  }
  if (body !== null && typeof body === 'object' && 'token' in body) {
    const token = (body as { token: unknown }).token;
    if (typeof token === 'string' && token !== '') return token;
  }
  return undefined;
}
