/**
 * Tokens recently authenticated, so that a request does not read its token and its user
 * from the database again: token id → the stored secret hash and the actor. The secret
 * a request presents is still checked against the hash every time (a wrong secret is
 * refused as before); only successes are kept, so an unknown token is always looked up.
 *
 * Bounded (past `capacity` the oldest entry goes) and short-lived (`ttlMs`). The session
 * service clears it whenever this process adds a user or issues a token. With several
 * processes, a change made by another one (a revoked token, a changed user, once there is
 * a way to do either: there is none yet) is seen here only when the entry's TTL has passed.
 */
import type { Actor } from './actor.js';

export interface CachedToken {
  readonly secretHash: string;
  readonly actor: Actor;
}

export interface TokenCache {
  get(tokenId: string, now: number): CachedToken | undefined;
  keep(tokenId: string, entry: CachedToken, now: number): void;
  clear(): void;
  readonly size: number;
}

export function tokenCache(ttlMs: number, capacity: number): TokenCache {
  // Map order is insertion order: the first entry is the oldest.
  const entries = new Map<string, CachedToken & { readonly until: number }>();
  return {
    get(tokenId, now) {
      const found = entries.get(tokenId);
      if (found === undefined) return undefined;
      // Expired, or kept at a time later than now (a clock set back): read again.
      if (now >= found.until || found.until - now > ttlMs) {
        entries.delete(tokenId);
        return undefined;
      }
      return found;
    },
    keep(tokenId, entry, now) {
      entries.delete(tokenId);
      entries.set(tokenId, { ...entry, until: now + ttlMs });
      while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
