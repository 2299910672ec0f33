/**
 * Failed sign-ins, counted per key (a username, a client address), so that passwords
 * cannot be guessed at the rate scrypt allows. After `limit` failures within `windowMs`
 * the key is locked for `lockMs`, doubled at each lock that follows without a quiet
 * window in between (15 min, 30 min, 1 h, … up to a day); attempts while locked are
 * refused before any password is checked, the right password included.
 *
 * Attempts still being checked count as failures until they end, so that a burst of
 * concurrent guesses (scrypt runs off the event loop now) cannot slip past the limit.
 *
 * Kept in memory, which is right for one process: several processes (issue 12) would
 * each count on their own, and need the counts in the database. Bounded: past
 * `capacity` keys, entries whose lock and window have passed are dropped, then the
 * least recently failed, so that an attacker who makes up names cannot grow it without end.
 */

export interface ThrottleLimits {
  /** Failures within the window that lock the key. */
  readonly limit: number;
  readonly windowMs: number;
  /** The first lock; each following one doubles, up to maxLockMs. */
  readonly lockMs: number;
  readonly maxLockMs: number;
  /** Keys remembered at most. */
  readonly capacity: number;
}

interface Entry {
  /** When each failure of the current window happened (ms). */
  failures: number[];
  /** Attempts started and not yet ended. */
  inFlight: number;
  lockedUntil: number;
  /** Locks so far without a quiet window between them: the next lock lasts lockMs × 2^strikes. */
  strikes: number;
  /** The last failure, or the end of the last lock: an entry quiet for a whole window after it is forgotten. */
  lastSeen: number;
}

export interface FailureThrottle {
  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number;
  /** An attempt starts: it counts against the limit until it ends. */
  begin(key: string, now: number): void;
  /** The attempt ended; a failure is counted and may lock the key. */
  end(key: string, now: number, failed: boolean): void;
  /** Forgets the key's failures and locks (a user who signed in). */
  clear(key: string): void;
  readonly size: number;
}

/** While another attempt of the key is being checked: as long as scrypt takes, rounded up. */
const IN_FLIGHT_RETRY_SECONDS = 1;

export function failureThrottle(limits: ThrottleLimits): FailureThrottle {
  // Map order is insertion order: re-inserting on every failure keeps the least recent first.
  const entries = new Map<string, Entry>();

  const recent = (entry: Entry, now: number) => entry.failures.filter((at) => now - at < limits.windowMs);
  const forgettable = (entry: Entry, now: number) => entry.inFlight === 0 && entry.lockedUntil <= now && now - entry.lastSeen >= limits.windowMs;

  function makeRoom(now: number): void {
    if (entries.size < limits.capacity) return;
    for (const [key, entry] of entries) if (forgettable(entry, now)) entries.delete(key);
    for (const key of entries.keys()) {
      if (entries.size < limits.capacity) break;
      entries.delete(key);
    }
  }

  function entryOf(key: string, now: number): Entry {
    const found = entries.get(key);
    if (found !== undefined) {
      if (!forgettable(found, now)) return found;
      entries.delete(key);
    }
    makeRoom(now);
    const made: Entry = { failures: [], inFlight: 0, lockedUntil: 0, strikes: 0, lastSeen: now };
    entries.set(key, made);
    return made;
  }

  return {
    retryAfter(key, now) {
      const entry = entries.get(key);
      if (entry === undefined) return 0;
      if (entry.lockedUntil > now) return Math.ceil((entry.lockedUntil - now) / 1000);
      return recent(entry, now).length + entry.inFlight >= limits.limit ? IN_FLIGHT_RETRY_SECONDS : 0;
    },
    begin(key, now) {
      entryOf(key, now).inFlight++;
    },
    end(key, now, failed) {
      const entry = entryOf(key, now);
      entry.inFlight = Math.max(0, entry.inFlight - 1);
      if (!failed) return;
      entry.failures = [...recent(entry, now), now];
      entry.lastSeen = now;
      entries.delete(key);
      entries.set(key, entry);
      if (entry.failures.length < limits.limit) return;
      entry.lockedUntil = now + Math.min(limits.lockMs * 2 ** entry.strikes, limits.maxLockMs);
      entry.strikes++;
      entry.failures = [];
      entry.lastSeen = entry.lockedUntil;
    },
    clear(key) {
      const entry = entries.get(key);
      if (entry === undefined) return;
      // An attempt of the same user still being checked keeps counting until it ends.
      if (entry.inFlight > 0) Object.assign(entry, { failures: [], lockedUntil: 0, strikes: 0 });
      else entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The address a client's attempts are counted under. IPv4 (also when written as
 * ::ffff:a.b.c.d) as it is; IPv6 by its /64, which one subscriber usually holds whole.
 */
export function addressKey(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (v4) return v4[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
