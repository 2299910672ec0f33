/**
 * The rule for failed sign-ins, counted per key (a username, a client address), so
 * that passwords cannot be guessed at the rate scrypt allows. After `limit` failures
 * within `windowMs` the key is locked for `lockMs`, doubled at each lock that follows
 * without a quiet window in between (15 min, 30 min, 1 h, … up to a day); attempts
 * while locked are refused before any password is checked, the right password included.
 *
 * Attempts still being checked count as failures until they end, so that a burst of
 * concurrent guesses (scrypt runs off the event loop) cannot slip past the limit.
 *
 * Pure: the state is kept in the database, shared by every service process
 * (shared-throttle.ts), which also counts the attempts in flight.
 */

export interface ThrottleLimits {
  /** Failures within the window that lock the key. */
  readonly limit: number;
  readonly windowMs: number;
  /** The first lock; each following one doubles, up to maxLockMs. */
  readonly lockMs: number;
  readonly maxLockMs: number;
}

/** While another attempt of the key is being checked: as long as scrypt takes, rounded up. */
export const IN_FLIGHT_RETRY_SECONDS = 1;

/** A key's failures and locks: what every process must agree on. */
export interface FailureState {
  /** When each failure of the current window happened (ms). */
  readonly failures: readonly number[];
  readonly lockedUntil: number;
  /** Locks so far without a quiet window between them: the next lock lasts lockMs × 2^strikes. */
  readonly strikes: number;
  /** The last failure, or the end of the last lock: a key quiet for a whole window after it is forgotten. */
  readonly lastSeen: number;
}

export const NO_FAILURES: FailureState = { failures: [], lockedUntil: 0, strikes: 0, lastSeen: 0 };

/** The failures within the window before `now`. */
export const recentFailures = (state: FailureState, now: number, limits: ThrottleLimits): number[] => state.failures.filter((at) => now - at < limits.windowMs);

/** Whether a key's state can be dropped: no lock, and quiet for a whole window. */
export const isForgettable = (state: FailureState, now: number, limits: ThrottleLimits): boolean =>
  state.lockedUntil <= now && now - state.lastSeen >= limits.windowMs;

/**
 * The state after a failure at `now`: the `limit`-th failure in the window locks the
 * key, each lock twice the one before; a key quiet for a whole window since its last
 * lock or failure starts again from nothing.
 */
export function afterFailure(state: FailureState, now: number, limits: ThrottleLimits): FailureState {
  const from = isForgettable(state, now, limits) ? NO_FAILURES : state;
  const failures = [...recentFailures(from, now, limits), now];
  if (failures.length < limits.limit) return { ...from, failures, lastSeen: now };
  const lockedUntil = now + Math.min(limits.lockMs * 2 ** from.strikes, limits.maxLockMs);
  return { failures: [], lockedUntil, strikes: from.strikes + 1, lastSeen: lockedUntil };
}

/** Seconds until a key may try again: its lock, else a moment while failures and attempts in flight reach the limit; 0 when it may now. */
export function secondsToWait(state: FailureState, inFlight: number, now: number, limits: ThrottleLimits): number {
  if (state.lockedUntil > now) return Math.ceil((state.lockedUntil - now) / 1000);
  return recentFailures(state, now, limits).length + inFlight >= limits.limit ? IN_FLIGHT_RETRY_SECONDS : 0;
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
